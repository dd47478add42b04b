/* serve: the CGI/FastCGI loop shared by every program. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "proxyhooks/base/log.h"
#include "proxyhooks/hooks/hooks.h"
#include "proxyhooks/hooks/serve.h"
#include "proxyhooks/web/signature.h"
#include "proxyhooks/web/tokens.h"
#include "proxyhooks/base/util.h"
#include "proxyhooks/base/watch.h"

extern char **environ;

/* Under load, the intercept and out-of-session hooks answer first and
 * store a burst of events in one transaction (hooks.h). A batch is stored
 * as soon as no request waits (so an idle worker has stored everything
 * it answered), or once this many events or this long, whichever first. */
#define SERVE_BATCH_EVENTS	1024
#define SERVE_BATCH_US		50000
/* Past these, the batch waits for the store's lock rather than giving way
 * to another worker that is writing. */
#define SERVE_BATCH_EVENTS_MAX	4096
#define SERVE_BATCH_US_MAX	200000

/* --workers at most. */
#define SERVE_WORKERS_MAX	64

/* A hook that answers only once its event is on disk (the callback):
 * a FastCGI worker takes up to this many of the requests waiting at the
 * listening socket together, records their events in one transaction
 * synced once (group commit), then answers each. */
#define SERVE_GROUP		32

/* A body may arrive this much later than body_timeout_ms allows. */
#define SERVE_TIMEOUT_SLACK_MS	100

/* What is read and thrown away of a body refused before its end (so that
 * the web server, still writing it, gets the answer), and for how long
 * when no configuration says. */
#define SERVE_DRAIN_BYTES	(1L << 20)
#define SERVE_DRAIN_MS		2000

static volatile sig_atomic_t serve_stopping;

/* Identity of a file's version: a change of any field means it was edited. */
struct stamp {
	dev_t     dev;
	ino_t     ino;
	off_t     size;
	long long mtime_ns;
	long long ctime_ns;	/* a chmod too: the token file's mode is checked at load */
	int       exists;
};

/* A file of secrets (tokens.h), read again when it changes. */
struct secret {
	struct tokens     tokens;
	struct stamp      stamp;
	struct watch_mark mark;		/* when it was last stat'ed */
	int               ready;
	int               tried;	/* read once: a failure of this version is logged */
};

/* Everything derived from one version of the configuration. */
struct loaded {
	char               *path;
	struct stamp        config_stamp;
	struct watch_mark   config_mark;	/* when it was last stat'ed */
	struct config      *config;
	struct secret       auth;	/* auth_token_file */
	struct secret       redact;	/* redact_key_file */
	struct hook_context ctx;
	int                 ready;	/* config loaded and hook initialised */
	struct stamp        failed_stamp;	/* the version whose failure was logged */
	int                 failed;		/* ... when there was one */
	int64_t             store_retry_ms;	/* earliest time to retry opening the store */
	int                 fastcgi;	/* the serve's, for loaded_store_open */
	int                 group;	/* its hook's */
};

struct serve {
	const struct hook *hook;
	int                allow_root;	/* --allow-root */
	const char        *argv0;
	int                beside_looked;	/* for proxyhooks.conf next to the program */
	char              *beside;	/* ... found there, or NULL */
	char               beside_origin[PATH_MAX + 32];	/* where it was seen */
	int                fastcgi;	/* a worker serving many requests */
	int                cgi;		/* a process for one request, run as CGI */
	/* Signature refusals not recorded yet (a burst), of one URL. */
	long               refused;
	char              *refused_url;
	int64_t            refused_last_ms;	/* when the last row was recorded */
	long               workers;	/* --workers */
	int                said_host;	/* the log said the URL comes from Host */
	int                defer;	/* record after answering (FastCGI, a hook with flush) */
	long               batch;	/* serve_buffer: the events a batch holds */
	struct loaded      loaded;
	/* FastCGI: the signal mask inside ppoll() and epoll_pwait(), the only
	 * places the stop signals are let in (serve_main). */
	sigset_t           let_in;
	/* FastCGI: the epoll descriptor an idle worker sleeps in
	 * (serve_sleep), made on first use in the worker itself; 0 until
	 * then, -1 when none can be had (it sleeps in ppoll() instead). */
	int                idle_epfd;
};

struct io {
	FCGX_Stream *in;	/* FastCGI, or NULL in CGI mode */
	FCGX_Stream *out;
	int          fd;	/* CGI: stdin */
	int          sock;	/* FastCGI: the connection, for its receive timeout */
	int          listener;	/* FastCGI: the listening socket; -1 otherwise */
	int          waiting;	/* FastCGI: a connection waited when this one began */
	long         sock_timeout_ms;	/* the connection's SO_RCVTIMEO; 0: none set */
	size_t       consumed;	/* bytes of the body read so far */
	int          refused;	/* refused with its body unread, then drained */
	long         timeout_ms;
	int64_t      deadline_us;	/* the whole body must have arrived by then */
	/* serve_buffer: the body from memory, the answer into memory. */
	int          buffered;
	const char  *in_buf;
	size_t       in_len, in_pos;
	char        *out_buf;
	size_t       out_len, out_cap;
	int          out_failed;
};

static void
stamp_of(const char *path, struct stamp *s)
{
	struct stat st;

	memset(s, 0, sizeof(*s));
	if (path == NULL || stat(path, &st) < 0)
		return;
	s->exists = 1;
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	s->size = st.st_size;
	s->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	s->ctime_ns = (long long)st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec;
}

static int
stamp_equal(const struct stamp *a, const struct stamp *b)
{
	return a->exists == b->exists && a->dev == b->dev && a->ino == b->ino &&
	    a->size == b->size && a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns;
}

static void
on_signal(int sig)
{
	(void)sig;
	serve_stopping = 1;
	FCGX_ShutdownPending();
}

/* Milliseconds left to read the body (rounded up), 0 when it is late. */
static long
io_left_ms(const struct io *io)
{
	int64_t left = io->deadline_us - util_monotonic_us();

	return left > 0 ? (long)((left + 999) / 1000) : 0;
}

/* Set the connection's receive timeout (SO_RCVTIMEO) to ms, 0 for none,
 * and keep what it now is. */
