/* proxyhooks sign, proxyhooks send: sign requests the way Twilio does, and
 * post realistic signed examples to a deployment. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "proxyhooks/cli/cli.h"
#include "proxyhooks/hooks/hooks.h"
#include "proxyhooks/store/store.h"
#include "proxyhooks/web/examples.h"
#include "proxyhooks/web/signature.h"
#include "proxyhooks/web/tokens.h"
#include "proxyhooks/base/digest.h"
#include "proxyhooks/base/util.h"

/* name=value arguments into form; 2 (usage) on a malformed one. */
static int
form_from_args(struct form *form, int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (eq == NULL || eq == argv[i]) {
			cli_usage("'%s' is not name=value", argv[i]);
			return 2;
		}
		*eq = '\0';
		if (form_replace(form, argv[i], eq + 1) < 0) {
			*eq = '=';
			return 1;
		}
		*eq = '=';
	}
	return 0;
}

/* The first token of the token file (the primary). */
static int
sign_with_config(struct cli *cli, const char *token_file, const char *url,
    const struct form *form, char out[SIGNATURE_LEN + 1])
{
	struct tokens tokens;
	struct error err = { 0 };
	struct config *config;
	int rc;

	if (token_file == NULL) {
		if ((config = cli_config(cli)) == NULL)
			return -1;
		token_file = config->auth_token_file;
	}
	if (tokens_load(token_file, &tokens, &err) < 0) {
		fprintf(stderr, "proxyhooks: %s\n", err.message);
		return -1;
	}
	rc = signature_compute(url, form, tokens.list[0], out, &err);
	tokens_free(&tokens);
	if (rc < 0)
		fprintf(stderr, "proxyhooks: %s\n", err.message);
	return rc;
}

