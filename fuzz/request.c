/* fuzz/request: the whole request path, from the CGI variables and body a
 * web server hands over to the answer written back (serve_buffer), through
 * request reading, form decoding, the signature check, the configuration,
 * policy and store, and the three hooks' handlers.
 *
 * Input: a first byte choosing the hook (its value modulo 3: callback,
 * intercept, out-of-session) and whether to sign the request (bit 2);
 * then lines NAME=value, up to an empty line, added to the request's
 * variables ahead of the usual ones (so they override them); the rest is
 * the body. CONTENT_LENGTH is the body's length unless a line says
 * otherwise. A signed request carries the X-Twilio-Signature the
 * configured token gives for https://hooks.example.com + REQUEST_URI and
 * the whole body, so that the handlers run; an unsigned one tests the
 * refusals. The files the configuration names live in a temporary folder.
 *
 * What must hold: every request is answered with a Status line and a
 * Content-Length that matches the body, and never with a 5xx.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "proxyhooks/web/form.h"
#include "proxyhooks/hooks/hooks.h"
#include "proxyhooks/base/log.h"
#include "proxyhooks/hooks/serve.h"
#include "proxyhooks/web/signature.h"

#include "fuzz.h"

#define FUZZ_BASE_URL	"https://hooks.example.com"
#define FUZZ_TOKEN	"fuzz-token-0123456789abcdef"
#define FUZZ_MAX_VARS	64
/* The store grows with every request: start afresh this often. */
#define FUZZ_STORE_RUNS	5000

static const struct hook *const fuzz_hooks[] = {
	&hook_callback, &hook_intercept, &hook_out_of_session
};

/* SQLite's page cache comes from this buffer: a cache that grew with the
 * store would look like a leak to libFuzzer at every input, and its leak
 * checks would then take most of the time. */
#define FUZZ_PAGE_SIZE	(4096 + 512)	/* a page and its header */
#define FUZZ_PAGES	1024
static uint64_t fuzz_page_cache[FUZZ_PAGES * FUZZ_PAGE_SIZE / sizeof(uint64_t)];

static char *fuzz_conf_var;	/* PROXYHOOKS_CONF=... */
static char *fuzz_database;
static unsigned long fuzz_runs;

static void
fuzz_write_text(const char *name, const char *text)
{
	char *path = fuzz_path(name);

	fuzz_write(path, text, strlen(text));
	free(path);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char policy[] =
	    "block from +15551230000\n"
	    "block from @numbers.txt\n"
	    "block body phone\n"
	    "block body email\n"
	    "block body url\n"
	    "block body handle\n"
	    "block body /(a+)+$/\n"
	    "block body /\\bsecret\\b/i\n"
	    "block body \"wire transfer\"\n"
	    "block body @words.txt\n"
	    "block type message limit 50 per minute by session\n"
	    "block type voice during 22:00-07:00 America/New_York\n"
	    "allow media\n"
	    "default allow\n";
	const char *dir = fuzz_dir();
	char conf[4096], *path;
	size_t len;

	(void)argc;
	(void)argv;
	if (sqlite3_config(SQLITE_CONFIG_PAGECACHE, fuzz_page_cache, FUZZ_PAGE_SIZE,
	    FUZZ_PAGES) != SQLITE_OK)
		fuzz_fail("sqlite3_config(SQLITE_CONFIG_PAGECACHE) failed");
	log_init("fuzz-request");
	fuzz_write_text("auth_token", FUZZ_TOKEN "\n");
	fuzz_write_text("policy", policy);
	fuzz_write_text("numbers.txt", "+15551230001\n+1900*\n");
	fuzz_write_text("words.txt", "whatsapp\nwire transfer\nwa.me\n");
	path = fuzz_path("cache");
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		fuzz_fail("mkdir %s: %s", path, strerror(errno));
	free(path);
	len = (size_t)snprintf(conf, sizeof(conf),
	    "auth_token_file = %s/auth_token\n"
	    "database = %s/events.db\n"
	    "policy_file = %s/policy\n"
	    "cache_dir = %s/cache\n"
	    "public_base_url = " FUZZ_BASE_URL "\n"
	    "log_level = error\n"
	    "allow_root = yes\n"
	    "body_timeout_ms = 100\n"
	    "oos_voice_say = Session {sessionUniqueName} has ended, {FromCity} caller.\n"
	    "oos_voice_voice = Polly.Joanna\n"
	    "oos_message_reply = Sorry, {sessionUniqueName} is over: {Body}\n"
	    "\n"
	    "[proxy +15550001111]\n"
	    "oos_voice_dial = +15550002222\n"
	    "oos_voice_dial_caller_id = proxy\n"
	    "oos_message_reply = {Body}\n",
	    dir, dir, dir, dir);
	if (len >= sizeof(conf))
		fuzz_fail("the configuration does not fit");
	path = fuzz_path("proxyhooks.conf");
	fuzz_write(path, conf, len);
	len = strlen(path) + sizeof("PROXYHOOKS_CONF=");
	if ((fuzz_conf_var = malloc(len)) == NULL)
		fuzz_fail("out of memory");
	snprintf(fuzz_conf_var, len, "PROXYHOOKS_CONF=%s", path);
	free(path);
	fuzz_database = fuzz_path("events.db");
	return 0;
}

/* The value of NAME in env, or NULL (the first one, as the program reads). */
static const char *
fuzz_env_get(char *const *env, const char *name)
{
	size_t n = strlen(name);

	for (; *env != NULL; env++)
		if (strncmp(*env, name, n) == 0 && (*env)[n] == '=')
			return *env + n + 1;
	return NULL;
}

