/* bench/driver: run one hook's whole request path N times in this process,
 * through serve_buffer() (what the FastCGI loop does for each request: read
 * it, check the signature, decide, record, answer), so that callgrind can
 * count the instructions one request costs.
 *
 *   driver HOOK N SIGNED_FILE URL [BATCH]
 *
 * HOOK is callback, intercept or out-of-session; SIGNED_FILE is what
 * `proxyhooks send --print-body EXAMPLE URL` prints (the signature on the
 * first line, the body on the second); the configuration is
 * $PROXYHOOKS_CONF. The first request loads the configuration, tokens,
 * policy and store and is not counted: under
 *   valgrind --tool=callgrind --collect-atstart=no --toggle-collect=driver_requests
 * only the N requests after it are. Each request carries its own
 * idempotency token, as Twilio's do. With BATCH > 1 the requests are served
 * as by a busy FastCGI worker: events recorded after the answers, BATCH at
 * a time in one transaction (serve_buffer_batch). Prints the status lines
 * seen. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhooks/hooks/hooks.h"
#include "proxyhooks/base/util.h"

#define DRIVER_ENV_MAX 16

struct driver {
	const struct hook *hook;
	char              *env[DRIVER_ENV_MAX];
	char               token_var[80];
	const char        *body;
	size_t             body_len;
	long               statuses[600];
	long               other;
};

static int
driver_env(struct driver *d, const char *signature, const char *url)
{
	const char *scheme_end, *host, *path;
	char buf[2048];
	size_t n = 0;

	if ((scheme_end = strstr(url, "://")) == NULL) {
		fprintf(stderr, "driver: %s: not an absolute URL\n", url);
		return -1;
	}
	host = scheme_end + 3;
	if ((path = strchr(host, '/')) == NULL)
		path = "/";
#define ENV(...) do { \
		snprintf(buf, sizeof(buf), __VA_ARGS__); \
		if ((d->env[n++] = strdup(buf)) == NULL) \
			return -1; \
	} while (0)
	ENV("REQUEST_METHOD=POST");
	ENV("CONTENT_TYPE=application/x-www-form-urlencoded");
	ENV("CONTENT_LENGTH=%zu", d->body_len);
	ENV("REQUEST_URI=%s", path);
	ENV("HTTP_HOST=%.*s", (int)(path - host), host);
	ENV("SERVER_NAME=%.*s", (int)strcspn(host, ":/"), host);
	ENV("SERVER_PORT=%s", strncmp(url, "https:", 6) == 0 ? "443" : "80");
	ENV("REQUEST_SCHEME=%.*s", (int)(scheme_end - url), url);
	if (strncmp(url, "https:", 6) == 0)
		ENV("HTTPS=on");
	ENV("HTTP_X_TWILIO_SIGNATURE=%s", signature);
	if (getenv("PROXYHOOKS_CONF") != NULL)
		ENV("PROXYHOOKS_CONF=%s", getenv("PROXYHOOKS_CONF"));
#undef ENV
	/* The idempotency token changes with every request. */
	d->env[n++] = d->token_var;
	d->env[n] = NULL;
	return 0;
}

static void
driver_one(struct driver *d, long i)
{
	char *out = NULL;
	size_t out_len = 0;
	int status;

	snprintf(d->token_var, sizeof(d->token_var),
	    "HTTP_I_TWILIO_IDEMPOTENCY_TOKEN=bench-%ld-%ld", (long)util_now_ms(), i);
	if (serve_buffer(d->hook, d->env, d->body, d->body_len, &out, &out_len) < 0 ||
	    out_len < 11 || strncmp(out, "Status: ", 8) != 0 ||
	    (status = atoi(out + 8)) < 100 || status >= 600)
		d->other++;
	else
		d->statuses[status]++;
	free(out);
}

/* The requests callgrind counts (--toggle-collect=driver_requests). */
__attribute__((noinline)) static void
driver_requests(struct driver *d, long n)
{
	long i;

	for (i = 1; i <= n; i++)
		driver_one(d, i);
}

static char *
driver_slurp(const char *path)
{
	FILE *fp;
	char *text = NULL;
	size_t cap = 0, len = 0, got;

	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	for (;;) {
		if (len + 4096 + 1 > cap) {
			char *grown = realloc(text, cap = (cap + 4096) * 2);

			if (grown == NULL) {
				free(text);
				fclose(fp);
				return NULL;
			}
			text = grown;
		}
		if ((got = fread(text + len, 1, cap - len - 1, fp)) == 0)
			break;
		len += got;
	}
	fclose(fp);
	text[len] = '\0';
	return text;
}

int
main(int argc, char **argv)
{
	struct driver d;
	char *signed_text, *nl;
	long n, i;
	int rc = 1;

	memset(&d, 0, sizeof(d));
	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: driver HOOK N SIGNED_FILE URL [BATCH]\n");
		return 2;
	}
	if (strcmp(argv[1], "callback") == 0)
		d.hook = &hook_callback;
	else if (strcmp(argv[1], "intercept") == 0)
		d.hook = &hook_intercept;
	else if (strcmp(argv[1], "out-of-session") == 0)
		d.hook = &hook_out_of_session;
	else {
		fprintf(stderr, "driver: unknown hook %s\n", argv[1]);
		return 2;
	}
	if ((n = strtol(argv[2], NULL, 10)) <= 0) {
		fprintf(stderr, "driver: N must be a positive number\n");
		return 2;
	}
	if ((signed_text = driver_slurp(argv[3])) == NULL ||
	    (nl = strchr(signed_text, '\n')) == NULL) {
		fprintf(stderr, "driver: %s: not a signature line and a body\n", argv[3]);
		return 2;
	}
	*nl = '\0';
	d.body = nl + 1;
	d.body_len = strcspn(d.body, "\r\n");
	if (driver_env(&d, signed_text, argv[4]) < 0) {
		fprintf(stderr, "driver: out of memory\n");
		goto out;
	}
	if (argc == 6)
		serve_buffer_batch(strtol(argv[5], NULL, 10));
	driver_one(&d, 0);	/* loads everything: not counted */
	driver_requests(&d, n);
	for (i = 0; i < 600; i++)
		if (d.statuses[i] > 0)
			printf("status %ld: %ld\n", i, d.statuses[i]);
	if (d.other > 0)
		printf("no status: %ld\n", d.other);
	rc = d.other > 0 ? 1 : 0;
out:
	serve_buffer_release();
	for (i = 0; i < DRIVER_ENV_MAX && d.env[i] != NULL && d.env[i] != d.token_var; i++)
		free(d.env[i]);
	free(signed_text);
	return rc;
}
