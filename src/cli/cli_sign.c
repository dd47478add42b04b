/* proxyhooks sign, proxyhooks send: sign requests the way Twilio does, and
 * post realistic signed examples to a deployment. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <openssl/rand.h>

#include "proxyhooks/cli/cli.h"
#include "proxyhooks/web/examples.h"
#include "proxyhooks/web/signature.h"
#include "proxyhooks/web/tokens.h"
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

static const char *
example_alias(const char *name)
{
	if (strcmp(name, "callback") == 0)
		return "callback-voice";
	if (strcmp(name, "intercept") == 0)
		return "intercept-message";
	if (strcmp(name, "out-of-session") == 0)
		return "out-of-session-voice";
	if (strcmp(name, "conversations") == 0)
		return "conversations-message";
	if (strcmp(name, "voice") == 0)
		return "voice-call";
	return name;
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

int
cli_send(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "token-file", required_argument, NULL, 't' },
		{ "idempotency-token", required_argument, NULL, 'i' },
		{ "unsigned", no_argument, NULL, 'u' },
		{ "print-body", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct example *ex;
	const struct example_field *f;
	struct form form = { 0 };
	struct curl_slist *headers = NULL;
	char signature[SIGNATURE_LEN + 1], header[256], idem[40];
	const char *token_file = NULL, *idempotency = NULL;
	char *body = NULL;
	struct buffer answer = { NULL, 0 };
	unsigned char rnd[16];
	CURL *curl = NULL;
	CURLcode cc;
	long status = 0;
	int c, rc, sign = 1, only_body = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+", options, NULL)) != -1) {
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
		case 'h':
			puts("usage: proxyhooks send [--token-file FILE] [--idempotency-token T] [--unsigned]\n"
			    "                       [--print-body] EXAMPLE URL [name=value ...]\n"
			    "Post a realistic, signed webhook to URL and print \"HTTP STATUS\", then the body.\n"
			    "EXAMPLE: callback (callback-voice), callback-message, intercept\n"
			    "(intercept-message), intercept-voice, out-of-session (out-of-session-voice),\n"
			    "out-of-session-message, conversations (conversations-message),\n"
			    "conversations-participant, voice (voice-call), voice-status.\n"
			    "name=value replaces or adds a field.\n"
			    "--print-body prints the encoded body and signature instead of sending.");
			return 0;
		default:
			return cli_usage("send: unknown option");
		}
	}
	if (argc - optind < 2)
		return cli_usage("send: EXAMPLE and URL are required");
	if ((ex = example_find(example_alias(argv[optind]))) == NULL)
		return cli_usage("send: unknown example '%s' (callback, callback-message, intercept, "
		    "intercept-voice, out-of-session, out-of-session-message, conversations, "
		    "conversations-participant, voice, voice-status)", argv[optind]);
	rc = 1;
	for (f = ex->fields; f->name != NULL; f++)
		if (form_add(&form, f->name, f->value) < 0)
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
	if (idempotency == NULL) {
		if (RAND_bytes(rnd, sizeof(rnd)) != 1)
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