int
cli_sign(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "token-file", required_argument, NULL, 't' },
		{ "body-file", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct form form = { 0 };
	struct error err = { 0 };
	char signature[SIGNATURE_LEN + 1];
	const char *token_file = NULL, *body_file = NULL;
	char *body = NULL;
	size_t body_len = 0;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+", options, NULL)) != -1) {
		switch (c) {
		case 't':
			token_file = optarg;
			break;
		case 'b':
			body_file = optarg;
			break;
		case 'h':
			puts("usage: proxyhooks sign [--token-file FILE] [--body-file FILE|-] URL [name=value ...]\n"
			    "Print the X-Twilio-Signature Twilio would send for a POST of these\n"
			    "parameters (values as they are, not URL-encoded) to URL. --body-file\n"
			    "reads an application/x-www-form-urlencoded body whose fields come first.");
			return 0;
		default:
			return cli_usage("sign: unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage("sign: a URL is required");
	rc = 1;
	if (body_file != NULL) {
		if (util_read_file(strcmp(body_file, "-") == 0 ? "/dev/stdin" : body_file,
		    16 * 1024 * 1024, &body, &body_len, &err) < 0) {
			fprintf(stderr, "proxyhooks: %s\n", err.message);
			goto out;
		}
		/* A trailing newline is the file's, not the body's. */
		while (body_len > 0 && (body[body_len - 1] == '\n' || body[body_len - 1] == '\r'))
			body[--body_len] = '\0';
		if (form_decode(body, body_len, &form, &err) < 0) {
			fprintf(stderr, "proxyhooks: %s: %s\n", body_file, err.message);
			goto out;
		}
	}
	if ((rc = form_from_args(&form, argc - optind - 1, argv + optind + 1)) != 0)
		goto out;
	rc = 1;
	if (sign_with_config(cli, token_file, argv[optind], &form, signature) < 0)
		goto out;
	puts(signature);
	rc = 0;
out:
	free(body);
	form_free(&form);
	return rc;
}

/* 1 for the hooks of Proxy, whose examples come as a message and a call. */
static int
proxy_hook(const char *hook)
{
	return strcmp(hook, "callback") == 0 || strcmp(hook, "intercept") == 0 ||
	    strcmp(hook, "out-of-session") == 0;
}

/* The example NAME; for a hook of Proxy named alone, NAME-TYPE: without a
 * type, a message when a text is given, else the hook's usual (the
 * callback's and the out-of-session hook's a call, the intercept's a
 * message). NULL after a usage message. */
static const struct example *
send_example(const char *name, const char *type, int has_body)
{
	char full[64];
	const struct example *ex;

	if (proxy_hook(name)) {
		if (type == NULL)
			type = has_body || strcmp(name, "intercept") == 0 ? "message" : "voice";
		snprintf(full, sizeof(full), "%s-%s", name, type);
		name = full;
	} else if (strcmp(name, "conversations") == 0)
		name = "conversations-message";
	else if (strcmp(name, "voice") == 0)
		name = "voice-call";
	if ((ex = example_find(name)) == NULL) {
		cli_usage("send: unknown example '%s' (callback, intercept, out-of-session, each "
		    "-message or -voice; conversations, conversations-participant, voice, "
		    "voice-status)", name);
		return NULL;
	}
	if (type != NULL && (!proxy_hook(ex->hook) ||
	    strcmp(name + strlen(name) - strlen(type), type) != 0)) {
		cli_usage("send: --type %s does not fit the example %s", type, name);
		return NULL;
	}
	return ex;
}

/* Give name value when the example has it. */
static int
form_set_present(struct form *form, const char *name, const char *value)
{
	return form_get(form, name) != NULL ? form_replace(form, name, value) : 0;
}

/* The participant SID send --from uses for number on the intercept and
 * the callback: made from the number, so the same number is the same
 * participant at each send. */
static void
send_participant_sid(const char *number, char out[35])
{
	unsigned char digest[DIGEST_SHA256_LEN];
	char text[64];

	snprintf(text, sizeof(text), "proxyhooks send %s", number);
	digest_sha256(text, strlen(text), digest);
	out[0] = 'K';
	out[1] = 'P';
	util_hex(out + 2, digest, 16);
}

/* A number as Twilio posts it: E.164, '+' and 7 to 15 digits. */
static int
e164(const char *s)
{
	size_t n = 0;

	if (*s++ != '+')
		return 0;
	for (; *s >= '0' && *s <= '9'; s++)
		n++;
	return *s == '\0' && n >= 7 && n <= 15;
}

/* --body and --from into the example's fields, where its hook carries
 * them: the intercept and the callback carry the text as interactionData
 * {"body": TEXT} and no number (the intercept finds it in the participant
 * directory by inboundParticipantSid); the out-of-session hook carries
 * Body, From (Caller for a call) and inboundParticipantIdentifier. */
static int
send_fields(struct form *form, const struct example *ex, const char *body, const char *from,
    char sid[35])
{
	int proxy = strcmp(ex->hook, "out-of-session") != 0;
	json_t *data;
	char *text;
	int rc;

	if (body != NULL && proxy) {
		if ((data = json_pack("{s:s}", "body", body)) == NULL)
			return -1;
		text = json_dumps(data, JSON_COMPACT | JSON_ENSURE_ASCII);
		json_decref(data);
		if (text == NULL)
			return -1;
		rc = form_replace(form, "interactionData", text);
		free(text);
		if (rc < 0)
			return -1;
	} else if (body != NULL && form_replace(form, "Body", body) < 0)
		return -1;
	if (from == NULL)
		return 0;
	if (proxy) {
		send_participant_sid(from, sid);
		return form_replace(form, "inboundParticipantSid", sid);
	}
	if (form_replace(form, "From", from) < 0 || form_set_present(form, "Caller", from) < 0 ||
	    form_set_present(form, "inboundParticipantIdentifier", from) < 0)
		return -1;
	return 0;
}

/* --from on the intercept or the callback: the participant the request
 * names, with the number, in the directory, where the intercept looks. */
static int
send_directory(struct cli *cli, const struct form *form, const char *number)
{
	struct participant p;
	struct error err = { 0 };
	struct store *store;

	if ((store = cli_store(cli)) == NULL)
		return -1;
	memset(&p, 0, sizeof(p));
	p.sid = form_get(form, "inboundParticipantSid");
	p.number = number;
	p.session_sid = form_get(form, "interactionSessionSid");
	p.service_sid = form_get(form, "interactionServiceSid");
	p.friendly_name = "proxyhooks send --from";
	p.updated_ms = util_now_ms();
	if (p.sid == NULL || store_participant_put(store, &p, &err) < 0) {
		fprintf(stderr, "proxyhooks: send --from: %s\n", p.sid ? err.message :
		    "no inboundParticipantSid");
		return -1;
	}
	printf("participant: %s is %s in the directory\n", p.sid, number);
	return 0;
}

struct buffer {
	char   *data;
	size_t  len;
};

static size_t
collect_body(char *data, size_t size, size_t n, void *arg)
{
	struct buffer *b = arg;
	char *grown;

	if ((grown = realloc(b->data, b->len + size * n + 1)) == NULL)
		return 0;
	b->data = grown;
	memcpy(b->data + b->len, data, size * n);
	b->len += size * n;
	b->data[b->len] = '\0';
	return size * n;
}

/* Who answered: the hook (the intercept says its decision in a header;
 * every program answers text/plain or its TwiML/JSON), or the web server
 * before the program saw the request (an HTML page). 1 when the program
 * answered, 0 when the web server did. */
static int
send_who(CURL *curl, long status, const char *hook)
{
	struct curl_header *h = NULL;
	const char *type = NULL;

	curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
	if (curl_easy_header(curl, HOOK_DECISION_HEADER, 0, CURLH_HEADER, -1, &h) == CURLHE_OK) {
		printf("answer: proxyhooks-%s decided %s%s\n", hook, h->value,
		    status == 403 ? " (the policy's 403: Twilio does not deliver it)" : "");
		return 1;
	}
	if (type != NULL && strncasecmp(type, "text/html", 9) == 0) {
		printf("answer: an HTML page from the web server, not from proxyhooks-%s: the "
		    "request did not reach the program (%s)\n", hook, status == 403 ?
		    "a 403 of the server's own access rules: its Require, allow/deny, Options "
		    "ExecCGI or file permissions" : "check the URL and the server's error log");
		return 0;
	}
	if (status >= 400)
		printf("answer: proxyhooks-%s refused the request (%ld)\n", hook, status);
	return 1;
}

/* The stored event the request made, by its idempotency token: the hook
 * may store it just after it answered (a FastCGI worker stores a burst in
 * one batch), so it is looked for during wait_s seconds. */
static int
found_event(void *arg, const struct event_row *row)
{
	int64_t *id = arg;
	char when[40];

	util_format_ms(row->received_ms, when, sizeof(when));
	printf("event: %lld, %s, received %s\n", (long long)row->id, row->hook, when);
	printf("decision: %s\n", row->decision != NULL ? row->decision : "none (nothing to decide)");
	if (row->rule != NULL)
		printf("rule: %s\n", row->rule);
	else if (row->decision != NULL)
		printf("rule: none (%s)\n", strncmp(row->decision, "error", 5) == 0 ?
		    "the decision failed: see the error log" : "the policy's default");
	if (row->found != NULL)
		cli_printf("found: %s\n", row->found);
	*id = row->id;
	return 1;
}

static void
send_event(struct cli *cli, const char *hook, const char *token, long wait_s)
{
	struct event_filter f;
	struct error err = { 0 };
	int64_t found = 0;
	struct config *config;
	struct store *store;
	int64_t until;

	if ((config = cli_config(cli)) == NULL)
		return;
	/* A SQLite store the programs have not made yet is not made here. */
	if (!store_is_postgresql(config->database) && access(config->database, F_OK) < 0) {
		printf("event: none: no store at %s yet\n", config->database);
		return;
	}
	if ((store = cli_store(cli)) == NULL)
		return;
	memset(&f, 0, sizeof(f));
	f.hook = hook;
	f.idempotency_token = token;
	f.limit = 1;
	until = util_monotonic_us() + wait_s * 1000000LL;
	for (;;) {
		/* A CGI intercept's event may wait in the spool. */
		cli_store_spooled(cli, store);
		if (store_events(store, &f, found_event, &found, &err) < 0) {
			printf("event: the store cannot be read: %s\n", err.message);
			return;
		}
		if (found != 0)
			return;
		if (util_monotonic_us() >= until)
			break;
		usleep(100000);
	}
	printf("event: none stored with idempotency token %s within %ld s in %s (does the "
	    "program use another store?)\n", token, wait_s, config->database);
}

int
cli_send(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "token-file", required_argument, NULL, 't' },
		{ "idempotency-token", required_argument, NULL, 'i' },
		{ "unsigned", no_argument, NULL, 'u' },
		{ "print-body", no_argument, NULL, 'p' },
		{ "body", required_argument, NULL, 'b' },
		{ "from", required_argument, NULL, 'f' },
		{ "type", required_argument, NULL, 'y' },
		{ "wait", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct example *ex;
	struct form form = { 0 };
	struct curl_slist *headers = NULL;
	char signature[SIGNATURE_LEN + 1], header[256], idem[40], sid[35];
	const char *token_file = NULL, *idempotency = NULL, *body_text = NULL, *from = NULL;
	const char *type = NULL;
	char *body = NULL;
	struct buffer answer = { NULL, 0 };
	unsigned char rnd[16];
	CURL *curl = NULL;
	CURLcode cc;
	long status = 0, wait_s = 5;
	int c, rc, sign = 1, only_body = 0;

	optind = 1;
	/* Options may follow EXAMPLE too (send intercept --body TEXT URL). */
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 't':
			token_file = optarg;
			break;
		case 'i':
			idempotency = optarg;
			break;
		case 'u':
			sign = 0;
			break;
		case 'p':
			only_body = 1;
			break;
		case 'b':
			body_text = optarg;
			break;
		case 'f':
			if (!e164(optarg))
				return cli_usage("--from: '%s' is not a number as Twilio writes it "
				    "(E.164: +14155550100)", optarg);
			from = optarg;
			break;
		case 'y':
			if (strcmp(optarg, "message") != 0 && strcmp(optarg, "voice") != 0)
				return cli_usage("--type: '%s' is not message or voice", optarg);
			type = optarg;
			break;
		case 'w':
			if (util_parse_long(optarg, 0, 600, &wait_s) < 0)
				return cli_usage("--wait: '%s' is not a number of seconds (0-600)", optarg);
			break;
		case 'h':
			puts("usage: proxyhooks send [--body TEXT] [--from NUMBER] [--type message|voice]\n"
			    "                       [--token-file FILE] [--idempotency-token T] [--unsigned]\n"
			    "                       [--wait SECONDS] [--print-body] EXAMPLE URL [name=value ...]\n"
			    "Post a realistic, signed webhook to URL and print \"HTTP STATUS\", the body, who\n"
			    "answered (the program, or the web server's own page), then the event the\n"
			    "request stored: its decision and rule (looked for by its idempotency token\n"
			    "for --wait seconds, 5 by default; 0 does not look).\n"
			    "EXAMPLE: callback, intercept or out-of-session, each a message or a call:\n"
			    "--type, or a -message or -voice suffix (callback-voice, intercept-message,\n"
			    "out-of-session-voice when neither is said; a message with --body); or\n"
			    "conversations (conversations-message), conversations-participant, voice\n"
			    "(voice-call), voice-status.\n"
			    "--body TEXT: the message. The intercept and the callback get it as\n"
			    "  interactionData={\"body\":\"TEXT\"} (a JSON string, as Twilio posts it); the\n"
			    "  out-of-session hook as Body.\n"
			    "--from NUMBER: the sender (E.164). The out-of-session hook gets it as From\n"
			    "  (and Caller, inboundParticipantIdentifier). Twilio posts no number to the\n"
			    "  intercept: send puts a participant with NUMBER in the directory (a SID\n"
			    "  made from the number) and posts it as inboundParticipantSid.\n"
			    "name=value replaces or adds any other field, after these: the intercept's\n"
			    "are inboundParticipantSid, interactionSessionSid, interactionServiceSid,\n"
			    "interactionSid, interactionType (Message, Voice), interactionData,\n"
			    "inboundResourceType (message, call) and more; --print-body shows them all.\n"
			    "--print-body prints the signature and the encoded body instead of sending.");
			return 0;
		default:
			return cli_usage("send: unknown option");
		}
	}
	if (argc - optind < 2)
		return cli_usage("send: EXAMPLE and URL are required");
	if ((ex = send_example(argv[optind], type, body_text != NULL)) == NULL)
		return 2;
	if ((body_text != NULL || from != NULL) && !proxy_hook(ex->hook))
		return cli_usage("send: --body and --from are for callback, intercept and "
		    "out-of-session; give %s's fields as name=value", ex->name);
	if (body_text != NULL && strstr(ex->name, "-voice") != NULL)
		return cli_usage("--body: %s is a call, which has no text (--type message)", ex->name);
	rc = 1;
	if (example_form(ex, &form) < 0)
		goto out;
	if (send_fields(&form, ex, body_text, from, sid) < 0)
		goto out;
	if ((rc = form_from_args(&form, argc - optind - 2, argv + optind + 2)) != 0)
		goto out;
	rc = 1;
	if (sign && sign_with_config(cli, token_file, argv[optind + 1], &form, signature) < 0)
		goto out;
	if ((body = form_encode(&form)) == NULL)
		goto out;
	if (only_body) {
		printf("%s\n%s\n", sign ? signature : "-", body);
		rc = 0;
		goto out;
	}
	if (from != NULL && strcmp(ex->hook, "out-of-session") != 0 &&
	    send_directory(cli, &form, from) < 0)
		goto out;
	if (idempotency == NULL) {
		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
			goto out;
		util_hex(idem, rnd, sizeof(rnd));
		idempotency = idem;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if ((curl = curl_easy_init()) == NULL)
		goto out;
	headers = curl_slist_append(headers, "Content-Type: application/x-www-form-urlencoded");
	if (sign) {
		snprintf(header, sizeof(header), "X-Twilio-Signature: %s", signature);
		headers = curl_slist_append(headers, header);
	}
	snprintf(header, sizeof(header), "I-Twilio-Idempotency-Token: %s", idempotency);
	headers = curl_slist_append(headers, header);
	headers = curl_slist_append(headers, "User-Agent: proxyhooks-send/" PACKAGE_VERSION);
	curl_easy_setopt(curl, CURLOPT_URL, argv[optind + 1]);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
	if ((cc = curl_easy_perform(curl)) != CURLE_OK) {
		fprintf(stderr, "proxyhooks: send: %s: %s\n", argv[optind + 1], curl_easy_strerror(cc));
		goto out;
	}
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	printf("HTTP %ld\n", status);
	if (answer.len > 0) {
		fwrite(answer.data, 1, answer.len, stdout);
		if (answer.data[answer.len - 1] != '\n')
			putchar('\n');
	}
	/* A page of the web server's: the program never saw the request. */
	if (!send_who(curl, status, ex->hook)) {
		rc = 1;
		goto out;
	}
	if (wait_s > 0 && (status / 100 == 2 || status == 403))
		send_event(cli, ex->hook, idempotency, wait_s);
	rc = 0;
out:
	if (curl != NULL) {
		curl_easy_cleanup(curl);
		curl_global_cleanup();
	}
	curl_slist_free_all(headers);
	free(answer.data);
	free(body);
	form_free(&form);
	return rc;
}