/* The signature Twilio would send for this request, or NULL when it has
 * none (a body or URI no signature can be made for). */
static char *
fuzz_sign(char *const *env, const char *body, size_t len)
{
	struct url_source src;
	struct form form;
	struct error err = { 0 };
	char signature[SIGNATURE_LEN + 1], *url, *out = NULL;

	memset(&src, 0, sizeof(src));
	memset(&form, 0, sizeof(form));
	src.public_base_url = FUZZ_BASE_URL;
	src.request_uri = fuzz_env_get(env, "REQUEST_URI");
	if ((url = signature_url(&src, &err)) == NULL)
		return NULL;
	if (form_decode(body, len, &form, &err) == 0 &&
	    signature_compute(url, &form, FUZZ_TOKEN, signature, &err) == 0) {
		len = strlen("HTTP_X_TWILIO_SIGNATURE=") + SIGNATURE_LEN + 1;
		if ((out = malloc(len)) == NULL)
			fuzz_fail("out of memory");
		snprintf(out, len, "HTTP_X_TWILIO_SIGNATURE=%s", signature);
	}
	form_free(&form);
	free(url);
	return out;
}

/* The answer must be a CGI answer: a Status line, headers, a blank line,
 * and as many bytes of body as Content-Length says; never a 5xx. */
static void
fuzz_check_answer(const char *hook, const char *out, size_t len)
{
	const char *end, *cl;
	char *head;
	unsigned long status, content_length;

	if (len < 12 || strncmp(out, "Status: ", 8) != 0)
		fuzz_fail("%s: the answer does not start with a Status line", hook);
	if ((end = memmem(out, len, "\r\n\r\n", 4)) == NULL)
		fuzz_fail("%s: the answer's headers do not end", hook);
	head = fuzz_strndup(out, (size_t)(end - out));
	status = strtoul(head + 8, NULL, 10);
	if (status < 200 || status > 599)
		fuzz_fail("%s: status %lu", hook, status);
	if (status >= 500)
		fuzz_fail("%s: answered %lu: %s", hook, status, head);
	if ((cl = strstr(head, "\r\nContent-Length: ")) == NULL)
		fuzz_fail("%s: no Content-Length", hook);
	content_length = strtoul(cl + 18, NULL, 10);
	if (content_length != len - (size_t)(end + 4 - out))
		fuzz_fail("%s: Content-Length %lu for %zu bytes", hook, content_length,
		    len - (size_t)(end + 4 - out));
	free(head);
}

static void
fuzz_fresh_store(void)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char path[4096];
	size_t i;

	serve_buffer_release();
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", fuzz_database, suffixes[i]);
		if (unlink(path) < 0 && errno != ENOENT)
			fuzz_fail("%s: %s", path, strerror(errno));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in;
	const struct hook *hook;
	char *vars[FUZZ_MAX_VARS + 16], *line, *out = NULL, length[64];
	const char *body;
	size_t nvars = 0, body_len, out_len, i;
	int sign;

	if (size == 0)
		return 0;
	hook = fuzz_hooks[data[0] % 3];
	sign = (data[0] & 4) != 0;
	in.p = (const char *)data + 1;
	in.left = size - 1;
	while ((line = fuzz_line(&in)) != NULL) {
		if (line[0] == '\0' || nvars == FUZZ_MAX_VARS) {
			free(line);
			break;
		}
		/* The configuration is the test's, not the input's. */
		if (strncmp(line, "PROXYHOOKS_CONF=", 16) == 0)
			free(line);
		else
			vars[nvars++] = line;
	}
	body = in.p;
	body_len = in.left;
	snprintf(length, sizeof(length), "CONTENT_LENGTH=%zu", body_len);
	vars[nvars++] = fuzz_strndup(length, strlen(length));
#define FUZZ_VAR(s) (vars[nvars++] = fuzz_strndup(s, strlen(s)))
	FUZZ_VAR("REQUEST_METHOD=POST");
	FUZZ_VAR("CONTENT_TYPE=application/x-www-form-urlencoded");
	FUZZ_VAR("REQUEST_URI=/proxyhooks/hook?x=1");
	FUZZ_VAR("SCRIPT_NAME=/proxyhooks/hook");
	FUZZ_VAR("HTTP_HOST=hooks.example.com");
	FUZZ_VAR("SERVER_NAME=hooks.example.com");
	FUZZ_VAR("SERVER_PORT=443");
	FUZZ_VAR("HTTPS=on");
	FUZZ_VAR("GATEWAY_INTERFACE=CGI/1.1");
#undef FUZZ_VAR
	vars[nvars++] = fuzz_strndup(fuzz_conf_var, strlen(fuzz_conf_var));
	vars[nvars] = NULL;
	if (sign && fuzz_env_get(vars, "HTTP_X_TWILIO_SIGNATURE") == NULL &&
	    (line = fuzz_sign(vars, body, body_len)) != NULL) {
		/* Ahead of the rest, in place of nothing the input set. */
		memmove(vars + 1, vars, (nvars + 1) * sizeof(*vars));
		vars[0] = line;
		nvars++;
	}

	if (serve_buffer(hook, vars, body, body_len, &out, &out_len) < 0)
		fuzz_fail("serve_buffer: out of memory");
	fuzz_check_answer(hook->name, out, out_len);
	free(out);
	for (i = 0; i < nvars; i++)
		free(vars[i]);
	if (++fuzz_runs % FUZZ_STORE_RUNS == 0)
		fuzz_fresh_store();
	return 0;
}