static void
io_receive_timeout(struct io *io, long ms)
{
	struct timeval tv;

	memset(&tv, 0, sizeof(tv));
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	setsockopt(io->sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	io->sock_timeout_ms = ms;
}

static long
io_read_some(struct io *io, char *buf, size_t len)
{
	struct pollfd pfd;
	long left_ms;
	ssize_t n;
	int r;

	if (io->buffered) {
		if (len > io->in_len - io->in_pos)
			len = io->in_len - io->in_pos;
		memcpy(buf, io->in_buf + io->in_pos, len);
		io->in_pos += len;
		return (long)len;
	}
	/* body_timeout_ms bounds the whole body, not each read: a body
	 * trickling in a byte at a time must not hold the worker for longer. */
	if ((left_ms = io_left_ms(io)) <= 0)
		return -1;
	if (io->in != NULL) {
		long avail = (long)(io->in->stop - io->in->rdNext);

		if (len > 65536)
			len = 65536;
		/* Take what is buffered, else wait for one record (not for len
		 * bytes, which could come in slowly for ever), no longer than the
		 * time left. */
		if (avail <= 0) {
			/* Set again only when the deadline has come nearer by
			 * more than SERVE_TIMEOUT_SLACK_MS: one system call per
			 * request in the usual case, not one per read. */
			if (io->sock_timeout_ms == 0 ||
			    left_ms + SERVE_TIMEOUT_SLACK_MS < io->sock_timeout_ms)
				io_receive_timeout(io, left_ms);
			if ((r = FCGX_GetChar(io->in)) == EOF)
				return FCGX_GetError(io->in) != 0 ? -1 : 0;
			buf[0] = (char)r;
			avail = (long)(io->in->stop - io->in->rdNext);
			if ((size_t)avail > len - 1)
				avail = (long)(len - 1);
			return 1 + (avail > 0 ? FCGX_GetStr(buf + 1, (int)avail, io->in) : 0);
		}
		if ((size_t)avail > len)
			avail = (long)len;
		return FCGX_GetStr(buf, (int)avail, io->in);
	}
	for (;;) {
		if ((left_ms = io_left_ms(io)) <= 0)
			return -1;
		pfd.fd = io->fd;
		pfd.events = POLLIN;
		r = poll(&pfd, 1, (int)left_ms);
		if (r == 0)
			return -1;	/* a body that stopped arriving */
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		n = read(io->fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		return n < 0 ? -1 : (long)n;
	}
}

static long
io_read(void *arg, char *buf, size_t len)
{
	struct io *io = arg;
	long n = io_read_some(io, buf, len);

	if (n > 0)
		io->consumed += (size_t)n;
	return n;
}

/* Read what is left of a refused body (SERVE_DRAIN_BYTES at most, within
 * the time left) and throw it away: a web server still writing it (under
 * mod_cgid) would otherwise lose the answer to a broken pipe, and the
 * client would see a transfer cut short. */
static void
io_drain(struct io *io, const struct request *req)
{
	const char *text = request_param(req, "CONTENT_LENGTH");
	char buf[4096];
	long length, n;
	size_t left;

	if (io->buffered || text == NULL || util_parse_long(text, 0, 1L << 40, &length) < 0 ||
	    (size_t)length <= io->consumed)
		return;
	io->refused = 1;
	left = (size_t)length - io->consumed;
	if (left > SERVE_DRAIN_BYTES)
		left = SERVE_DRAIN_BYTES;
	if (io->deadline_us == 0)
		io->deadline_us = util_monotonic_us() + (int64_t)SERVE_DRAIN_MS * 1000;
	while (left > 0 && (n = io_read(io, buf, left < sizeof(buf) ? left : sizeof(buf))) > 0)
		left -= (size_t)n;
}

static void
io_write(struct io *io, const char *data, size_t len)
{
	size_t done = 0;
	ssize_t n;

	if (io->buffered) {
		if (io->out_failed)
			return;
		if (len > io->out_cap - io->out_len) {
			size_t cap = io->out_cap ? io->out_cap : 1024;
			char *grown;

			while (len > cap - io->out_len)
				cap *= 2;
			if ((grown = realloc(io->out_buf, cap)) == NULL) {
				io->out_failed = 1;
				return;
			}
			io->out_buf = grown;
			io->out_cap = cap;
		}
		memcpy(io->out_buf + io->out_len, data, len);
		io->out_len += len;
		return;
	}
	if (io->out != NULL) {
		FCGX_PutStr(data, (int)len, io->out);
		return;
	}
	while (done < len) {
		n = write(STDOUT_FILENO, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		done += (size_t)n;
	}
}

static const char *
status_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 204: return "No Content";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 411: return "Length Required";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default:  return "Status";
	}
}

int
response_text(struct response *resp, int status, const char *text)
{
	free(resp->body);
	memset(resp, 0, sizeof(*resp));
	resp->status = status;
	if (text != NULL && (resp->body = strdup(text)) != NULL) {
		resp->content_type = "text/plain; charset=utf-8";
		resp->body_len = strlen(text);
	}
	return 0;
}

/* The head of an answer, built up to its room; too long, it is marked
 * and the answer becomes a bare 500. */
struct head {
	char   buf[1024];
	size_t len;
	int    over;
};

static void
head_put(struct head *h, const char *s, size_t len)
{
	if (h->over || len > sizeof(h->buf) - h->len) {
		h->over = 1;
		return;
	}
	memcpy(h->buf + h->len, s, len);
	h->len += len;
}

static void
head_text(struct head *h, const char *s)
{
	head_put(h, s, strlen(s));
}

static void
head_number(struct head *h, size_t v)
{
	char digits[24];
	size_t d = sizeof(digits);

	do
		digits[--d] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	head_put(h, digits + d, sizeof(digits) - d);
}

static void
response_write(struct io *io, const struct response *resp, int head_only)
{
	static const char failed[] = "Status: 500 Internal Server Error\r\n\r\n";
	struct head h;

	h.len = 0;
	h.over = 0;
	head_text(&h, "Status: ");
	head_number(&h, resp->status >= 0 ? (size_t)resp->status : 0);
	head_text(&h, " ");
	head_text(&h, status_reason(resp->status));
	if (resp->content_type != NULL) {
		head_text(&h, "\r\nContent-Type: ");
		head_text(&h, resp->content_type);
	}
	head_text(&h, "\r\nContent-Length: ");
	head_number(&h, resp->body_len);
	if (resp->allow != NULL) {
		head_text(&h, "\r\nAllow: ");
		head_text(&h, resp->allow);
	}
	head_text(&h, "\r\n");
	if (resp->extra_headers != NULL)
		head_text(&h, resp->extra_headers);
	head_text(&h, "\r\n");
	if (h.over) {
		io_write(io, failed, sizeof(failed) - 1);
		return;
	}
	io_write(io, h.buf, h.len);
	if (resp->body_len > 0 && !head_only)
		io_write(io, resp->body, resp->body_len);
}

/* Where the configuration is, and (in *origin, for the log) how it was
 * found: the request's PROXYHOOKS_CONF (a FastCGI parameter or the CGI
 * environment), else the process's, else proxyhooks.conf next to the
 * program (suexec passes no environment), else the compiled-in default.
 * proxyhooks.conf(5) documents this order. */
static const char *
config_path_for(struct serve *sv, const struct request *req, const char **origin)
{
	struct error why = { 0 };

	const char *path = request_param(req, "PROXYHOOKS_CONF");

	*origin = req->env == environ ? "PROXYHOOKS_CONF in the environment" :
	    "PROXYHOOKS_CONF of the request";
	if (path != NULL && *path != '\0')
		return path;
	*origin = "PROXYHOOKS_CONF in the environment";
	if ((path = getenv("PROXYHOOKS_CONF")) != NULL && *path != '\0')
		return path;
	/* Looked for once a process, and only when needed: a link that is
	 * not trusted is reported only where it would have been used. */
	if (!sv->beside_looked && sv->argv0 != NULL) {
		sv->beside_looked = 1;
		sv->beside = config_beside_program(sv->argv0, sv->beside_origin, PATH_MAX, &why);
		if (why.message[0] != '\0')
			log_warn("%s", why.message);
		strcat(sv->beside_origin, ", next to the program");
	}
	*origin = sv->beside_origin;
	if (sv->beside != NULL)
		return sv->beside;
	*origin = "the built-in default";
	return config_default_path();
}

/* Record the refusals counted since the last row, as one row. A store
 * failure is only logged: the answers stay the refusals they were. */
static void
refusals_flush(struct serve *sv)
{
	struct error err = { 0 };

	if (sv->refused == 0 || hook_store(&sv->loaded.ctx) == NULL)
		return;
	sv->refused_last_ms = util_now_ms();
	if (store_refusal_add(sv->loaded.ctx.store, sv->hook->name, sv->refused_last_ms,
	    sv->refused_url, sv->refused, &err) < 0)
		log_error("%s: recording the refusal: %s", sv->hook->name, err.message);
	sv->refused = 0;
	free(sv->refused_url);
	sv->refused_url = NULL;
}

static void
loaded_release(struct serve *sv)
{
	struct loaded *l = &sv->loaded;

	/* Events answered but not stored yet go to this store, not the next;
	 * so do the refusals counted. */
	if (l->ready && l->ctx.deferred > 0 && sv->hook->flush != NULL)
		sv->hook->flush(&l->ctx, 1);
	refusals_flush(sv);
	free(sv->refused_url);
	sv->refused_url = NULL;
	sv->refused = 0;
	if (l->ready && sv->hook->fini != NULL)
		sv->hook->fini(&l->ctx);
	if (l->ctx.store != NULL)
		store_close(l->ctx.store);
	store_shared_close(l->ctx.shared);
	tokens_free(&l->auth.tokens);
	tokens_free(&l->redact.tokens);
	config_free(l->config);
	free(l->path);
	l->path = NULL;
	l->config = NULL;
	l->ready = 0;
	memset(&l->ctx, 0, sizeof(l->ctx));
	memset(&l->auth, 0, sizeof(l->auth));
	memset(&l->redact, 0, sizeof(l->redact));
	memset(&l->config_mark, 0, sizeof(l->config_mark));
	l->store_retry_ms = 0;
}

/* Bring s up to date with the file at path (the setting name): 0 when it
 * holds the file's secrets, -1 after logging why not (once per version of
 * the file). Watched files are stat'ed only when an event came. */
static int
secret_refresh(struct secret *s, const char *path, const char *name)
{
	struct stamp now;
	struct error err = { 0 };
	int first_failure;

	if (s->ready && watch_unchanged(&s->mark))
		return 0;
	stamp_of(path, &now);
	watch_mark_take(&s->mark, watch_path(path) == 0);
	if (s->ready && stamp_equal(&now, &s->stamp))
		return 0;
	/* A file missing from the start has the stamp of none: the first
	 * failure is logged too. */
	first_failure = !s->tried || !stamp_equal(&now, &s->stamp) || s->ready;
	tokens_free(&s->tokens);
	s->ready = 0;
	s->tried = 1;
	s->stamp = now;
	if (tokens_load(path, &s->tokens, &err) < 0) {
		if (first_failure)
			log_error("%s: %s", name, err.message);
		return -1;
	}
	if (s->tokens.world_readable)
		log_warn("%s can be read by other users: chmod o-r it", path);
	s->ready = 1;
	return 0;
}

/* Open the store of the configuration loaded (ctx is the one of
 * serve_current's struct loaded); at most once a second after a failure. */
static int
loaded_store_open(struct hook_context *ctx)
{
	struct loaded *l = (struct loaded *)(void *)((char *)ctx - offsetof(struct loaded, ctx));
	struct error err = { 0 };
	int64_t now_ms = util_now_ms();

	if (l->ctx.store != NULL)
		return 0;
	if (now_ms < l->store_retry_ms)
		return -1;
	if (store_open_timeout(l->config->database, l->config->store_timeout_ms, &l->ctx.store,
	    &err) < 0) {
		log_error("store: %s", err.message);
		l->ctx.store = NULL;
		l->store_retry_ms = now_ms + 1000;	/* retry at most once a second */
		return -1;
	}
	if (!l->ctx.durable) {
		store_sync_commits(l->ctx.store, 0);
		/* A worker's answers do not wait for the WAL's copy. */
		if (l->fastcgi)
			store_checkpoint_behind(l->ctx.store);
	} else if (l->group && l->fastcgi) {
		/* After the group's answers (serve_group), not before them. */
		store_checkpoint_later(l->ctx.store);
	}
	/* The first store opened on a database makes the shared file. */
	if (l->ctx.shared == NULL)
		l->ctx.shared = store_shared_open(l->config->database);
	return 0;
}

/* Bring the configuration, tokens and store up to date for this request.
 * Returns 0 when the hook can run; -1 after logging why not (once per
 * version of the file, not per request). */
static int
serve_prepare(struct serve *sv, const char *path, const char *origin)
{
	struct loaded *l = &sv->loaded;
	struct stamp now;
	struct error err = { 0 };

	/* A worker whose files are watched stats them only when an event
	 * came (or now and then); otherwise at every request. */
	if (l->path != NULL && strcmp(l->path, path) == 0 && watch_unchanged(&l->config_mark)) {
		now = l->config_stamp;
	} else {
		stamp_of(path, &now);
		watch_mark_take(&l->config_mark, watch_path(path) == 0);
	}
	if (l->path == NULL || strcmp(l->path, path) != 0 || !stamp_equal(&now, &l->config_stamp)) {
		/* A file missing from the start has the stamp of none: the
		 * first failure of a process is logged too. */
		int first_failure = !l->failed || !stamp_equal(&now, &l->failed_stamp);

		loaded_release(sv);
		l->config_stamp = now;
		if ((l->path = strdup(path)) == NULL)
			return -1;
		if (config_load(path, &l->config, &err) < 0) {
			if (first_failure)
				log_error("configuration from %s: %s", origin, err.message);
			l->failed_stamp = now;
			l->failed = 1;
			return -1;
		}
		log_set_level((enum log_level)l->config->log_level);
		/* Which file, and why that one: once per worker, and in CGI
		 * (a process a request) only when debugging. */
		log_msg(sv->fastcgi ? LOG_INFO : LOG_DEBUG, "configuration %s (%s)", path, origin);
		if (geteuid() == 0 && !sv->allow_root && !l->config->allow_root) {
			if (first_failure)
				log_error("refusing to run as root: run as an unprivileged user "
				    "(or set allow_root = yes in %s, or pass --allow-root)", path);
			l->failed_stamp = now;
			l->failed = 1;
			return -1;
		}
		if (!l->config->validate_signatures)
			log_warn("validate_signatures = no in %s: requests are NOT authenticated; "
			    "use this only for local experiments", path);
		else if (sv->hook->needs_signature && l->config->public_base_url == NULL &&
		    !sv->said_host) {
			log_info("no public_base_url in %s: the URL checked against "
			    "X-Twilio-Signature is built from the Host header each client sends",
			    path);
			sv->said_host = 1;
		}
		l->ctx.config = l->config;
		l->ctx.hook_name = sv->hook->name;
		l->fastcgi = sv->fastcgi;
		l->group = sv->hook->group;
		l->ctx.defer = sv->defer && sv->hook->flush != NULL &&
		    (!sv->hook->group || sv->fastcgi);
		/* A hook whose answer is its decision (with flush, not group)
		 * never has its commits synced: its events outlive the process,
		 * not a power cut, in CGI as in a FastCGI worker's journal. */
		l->ctx.durable = sv->hook->flush == NULL || sv->hook->group;
		if (sv->hook->init != NULL && sv->hook->init(&l->ctx, &err) < 0) {
			if (first_failure)
				log_error("%s", err.message);
			l->failed_stamp = now;
			l->failed = 1;
			return -1;
		}
		l->ready = 1;
		l->failed = 0;
		memset(&l->failed_stamp, 0, sizeof(l->failed_stamp));
	}
	if (!l->ready)
		return -1;
	if (l->config->validate_signatures && sv->hook->needs_signature &&
	    secret_refresh(&l->auth, l->config->auth_token_file, "auth_token_file") < 0)
		return -1;
	/* The first line of the redaction key file is the key (never one
	 * that a failed read of the file freed). */
	l->ctx.redact_key = NULL;
	l->ctx.redact_key_len = 0;
	if (l->config->redact_bodies && l->config->redact_key_file != NULL) {
		if (secret_refresh(&l->redact, l->config->redact_key_file, "redact_key_file") < 0)
			return -1;
		l->ctx.redact_key = (const unsigned char *)l->redact.tokens.list[0];
		l->ctx.redact_key_len = strlen(l->redact.tokens.list[0]);
	}
	/* A CGI request that can answer from what other processes read
	 * (ctx->shared) and spool its event needs no database: SQLite is
	 * opened, and its schema read, only when it does (hook_store). */
	if (sv->cgi && !l->ctx.durable && l->config->cgi_spool_ms > 0 && l->ctx.store == NULL &&
	    l->config->database != NULL &&
	    !store_is_postgresql(l->config->database)) {
		if (l->ctx.shared == NULL)
			l->ctx.shared = store_shared_open(l->config->database);
		l->ctx.store_later = 1;
		l->ctx.store_open = loaded_store_open;
		return 0;
	}
	(void)loaded_store_open(&l->ctx);
	return 0;
}

/* A request refused for its signature is recorded for the dashboard,
 * where a wrong URL setting shows first, before the answer: each one,
 * except in a burst (another request waits), where a row a second stands
 * for every refusal of a URL since the row before, and the last request
 * of the burst records the rest. */
static void
signature_refusal_record(struct serve *sv, const struct io *io, const char *url)
{
	int same = sv->refused > 0 && (url == NULL ? sv->refused_url == NULL :
	    sv->refused_url != NULL && strcmp(url, sv->refused_url) == 0);

	if (sv->refused > 0 && !same)
		refusals_flush(sv);
	if (sv->refused++ == 0 && url != NULL)
		sv->refused_url = strdup(url);
	if (io->waiting && util_now_ms() - sv->refused_last_ms < 1000)
		return;
	refusals_flush(sv);
}

static int
signature_check(struct serve *sv, const struct io *io, const struct request *req)
{
	const struct config *c = sv->loaded.config;
	struct url_source src;
	struct error err = { 0 };
	char *url;
	int good;

	memset(&src, 0, sizeof(src));
	src.public_base_url = c->public_base_url;
	src.trust_forwarded = c->trust_forwarded_headers;
	src.https = request_param(req, "HTTPS");
	src.request_scheme = request_param(req, "REQUEST_SCHEME");
	src.http_host = request_param(req, "HTTP_HOST");
	src.server_name = request_param(req, "SERVER_NAME");
	src.server_port = request_param(req, "SERVER_PORT");
	src.request_uri = req->request_uri;
	src.forwarded_proto = request_param(req, "HTTP_X_FORWARDED_PROTO");
	src.forwarded_host = request_param(req, "HTTP_X_FORWARDED_HOST");
	if ((url = signature_url(&src, &err)) == NULL) {
		log_warn("%s: refused: the URL to check the signature against cannot be rebuilt: %s",
		    sv->hook->name, err.message);
		if (err.status != 400)
			signature_refusal_record(sv, io, NULL);
		return err.status == 400 ? -400 : 0;
	}
	good = req->signature != NULL && *req->signature != '\0' &&
	    signature_verify(url, &req->form, sv->loaded.auth.tokens.list,
	    sv->loaded.auth.tokens.count, req->signature) == 1;
	if (!good) {
		log_warn("%s: %s X-Twilio-Signature for URL %s (compare it with the URL set in "
		    "Twilio; behind a proxy set public_base_url)", sv->hook->name,
		    req->signature == NULL || *req->signature == '\0' ? "missing" : "wrong", url);
		signature_refusal_record(sv, io, url);
	}
	free(url);
	return good;
}

/* What a worker waits for: the listening socket, then the watched files'
 * descriptor when there is one. Returns how many. */
static nfds_t
serve_pollfds(struct pollfd pfd[2], int listener)
{
	pfd[0].fd = listener;
	pfd[0].events = POLLIN;
	pfd[0].revents = 0;
	if ((pfd[1].fd = watch_fd()) < 0)
		return 1;
	pfd[1].events = POLLIN;
	pfd[1].revents = 0;
	return 2;
}

/* At the start of a request, one system call: does another connection wait
 * at the listening socket (then this answer goes out before the batch is
 * stored), did a watched file change (watch.h), and is a stop signal
 * pending (it is let in here, handled after this request). */
static void
serve_look(struct serve *sv, struct io *io)
{
	static const struct timespec now = { 0, 0 };
	struct pollfd pfd[2];
	nfds_t n = serve_pollfds(pfd, io->listener);

	io->waiting = 0;
	if (ppoll(pfd, n, &now, &sv->let_in) <= 0)
		return;
	io->waiting = (pfd[0].revents & POLLIN) != 0;
	if (n == 2 && (pfd[1].revents & POLLIN) != 0)
		watch_drain();
}

/* Store the waiting events before answering? Yes unless another request
 * waited: a worker that goes idle has stored all it answered (and a
 * client that saw the answer finds the event), while a busy one answers
 * first and stores a burst at a time. */
static int
serve_flush_first(struct serve *sv, const struct io *io)
{
	if (sv->loaded.ctx.deferred == 0 || sv->hook->flush == NULL)
		return 0;
	if (io->listener >= 0)
		return !io->waiting;
	return sv->loaded.ctx.deferred >= sv->batch;	/* serve_buffer */
}

/* After an answer: store the batch once it is full or old enough. */
static void
serve_flush_after(struct serve *sv)
{
	struct hook_context *ctx = &sv->loaded.ctx;
	int64_t age;

	if (ctx->deferred == 0 || sv->hook->flush == NULL)
		return;
	age = util_monotonic_us() - ctx->deferred_since_us;
	if (ctx->deferred >= SERVE_BATCH_EVENTS || age >= SERVE_BATCH_US)
		sv->hook->flush(ctx, ctx->deferred >= SERVE_BATCH_EVENTS_MAX ||
		    age >= SERVE_BATCH_US_MAX);
}

/* Close what serve_sleep made. */
static void
serve_sleep_end(struct serve *sv)
{
	if (sv->idle_epfd > 0)
		close(sv->idle_epfd);
	sv->idle_epfd = 0;
}

/* Make the worker's epoll descriptor: listener, and the watched files'
 * descriptor when there is one (neither changes while the worker runs).
 * 0, or -1 with sv->idle_epfd -1 when it cannot be had. */
static int
serve_sleep_make(struct serve *sv, int listener)
{
	struct epoll_event ev;
	int watch = watch_fd();

	memset(&ev, 0, sizeof(ev));
	if ((sv->idle_epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
		goto fail;
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	ev.data.fd = listener;
	if (epoll_ctl(sv->idle_epfd, EPOLL_CTL_ADD, listener, &ev) < 0)
		goto fail;
	ev.events = EPOLLIN;
	ev.data.fd = watch;
	if (watch >= 0 && epoll_ctl(sv->idle_epfd, EPOLL_CTL_ADD, watch, &ev) < 0)
		goto fail;
	return 0;
fail:
	log_info("epoll unavailable (%s): idle workers sleep in ppoll()", strerror(errno));
	serve_sleep_end(sv);
	sv->idle_epfd = -1;
	return -1;
}

/*
 * Sleep until a connection waits at listener, a watched file changes or a
 * stop signal comes. In epoll with the listening socket added exclusive, a
 * connection wakes one idle worker rather than all of them, the others
 * going back to sleep at once having found none (two context switches
 * each, per request, with many workers idle). 0 once woken; -1 when
 * epoll cannot be had, for the caller to sleep in ppoll() instead.
 */
static int
serve_sleep(struct serve *sv, int listener)
{
	struct epoll_event ev[2];
	int i, n;

	if (sv->idle_epfd < 0 || (sv->idle_epfd == 0 && serve_sleep_make(sv, listener) < 0))
		return -1;
	n = epoll_pwait(sv->idle_epfd, ev, 2, -1, &sv->let_in);
	for (i = 0; i < n; i++)
		if (ev[i].data.fd != listener)
			watch_drain();
	return 0;
}

/* No connection waits at the listening socket: store what waits for its
 * batch, then sleep until a connection, an edit of a watched file or a
 * stop signal comes (the signals are let in only while sleeping, so that
 * none is missed between the look at serve_stopping and the sleep). */
static void
serve_idle(struct serve *sv, int listener)
{
	struct pollfd pfd[2];
	nfds_t n;

	if (sv->loaded.ctx.deferred > 0 && sv->hook->flush != NULL)
		sv->hook->flush(&sv->loaded.ctx, 1);
	refusals_flush(sv);
	if (serve_stopping)
		return;
	if (serve_sleep(sv, listener) == 0)
		return;
	n = serve_pollfds(pfd, listener);
	if (ppoll(pfd, n, NULL, &sv->let_in) > 0 && n == 2 && (pfd[1].revents & POLLIN) != 0)
		watch_drain();
}

/* Read the request and handle it: the answer into *resp, not written. */
static void
serve_handle(struct serve *sv, char *const *env, struct io *io, struct response *out,
    int *head_only_out)
{
	struct request req;
	struct response resp;
	struct error err = { 0 };
	struct request_limits limits;
	const char *path, *origin, *method;
	int head_only, signed_ok;

	memset(&resp, 0, sizeof(resp));
	memset(&req, 0, sizeof(req));
	req.env = env;
	io->consumed = 0;
	io->deadline_us = 0;
	path = config_path_for(sv, &req, &origin);
	method = request_param(&req, "REQUEST_METHOD");
	head_only = method != NULL && strcmp(method, "HEAD") == 0;
	if (serve_prepare(sv, path, origin) < 0) {
		response_text(&resp, 500, "proxyhooks: configuration error (see the error log)\n");
		io_drain(io, &req);
		goto answer;
	}
	/* Before the body is read: a test waits for this line to know that a
	 * worker holds the request. */
	log_debug("%s: %s request, Content-Length %s", sv->hook->name, method ? method : "?",
	    request_param(&req, "CONTENT_LENGTH") ? request_param(&req, "CONTENT_LENGTH") : "none");
	limits.max_body_bytes = sv->loaded.config->max_body_bytes;
	limits.allow_get = sv->hook->allow_get;
	io->timeout_ms = sv->loaded.config->body_timeout_ms;
	io->deadline_us = util_monotonic_us() + (int64_t)io->timeout_ms * 1000;
	if (request_read(&req, env, io_read, io, &limits, &err) < 0) {
		char text[600];

		snprintf(text, sizeof(text), "%s\n", err.message);
		response_text(&resp, err.status ? err.status : 400, text);
		if (err.status == 405)
			resp.allow = sv->hook->allow_get ? "GET, HEAD, POST" : "POST";
		if (err.status >= 500)
			log_error("%s: %s", sv->hook->name, err.message);
		else
			log_info("%s: refused %d: %s", sv->hook->name, resp.status, err.message);
		io_drain(io, &req);
		goto answer;
	}
	if (sv->hook->needs_signature && sv->loaded.config->validate_signatures &&
	    (signed_ok = signature_check(sv, io, &req)) != 1) {
		/* A malformed Host is the client's mistake (400); any other
		 * failure is the hook's refusal (401 on the intercept). */
		if (signed_ok == -400)
			response_text(&resp, 400, "malformed Host or request URI\n");
		else
			response_text(&resp, sv->hook->unsigned_status_for != NULL ?
			    sv->hook->unsigned_status_for(sv->loaded.config) : sv->hook->unsigned_status,
			    "invalid X-Twilio-Signature\n");
		goto answer;
	}
	if (sv->hook->handle(&sv->loaded.ctx, &req, &resp, &err) < 0) {
		log_error("%s: %s", sv->hook->name, err.message[0] ? err.message : "handler failed");
		response_text(&resp, 500, "proxyhooks: internal error (see the error log)\n");
	}
answer:
	request_free(&req);
	*out = resp;
	*head_only_out = head_only;
}

static void
serve_one(struct serve *sv, char *const *env, struct io *io)
{
	struct response resp;
	int head_only;

	serve_handle(sv, env, io, &resp, &head_only);
	if (serve_flush_first(sv, io))
		sv->hook->flush(&sv->loaded.ctx, 1);
	response_write(io, &resp, head_only);
	free(resp.body);
}

/* A connection the web server keeps waits for its next request as long
 * as it likes: the receive timeout of the body it sent is taken off. */
static void
serve_keep(FCGX_Request *freq, struct io *io)
{
	if (freq->keepConnection && io->sock_timeout_ms != 0)
		io_receive_timeout(io, 0);
}

/* Read on, once the answer is out, to the end of the request's body (the
 * empty FCGI_STDIN record): a web server may write it after the body
 * itself (Apache's mod_proxy_fcgi does), and loses the answer to a
 * connection closed before it (a broken pipe, then 503). Usually it came
 * with the body and waits in libfcgi's buffer; otherwise this waits for
 * it, within the socket's receive timeout. 1 once it is read; 0 when more
 * body came, or an error, or nothing in time. */
static int
serve_body_end(FCGX_Request *freq, struct io *io)
{
	if (FCGX_HasSeenEOF(freq->in))
		return 1;
	if (io->sock_timeout_ms == 0)
		io_receive_timeout(io, SERVE_DRAIN_MS);
	return FCGX_GetChar(freq->in) == EOF && FCGX_GetError(freq->in) == 0 &&
	    FCGX_HasSeenEOF(freq->in);
}

/* End a request whose answer is written. libfcgi closes gracefully: it
 * shuts its side and then waits, reading, until the web server has closed
 * its own, which the web server does once it has read the answer. That is
 * a sleep and a wake-up of the worker for every request, and a group's
 * answers, closed one after the other, waited for the web server one at a
 * time. The wait guards what the web server still sends from being
 * answered with a reset that could take the answer with it. With the
 * body read to its end and nothing left unread here, there is nothing to
 * guard, and the connection is closed at once. A refused body may still
 * be on its way (it was not read to its end): libfcgi's way then. */
static void
serve_finish(FCGX_Request *freq, struct io *io)
{
	int fd = freq->ipcFd, unread = -1;

	/* Sent first, as FCGX_Finish_r would (again: a no-op if done). */
	FCGX_FClose(freq->err);
	FCGX_FClose(freq->out);
	if (!freq->keepConnection && !io->refused && fd >= 0 && serve_body_end(freq, io) &&
	    ioctl(fd, FIONREAD, &unread) == 0 && unread == 0) {
		FCGX_Free(freq, 0);
		freq->ipcFd = -1;
		close(fd);
		return;
	}
	FCGX_Finish_r(freq);
}

/* One group of a hook that answers once recorded on disk (hook->group):
 * the requests waiting at the listening socket are read and handled one
 * after the other, their events waiting in the journal, until none waits
 * or SERVE_GROUP are held; then one synced transaction stores them all
 * (or the spool takes them, synced too) and only then is each answered.
 * An event neither could take makes every answer of the group a 500:
 * Twilio delivers them again, and the idempotency token keeps an event
 * that was stored once. Only the first request's connection may be kept
 * by the web server (its next request is read there, as in the plain
 * loop); the others are closed after their answer, so that a worker never
 * waits for a kept connection's next request with answers held. Returns
 * the accept's result when nothing was taken (-EAGAIN: idle). */
static int
serve_group(struct serve *sv, FCGX_Request *freq, struct io *io, int listener,
    const sigset_t *stop_signals)
{
	struct hook_context *ctx = &sv->loaded.ctx;
	struct response resp[SERVE_GROUP];
	int head_only[SERVE_GROUP], journaled[SERVE_GROUP];
	struct error err = { 0 };
	int n, i, c = 0, failed = 0;
	long before;

	n = 0;
	while (n < SERVE_GROUP && !serve_stopping) {
		/* A kept connection (only ever the first) may wait for its next
		 * request for ever: a stop signal must be able to end that read. */
		int kept = freq[n].ipcFd >= 0;

		if (kept)
			sigprocmask(SIG_SETMASK, &sv->let_in, NULL);
		c = FCGX_Accept_r(&freq[n]);
		if (kept)
			sigprocmask(SIG_BLOCK, stop_signals, NULL);
		if (c < 0)
			break;
		memset(&io[n], 0, sizeof(io[n]));
		io[n].fd = -1;
		io[n].listener = listener;
		io[n].in = freq[n].in;
		io[n].out = freq[n].out;
		io[n].sock = freq[n].ipcFd;
		serve_look(sv, &io[n]);
		before = ctx->deferred;
		serve_handle(sv, freq[n].envp, &io[n], &resp[n], &head_only[n]);
		journaled[n] = ctx->deferred > before;
		if (!io[n++].waiting)
			break;
	}
	if (n == 0)
		return c;
	if (ctx->deferred > 0 && sv->hook->flush != NULL) {
		long events = ctx->deferred;

		failed = sv->hook->flush(ctx, 1) < 0;
		log_debug("%s: %ld event(s) of %d request(s) recorded in one synced commit%s",
		    sv->hook->name, events, n, failed ? ", some not (answered 500)" : "");
	}
	for (i = 0; i < n; i++) {
		if (failed && journaled[i] && resp[i].status < 300)
			response_text(&resp[i], 500, "proxyhooks: the event could not be recorded "
			    "(see the error log)\n");
		response_write(&io[i], &resp[i], head_only[i]);
		free(resp[i].body);
		/* The answer's end (FCGI_END_REQUEST) sent now, for every answer
		 * before the first close: closing waits until the web server has
		 * closed its side, which it does once it has the answer. */
		FCGX_FClose(freq[i].err);
		FCGX_FClose(freq[i].out);
	}
	for (i = 0; i < n; i++) {
		if (i > 0)
			freq[i].keepConnection = 0;
		serve_keep(&freq[i], &io[i]);
		serve_finish(&freq[i], &io[i]);
	}
	if (ctx->store != NULL && store_checkpoint(ctx->store, ctx->config->store_timeout_ms,
	    &err) < 0)
		log_warn("store: %s", err.message);
	return 0;
}

/* serve_buffer keeps its state from call to call, as a FastCGI worker
 * does between requests: the configuration, tokens, policy and store are
 * loaded once and reloaded when their files change. */
static struct serve serve_buffered;

int
serve_buffer(const struct hook *hook, char *const *env, const char *body, size_t len,
    char **out, size_t *out_len)
{
	struct io io;

	*out = NULL;
	*out_len = 0;
	if (serve_buffered.hook != hook) {
		serve_buffer_release();
		serve_buffered.hook = hook;
	}
	memset(&io, 0, sizeof(io));
	io.fd = -1;
	io.listener = -1;
	io.buffered = 1;
	io.in_buf = body;
	io.in_len = body != NULL ? len : 0;
	serve_one(&serve_buffered, env, &io);
	if (io.out_failed) {
		free(io.out_buf);
		return -1;
	}
	*out = io.out_buf;
	*out_len = io.out_len;
	return 0;
}

void
serve_buffer_release(void)
{
	int defer = serve_buffered.defer;
	long batch = serve_buffered.batch;

	if (serve_buffered.hook != NULL)
		loaded_release(&serve_buffered);
	memset(&serve_buffered, 0, sizeof(serve_buffered));
	serve_buffered.defer = defer;
	serve_buffered.batch = batch;
}

void
serve_buffer_batch(long events)
{
	serve_buffer_release();
	serve_buffered.defer = events > 1;
	serve_buffered.batch = events;
}

/* --workers N: N processes accept on the one listening socket, so that
 * a client sending its body slowly holds one of them (for body_timeout_ms
 * at most), never the only one. The parent only watches: it starts a
 * worker again when one exits (a second later when it exited within a
 * second of starting), and passes a stop signal on to them all. Returns
 * 1 in each worker, which goes on to serve; 0 in the parent once every
 * worker has stopped. */
static int
serve_fork_workers(long count, const sigset_t *stop_signals)
{
	pid_t pids[SERVE_WORKERS_MAX], parent = getpid(), pid;
	int64_t started[SERVE_WORKERS_MAX], restart_at[SERVE_WORKERS_MAX], now;
	struct timespec second = { 1, 0 };
	sigset_t wait_set = *stop_signals;
	int sig, status, stopping = 0, alive;
	long i;

	sigaddset(&wait_set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &wait_set, NULL);
	memset(pids, 0, sizeof(pids));
	memset(restart_at, 0, sizeof(restart_at));
	for (;;) {
		now = util_monotonic_us() / 1000;
		alive = 0;
		for (i = 0; i < count; i++) {
			if (pids[i] == 0 && !stopping && now >= restart_at[i]) {
				if ((pid = fork()) == 0) {
					sigset_t child = { 0 };

					/* A worker ends with its parent. */
					prctl(PR_SET_PDEATHSIG, SIGTERM);
					if (getppid() != parent)
						_exit(0);
					sigemptyset(&child);
					sigaddset(&child, SIGCHLD);
					sigprocmask(SIG_UNBLOCK, &child, NULL);
					return 1;
				}
				if (pid < 0) {
					log_error("starting a worker: %s", strerror(errno));
					restart_at[i] = now + 1000;
				} else {
					pids[i] = pid;
					started[i] = now;
				}
			}
			alive += pids[i] != 0;
		}
		if (stopping && alive == 0)
			return 0;
		sig = sigtimedwait(&wait_set, NULL, &second);
		if (sig > 0 && sig != SIGCHLD && !stopping) {
			stopping = 1;
			for (i = 0; i < count; i++)
				if (pids[i] != 0)
					kill(pids[i], sig);
		}
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			now = util_monotonic_us() / 1000;
			for (i = 0; i < count && pids[i] != pid; i++)
				;
			if (i == count)
				continue;
			pids[i] = 0;
			if (stopping)
				continue;
			log_warn("worker %ld exited (%s %d): starting another", (long)pid,
			    WIFSIGNALED(status) ? "signal" : "status",
			    WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
			restart_at[i] = now - started[i] < 1000 ? now + 1000 : now;
		}
	}
}

static void
usage(const struct hook *hook, FILE *fp)
{
	fprintf(fp, "usage: proxyhooks-%s [--allow-root] [--workers N]\n"
	    "A FastCGI responder when standard input is a listening socket (spawn-fcgi,\n"
	    "systemd, mod_fcgid); otherwise it answers one CGI request. --workers N:\n"
	    "N processes serve the socket (FastCGI only).\n"
	    "The configuration is $PROXYHOOKS_CONF (a FastCGI parameter or the environment),\n"
	    "else proxyhooks.conf in the program's folder (owned by its user or root,\n"
	    "writable by no one else), else %s.\n"
	    "See proxyhooks-%s(8).\n", hook->name, config_default_path(), hook->name);
}

/* CGI: the answer is complete once standard output closes, so that the
 * web server need not wait for what closing the store may cost (a
 * checkpoint). /dev/null takes its place, for anything written later. */
static void
serve_output_done(void)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (fd < 0) {
		close(STDOUT_FILENO);
		return;
	}
	if (fd != STDOUT_FILENO) {
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
}

int
serve_main(int argc, char **argv, const struct hook *hook)
{
	static const struct option options[] = {
		{ "allow-root", no_argument, NULL, 'r' },
		{ "workers", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct serve sv;
	struct sigaction sa;
	sigset_t stop_signals;
	FCGX_Request freq;
	static FCGX_Request group_req[SERVE_GROUP];
	static struct io group_io[SERVE_GROUP];
	struct io io;
	int c;

	log_init(argv[0]);
	memset(&sv, 0, sizeof(sv));
	sv.hook = hook;
	sv.argv0 = argv[0];
	/* CGI may pass an ISINDEX query as arguments: only options are read. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'r':
			sv.allow_root = 1;
			break;
		case 'w':
			if (util_parse_long(optarg, 1, SERVE_WORKERS_MAX, &sv.workers) < 0) {
				log_error("--workers: '%s' is not a number from 1 to %d", optarg,
				    SERVE_WORKERS_MAX);
				return 2;
			}
			break;
		case 'h':
			usage(hook, stdout);
			return 0;
		case 'V':
			printf("proxyhooks-%s %s\n", hook->name, PACKAGE_VERSION);
			return 0;
		default:
			break;
		}
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: accept() must return */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);	/* Apache's graceful stop */
	signal(SIGPIPE, SIG_IGN);

	memset(&io, 0, sizeof(io));
	io.listener = -1;
	if (FCGX_IsCGI()) {
		sv.cgi = 1;
		io.fd = STDIN_FILENO;
		serve_one(&sv, environ, &io);
		serve_output_done();
		loaded_release(&sv);
		free(sv.beside);
		return 0;
	}
	if (FCGX_Init() != 0 || FCGX_InitRequest(&freq, 0, 0) != 0) {
		log_error("cannot initialise FastCGI");
		return 1;
	}
	for (c = 0; hook->group && c < SERVE_GROUP; c++)
		if (FCGX_InitRequest(&group_req[c], 0, 0) != 0) {
			log_error("cannot initialise FastCGI");
			return 1;
		}
	/* A stop signal during a request would interrupt libfcgi's reads and
	 * writes (it treats EINTR as an error): the stop signals are held all
	 * the time and let in only inside ppoll(), once at the start of each
	 * request (serve_look), and inside epoll_pwait() while idle
	 * (serve_idle), which costs no system call of its own. */
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGUSR1);
	sigprocmask(SIG_BLOCK, &stop_signals, &sv.let_in);
	sigdelset(&sv.let_in, SIGTERM);
	sigdelset(&sv.let_in, SIGINT);
	sigdelset(&sv.let_in, SIGUSR1);
	/* The worker accepts without blocking and sleeps in epoll_pwait()
	 * instead (serve_sleep; accepted connections do not inherit
	 * O_NONBLOCK): there the stop signals come in, and a hook with events
	 * waiting for their batch stores them when no request comes. */
	if ((c = fcntl(freq.listen_sock, F_GETFL)) < 0 ||
	    fcntl(freq.listen_sock, F_SETFL, c | O_NONBLOCK) < 0) {
		log_error("cannot make the listening socket non-blocking: %s", strerror(errno));
		return 1;
	}
	if (sv.workers > 1) {
		log_info("serving FastCGI requests with %ld workers", sv.workers);
		if (serve_fork_workers(sv.workers, &stop_signals) == 0)
			return 0;	/* the parent, its workers stopped */
	} else
		log_info("serving FastCGI requests");
	io.listener = freq.listen_sock;
	sv.fastcgi = 1;
	sv.defer = hook->flush != NULL;
	/* Edits of the configuration, token file and policy are noticed
	 * through inotify rather than a stat() of each per request; without
	 * it (a limit reached) they are stat'ed as before. */
	if (watch_start() < 0)
		log_info("inotify unavailable (%s): files are checked at every request",
		    strerror(errno));
	while (hook->group && !serve_stopping) {
		c = serve_group(&sv, group_req, group_io, freq.listen_sock, &stop_signals);
		if (c == -EAGAIN || c == -EWOULDBLOCK)
			serve_idle(&sv, freq.listen_sock);
		else if (c < 0)
			break;
	}
	while (!hook->group && !serve_stopping) {
		/* A connection the web server keeps (FCGI_KEEP_CONN) may wait
		 * for its next request for ever: a stop signal must be able to
		 * end that read. */
		int kept = freq.ipcFd >= 0;

		if (kept)
			sigprocmask(SIG_SETMASK, &sv.let_in, NULL);
		c = FCGX_Accept_r(&freq);
		if (kept)
			sigprocmask(SIG_BLOCK, &stop_signals, NULL);
		if (c == -EAGAIN || c == -EWOULDBLOCK) {
			serve_idle(&sv, freq.listen_sock);
			continue;
		}
		if (c < 0)
			break;
		io.in = freq.in;
		io.out = freq.out;
		io.sock = freq.ipcFd;
		io.sock_timeout_ms = 0;	/* a new connection has none, a kept one was reset */
		serve_look(&sv, &io);
		serve_one(&sv, freq.envp, &io);
		serve_keep(&freq, &io);
		serve_finish(&freq, &io);
		serve_flush_after(&sv);
	}
	log_info("stopping");
	serve_sleep_end(&sv);
	loaded_release(&sv);
	free(sv.beside);
	watch_stop();
	return 0;
}
