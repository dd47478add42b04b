/* lookup without a Twilio: which configurations turn lookups on, and how
 * it fails open (refused, silent server, bad SIDs), logged once per SID.
 * The answers of a real HTTP server are tested in t/lookup.sh. */
#include "config.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proxyhooks/web/config.h"
#include "proxyhooks/base/log.h"
#include "proxyhooks/store/lookup.h"
#include "proxyhooks/store/store.h"
#include "proxyhooks/base/util.h"
#include "tap.h"

#define ACCOUNT	"AC0123456789abcdef0123456789abcdef"
#define KEY	"SK0123456789abcdef0123456789abcdef"
#define SERVICE	"KSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SESSION	"KCcccccccccccccccccccccccccccccccc"
#define KP1	"KP11111111111111111111111111111111"
#define KP2	"KP22222222222222222222222222222222"
#define KP3	"KP33333333333333333333333333333333"
#define LONG_SID "KP33333333333333333333333333333333333333333333\x1b[31mred"

static char dir[] = "/tmp/proxyhooks-lookup-unit.XXXXXX";
static char log_path[256];
static int  saved_stderr = -1;

static void
set(char **field, const char *value)
{
	free(*field);
	*field = value ? strdup(value) : NULL;
}

/* Send the log (stderr) to a file, to count what was said. */
static void
log_capture(void)
{
	int fd;

	snprintf(log_path, sizeof(log_path), "%s/log", dir);
	if ((fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0) {
		perror(log_path);
		exit(1);
	}
	if (saved_stderr < 0)
		saved_stderr = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
}

static void
log_release(void)
{
	if (saved_stderr >= 0) {
		dup2(saved_stderr, STDERR_FILENO);
		close(saved_stderr);
		saved_stderr = -1;
	}
}

/* How many lines of the captured log contain needle. */
static int
log_count(const char *needle)
{
	char line[4096];
	FILE *fp;
	int n = 0;

	if ((fp = fopen(log_path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strstr(line, needle) != NULL)
			n++;
	fclose(fp);
	return n;
}

static int
new_with(struct config *c, struct lookup **lk, struct error *err)
{
	error_clear(err);
	*lk = NULL;
	return lookup_new(c, lk, err);
}

static void
test_configurations(struct config *c)
{
	struct lookup *lk = NULL;
	struct error err = { 0 };
	char path[300];

	snprintf(path, sizeof(path), "%s/auth_token", dir);
	is_int(new_with(c, &lk, &err), 0, "no credentials: not an error");
	ok(lk == NULL, "no credentials: lookups off");

	set(&c->account_sid, "AC123");
	is_int(new_with(c, &lk, &err), -1, "a malformed account_sid is refused");
	ok(strstr(err.message, "AC123") != NULL && strstr(err.message, "proxyhooks.conf"),
	    "the message names the file and the value");

	set(&c->account_sid, ACCOUNT);
	set(&c->auth_token_file, "/nonexistent/auth_token");
	is_int(new_with(c, &lk, &err), -1, "an unreadable auth_token_file is refused");
	ok(strstr(err.message, "/nonexistent/auth_token") != NULL, "the message names the file");

	set(&c->auth_token_file, path);
	is_int(new_with(c, &lk, &err), 0, "account_sid and the auth token");
	ok(lk != NULL, "lookups on");
	lookup_free(lk);

	set(&c->api_key_sid, KEY);
	is_int(new_with(c, &lk, &err), -1, "api_key_sid without api_key_secret_file is refused");
	ok(strstr(err.message, "api_key_secret_file") != NULL, "the message says what is missing");

	set(&c->api_key_sid, "KS0123456789abcdef0123456789abcdef");
	snprintf(path, sizeof(path), "%s/key_secret", dir);
	set(&c->api_key_secret_file, path);
	is_int(new_with(c, &lk, &err), -1, "an api_key_sid that is not SK... is refused");

	set(&c->api_key_sid, NULL);
	is_int(new_with(c, &lk, &err), -1, "api_key_secret_file without api_key_sid is refused");

	set(&c->api_key_sid, KEY);
	set(&c->account_sid, NULL);
	is_int(new_with(c, &lk, &err), 0, "api_key_sid and its secret");
	ok(lk != NULL, "lookups on with an API key alone");
	lookup_free(lk);
}

/* A loopback port that accepts connections (the kernel does) and never
 * answers: the slowest server there is. */
static int
silent_server(int *port)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 16) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

/* How many connections wait, not accepted, at the listening socket fd. */
static int
pending_connections(int fd)
{
	int n = 0, c;

	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0)
		return -1;
	while ((c = accept(fd, NULL, NULL)) >= 0) {
		close(c);
		n++;
	}
	return n;
}

/* A loopback port nobody listens on (bound, then closed). */
static int
closed_port(void)
{
	int port = 0, fd = silent_server(&port);

	close(fd);
	return port;
}

static int64_t
timed_lookup(struct lookup *lk, struct store *store, const char *sid, int *rc)
{
	int64_t start = util_monotonic_us();

	*rc = lookup_session(lk, store, SERVICE, SESSION, sid);
	return (util_monotonic_us() - start) / 1000;
}

static void
test_fail_open(struct config *c, struct store *store)
{
	struct lookup *lk = NULL;
	struct error err = { 0 };
	struct participant p;
	char base[64];
	int64_t took;
	int rc, fd, port;

	snprintf(base, sizeof(base), "http://127.0.0.1:%d", closed_port());
	set(&c->twilio_api_base, base);
	/* Long: a refused connection must end the lookup at once, however
	 * slow the machine (valgrind, load), never the timeout. */
	c->lookup_timeout_ms = 30000;
	if (!ok(new_with(c, &lk, &err) == 0 && lk != NULL, "lookup against a closed port")) {
		diag("%s", err.message);
		return;
	}
	log_capture();
	is_int(lookup_session(lk, NULL, SERVICE, SESSION, KP1), 0, "no store: unknown");
	is_int(lookup_session(lk, store, SERVICE, SESSION, "KPnot-a-sid/../x"), 0,
	    "a malformed participant SID: unknown");
	is_int(lookup_session(lk, store, SERVICE, SESSION, "KPnot-a-sid/../x"), 0,
	    "asked again: unknown");
	is_int(lookup_session(lk, store, SERVICE, SESSION, LONG_SID), 0,
	    "a malformed SID longer than any: unknown");
	is_int(lookup_session(lk, store, SERVICE, SESSION, LONG_SID), 0, "asked again: unknown");
	is_int(lookup_session(lk, store, "KS/../../etc", SESSION, KP3), 0,
	    "a malformed service SID: unknown");
	/* Nothing here is timed: what the lookups did is read from the log. */
	is_int(lookup_session(lk, store, SERVICE, SESSION, KP1), 0, "connection refused: unknown");
	is_int(lookup_session(lk, store, SERVICE, SESSION, KP1), 0, "the same SID again: unknown");
	is_int(lookup_session(lk, store, SERVICE, SESSION, KP2), 0,
	    "another SID while the API just failed: unknown");
	lookup_free(lk);
	lk = NULL;
	log_release();
	is_int(log_count("KPnot-a-sid/../x: not KP and 32 hex digits"), 1,
	    "a malformed SID is logged once");
	is_int(log_count("participant KP33333333333333333333333333333333: not KP"), 1,
	    "a long malformed SID is logged once, cut to a SID's length");
	is_int(log_count("\x1b"), 0, "control characters never reach the log");
	is_int(log_count("the service SID 'KS/../../etc' is not KS"), 1,
	    "a malformed service SID is logged");
	is_int(log_count(KP1 ":"), 1, "a refused lookup is logged once per SID");
	/* "Failed to connect ...", "Couldn't connect ...", "Connection refused" */
	is_int(log_count("onnect"), 2, "... saying why (and why for the next SID)");
	is_int(log_count(KP2 ": not looked up: the Twilio API failed just before"), 1,
	    "the next SID is not looked up while the API just failed, logged once");
	is_int(log_count("no answer within"), 0,
	    "connection refused: no waiting for lookup_timeout_ms");
	is_int(store_participant_get(store, KP1, &p, &err), 0, "nothing entered the directory");

	/* A server that takes the connection and never answers. */
	if ((fd = silent_server(&port)) < 0) {
		skip(5, "no loopback socket");
		return;
	}
	snprintf(base, sizeof(base), "http://127.0.0.1:%d/", port);
	set(&c->twilio_api_base, base);
	c->lookup_timeout_ms = 250;
	if (!ok(new_with(c, &lk, &err) == 0 && lk != NULL, "lookup against a silent server")) {
		close(fd);
		return;
	}
	log_capture();
	/* The server never answers: that the lookup ends at all, saying it
	 * had no answer within 250 ms, shows the timeout at work; a slower
	 * machine only makes it later, never sooner. */
	took = timed_lookup(lk, store, KP3, &rc);
	is_int(rc, 0, "a silent server: unknown");
	ok(took >= 240, "... after lookup_timeout_ms, not sooner");
	if (took < 240)
		diag("took %lld ms", (long long)took);
	pending_connections(fd);	/* the first lookup's, if it got that far */
	is_int(lookup_session(lk, store, SERVICE, SESSION, KP3), 0,
	    "asked again within a minute: unknown");
	lookup_free(lk);
	log_release();
	is_int(log_count(KP3 ": GET http://127.0.0.1:"), 1, "the timeout is logged once");
	ok(log_count("no answer within 250 ms") == 1, "... saying it timed out");
	/* Each try is a connection the server has not accepted: none since
	 * the first lookup, so the second asked nobody. */
	is_int(pending_connections(fd), 0, "... and the second lookup did not try the API again");
	close(fd);
}

int
main(void)
{
	struct config *c = NULL;
	struct store *store = NULL;
	struct error err = { 0 };
	char path[300];

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	log_init("lookup-unit");
	log_set_level(LOG_DEBUG);
	snprintf(path, sizeof(path), "%s/auth_token", dir);
	tap_put(path, "# the primary token first\nsecret-token\nsecondary\n", "w");
	snprintf(path, sizeof(path), "%s/key_secret", dir);
	tap_put(path, "key-secret\n", "w");
	snprintf(path, sizeof(path), "%s/events.db", dir);
	if (config_defaults(&c, &err) < 0 || store_open(path, &store, &err) < 0) {
		printf("Bail out! %s\n", err.message);
		return 1;
	}
	set(&c->path, "/etc/proxyhooks/proxyhooks.conf");
	is_string(c->twilio_api_base, "https://proxy.twilio.com", "twilio_api_base default");
	is_int(c->lookup_timeout_ms, 800, "lookup_timeout_ms default");
	test_configurations(c);
	test_fail_open(c, store);
	store_close(store);
	config_free(c);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		diag("could not remove %s", dir);
	return done_testing();
}
