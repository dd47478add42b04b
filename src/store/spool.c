/* spool: events the store could not take in time, kept on disk until a
 * replay puts them in the store (see spool.h for the files). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "proxyhooks/base/log.h"
#include "proxyhooks/base/safefile.h"
#include "proxyhooks/store/spool.h"
#include "proxyhooks/base/util.h"

#ifndef LOCALSTATEDIR
#define LOCALSTATEDIR "/var"
#endif

#define SPOOL_LINE_VERSION 1
#define SPOOL_OFFSET_SIZE 64	/* replay.lock: "INODE OFFSET\n", padded */

/* The files, in the folder; every one opened through safefile. */
#define SPOOL_EVENTS    "events.spool"
#define SPOOL_REPLAYING "replaying.spool"
#define SPOOL_LOCK      "replay.lock"
#define SPOOL_REJECTED  "rejected.spool"

/* A name changing under each attempt (replays renaming it meanwhile) is
 * tried this many times, then reported. */
#define SPOOL_ATTEMPTS 100

/* A replay waits this long for another's lock (a replay running, or a
 * writer): past it, an error saying so, not a wait without end. */
#define SPOOL_LOCK_WAIT_MS 60000

struct spool {
	struct safedir dir;	/* its owner gets the files root makes there */
};

char *
spool_dir_for(const char *spool_dir, const char *database)
{
	const char *slash;
	char *dir;

	if (spool_dir != NULL && *spool_dir != '\0')
		return strdup(spool_dir);
	if (database == NULL || *database == '\0' || store_is_postgresql(database))
		return strdup(LOCALSTATEDIR "/spool/proxyhooks");
	if (strncmp(database, "sqlite:", 7) == 0)
		database += 7;
	if ((slash = strrchr(database, '/')) == NULL)
		return strdup("spool");
	if (asprintf(&dir, "%.*s/spool", (int)(slash - database), database) < 0)
		return NULL;
	return dir;
}

void
spool_close(struct spool *spool)
{
	if (spool == NULL)
		return;
	safedir_close(&spool->dir);
	free(spool);
}

int
spool_open(const char *dir, struct spool **out, struct error *err)
{
	struct spool *spool;
	struct error dir_err = { 0 };

	if ((spool = calloc(1, sizeof(*spool))) == NULL) {
		error_set(err, "out of memory");
		return -1;
	}
	if (safedir_open(&spool->dir, dir, 1, &dir_err) < 0) {
		error_set(err, "spool_dir %s", dir_err.message);
		free(spool);
		return -1;
	}
	*out = spool;
	return 0;
}

const char *
spool_dir(const struct spool *spool)
{
	return spool->dir.path;
}

const struct safedir *
spool_safedir(const struct spool *spool)
{
	return &spool->dir;
}

/* Open the spool's file name with flags (O_CREAT: made, mode 0640, its
 * name synced), through safefile: no link followed, none but a regular
 * file of the folder's owner (or ours) used, whoever runs this. */
static int
spool_file(const struct spool *spool, const char *name, int flags, struct error *err)
{
	int fd, created;

	if ((fd = safefile_open(&spool->dir, name, flags, 0640, &created, err)) < 0)
		return -1;
	if (created && safedir_sync(&spool->dir) < 0) {
		error_set(err, "spool %s: %s", spool->dir.path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int
json_set_text(json_t *obj, const char *name, const char *value)
{
	json_t *v;

	if (value == NULL)
		return 0;
	if ((v = json_string(value)) == NULL)
		return -1;
	return json_object_set_new(obj, name, v);
}

/* One event as one line of JSON, with its newline, after a newline that
 * spool_append writes only when the file does not end with one. The
 * parameters, last, are store_params_json's text put in as it is: it is
 * what jansson would write (compact, valid UTF-8), and reading it back
 * to write it again was a quarter of a CGI request. */
static char *
spool_line(const struct event *ev, struct error *err)
{
	json_t *line = json_object();
	char *params_json = NULL, *text = NULL, *out = NULL;
	size_t len;

	if (line == NULL) {
		error_set(err, "out of memory spooling the event");
		goto out;
	}
	if ((params_json = store_params_json(ev->params)) == NULL) {
		error_set(err, "%s event %s: a parameter is not valid UTF-8 (or out of memory): "
		    "cannot spool it", ev->hook ? ev->hook : "?", ev->event_key ? ev->event_key : "?");
		goto out;
	}
	if (json_object_set_new(line, "v", json_integer(SPOOL_LINE_VERSION)) < 0 ||
	    json_set_text(line, "event_key", ev->event_key) < 0 ||
	    json_set_text(line, "hook", ev->hook) < 0 ||
	    json_object_set_new(line, "received_ms", json_integer(ev->received_ms)) < 0 ||
	    json_set_text(line, "idempotency_token", ev->idempotency_token) < 0 ||
	    json_set_text(line, "interaction_sid", ev->interaction_sid) < 0 ||
	    json_set_text(line, "session_sid", ev->session_sid) < 0 ||
	    json_set_text(line, "participant_sid", ev->participant_sid) < 0 ||
	    json_set_text(line, "decision", ev->decision) < 0 ||
	    json_set_text(line, "rule", ev->rule) < 0 ||
	    (ev->decision_us >= 0 &&
	    json_object_set_new(line, "decision_us", json_integer(ev->decision_us)) < 0) ||
	    json_set_text(line, "response", ev->response) < 0 ||
	    json_set_text(line, "found", ev->found) < 0) {
		error_set(err, "%s event %s: a field is not valid UTF-8: cannot spool it",
		    ev->hook ? ev->hook : "?", ev->event_key ? ev->event_key : "?");
		goto out;
	}
	/* {"v":1,...} less its closing brace, then ,"params":TEXT}. */
	if ((text = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL ||
	    (len = strlen(text)) < 2 || text[len - 1] != '}' ||
	    asprintf(&out, "\n%.*s,\"params\":%s}\n", (int)(len - 1), text, params_json) < 0) {
		out = NULL;
		error_set(err, "out of memory spooling the event");
	}
out:
	free(text);
	free(params_json);
	json_decref(line);
	return out;
}

static int
spool_write(struct spool *spool, const struct event *ev, int sync, off_t *bytes,
    struct error *err)
{
	struct stat held, named;
	char *line, *p, last;
	size_t len;
	ssize_t n;
	int fd = -1, attempt, rc = -1;

	if (ev->event_key == NULL) {
		error_set(err, "spool: an event needs its key to be replayed once");
		return -1;
	}
	if ((line = spool_line(ev, err)) == NULL)
		return -1;
	/* A replay renames the file under its lock: whoever then gets the lock
	 * on the old file must write to the new one. */
	for (attempt = 0; attempt < SPOOL_ATTEMPTS; attempt++) {
		if ((fd = spool_file(spool, SPOOL_EVENTS, O_RDWR | O_APPEND | O_CREAT, err)) < 0)
			goto out;
		if (safefile_lock(&spool->dir, SPOOL_EVENTS, fd, LOCK_EX, 0, err) < 0 ||
		    fstat(fd, &held) < 0) {
			error_set(err, "spool %s/%s: %s", spool_dir(spool), SPOOL_EVENTS,
			    strerror(errno));
			goto out;
		}
		if (safefile_stat(&spool->dir, SPOOL_EVENTS, &named) == 0 &&
		    named.st_ino == held.st_ino && named.st_dev == held.st_dev)
			break;
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		error_set(err, "spool %s/%s: the file keeps moving", spool_dir(spool),
		    SPOOL_EVENTS);
		goto out;
	}
	/* A writer killed in the middle of its line left no newline: end that
	 * line first (a replay sets it aside), or it would swallow this one. */
	if (held.st_size > 0 && (pread(fd, &last, 1, held.st_size - 1) != 1 || last != '\n'))
		p = line;
	else
		p = line + 1;
	len = strlen(p);
	n = write(fd, p, len);
	if (n != (ssize_t)len) {
		/* Half a line would read as garbage: take it back. */
		error_set(err, "spool %s/%s: write: %s", spool_dir(spool), SPOOL_EVENTS,
		    n < 0 ? strerror(errno) : "short write (disk full?)");
		if (n > 0 && ftruncate(fd, held.st_size) < 0)
			log_error("spool %s/%s: cannot remove a partial line: %s", spool_dir(spool),
			    SPOOL_EVENTS, strerror(errno));
		goto out;
	}
	if (bytes != NULL)
		*bytes = held.st_size + (off_t)len;
	/* Synced after unlocking: others append meanwhile, one sync covers all. */
	flock(fd, LOCK_UN);
	if (sync && fdatasync(fd) < 0) {
		error_set(err, "spool %s/%s: fdatasync: %s", spool_dir(spool), SPOOL_EVENTS,
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(line);
	return rc;
}

int
spool_append(struct spool *spool, const struct event *ev, struct error *err)
{
	return spool_write(spool, ev, 1, NULL, err);
}

int
spool_append_unsynced(struct spool *spool, const struct event *ev, off_t *bytes,
    struct error *err)
{
	return spool_write(spool, ev, 0, bytes, err);
}

int
spool_pending(const struct spool *spool)
{
	struct stat st;

	if (safefile_stat(&spool->dir, SPOOL_REPLAYING, &st) == 0)
		return 1;
	return safefile_stat(&spool->dir, SPOOL_EVENTS, &st) == 0 && st.st_size > 0;
}

/* How far the interrupted replay of the file with inode ino got. */
static off_t
offset_read(int lock, ino_t ino)
{
	char buf[SPOOL_OFFSET_SIZE + 1];
	unsigned long long file_ino, offset;
	ssize_t n;

	n = pread(lock, buf, SPOOL_OFFSET_SIZE, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	if (sscanf(buf, "%llu %llu", &file_ino, &offset) != 2 || file_ino != (unsigned long long)ino)
		return 0;
	return (off_t)offset;
}

/* Not synced: losing it means lines are offered again, and the store
 * knows their keys. */
static void
offset_write(int lock, ino_t ino, off_t offset)
{
	char buf[SPOOL_OFFSET_SIZE];

	memset(buf, ' ', sizeof(buf));
	snprintf(buf, sizeof(buf), "%llu %llu\n", (unsigned long long)ino,
	    (unsigned long long)offset);
	buf[strlen(buf)] = ' ';
	buf[sizeof(buf) - 1] = '\n';
	if (pwrite(lock, buf, sizeof(buf), 0) != (ssize_t)sizeof(buf))
		log_warn("spool: cannot note the replay's progress: %s", strerror(errno));
}

/* Why the replay stopped (a store error), after the progress: spool
 * status tells it from a replay that was killed. Cleared when the next
 * one begins. */
static void
stop_write(int lock, const char *why)
{
	char buf[SPOOL_STOP_SIZE + 32];
	int n = snprintf(buf, sizeof(buf), "%lld %.*s\n", (long long)util_now_ms(),
	    SPOOL_STOP_SIZE - 1, why);

	if (pwrite(lock, buf, (size_t)n, SPOOL_OFFSET_SIZE) != n)
		log_warn("spool: cannot note why the replay stopped: %s", strerror(errno));
}

static void
stop_read(int lock, struct spool_status *status)
{
	char buf[SPOOL_STOP_SIZE + 32], *end;
	ssize_t n = pread(lock, buf, sizeof(buf) - 1, SPOOL_OFFSET_SIZE);
	long long ms;

	if (n <= 0)
		return;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	ms = strtoll(buf, &end, 10);
	if (end == buf || *end != ' ')
		return;
	status->stopped_ms = ms;
	snprintf(status->stopped, sizeof(status->stopped), "%s", end + 1);
}

/* Keep a line the store will never take where the operator finds it. */
static int
spool_reject(struct spool *spool, const char *line, size_t len, const char *why,
    struct error *err)
{
	int fd, rc = 0;
	ssize_t n;

	log_error("spool: an event the store refused is kept in %s/%s: %s", spool_dir(spool),
	    SPOOL_REJECTED, why);
	if ((fd = spool_file(spool, SPOOL_REJECTED, O_WRONLY | O_APPEND | O_CREAT, err)) < 0)
		return -1;
	n = write(fd, line, len);
	if (n == (ssize_t)len && line[len - 1] != '\n')
		n = write(fd, "\n", 1) == 1 ? n : -1;
	if (n < 0 || fdatasync(fd) < 0) {
		error_set(err, "spool %s/%s: %s", spool_dir(spool), SPOOL_REJECTED, strerror(errno));
		rc = -1;
	}
	close(fd);
	return rc;
}

static const char *
json_text(json_t *obj, const char *name)
{
	return json_string_value(json_object_get(obj, name));
}

/* Store one spooled line: 0 stored, 1 a duplicate, -1 the store failed,
 * STORE_REFUSED (why in err) when it never will. */
static int
replay_line(struct store *store, const char *line, size_t len, struct error *err)
{
	json_t *obj, *params, *pair, *took;
	struct form form = { 0 };
	struct event ev;
	json_error_t jerr;
	size_t i;
	int dup = 0, rc = STORE_REFUSED;

	if ((obj = json_loadb(line, len, 0, &jerr)) == NULL) {
		error_set(err, "not JSON: %s", jerr.text);
		return STORE_REFUSED;
	}
	memset(&ev, 0, sizeof(ev));
	ev.hook = json_text(obj, "hook");
	ev.event_key = json_text(obj, "event_key");
	ev.received_ms = json_integer_value(json_object_get(obj, "received_ms"));
	ev.idempotency_token = json_text(obj, "idempotency_token");
	ev.interaction_sid = json_text(obj, "interaction_sid");
	ev.session_sid = json_text(obj, "session_sid");
	ev.participant_sid = json_text(obj, "participant_sid");
	ev.decision = json_text(obj, "decision");
	ev.rule = json_text(obj, "rule");
	took = json_object_get(obj, "decision_us");
	ev.decision_us = json_is_integer(took) ? json_integer_value(took) : -1;
	ev.response = json_text(obj, "response");
	ev.found = json_text(obj, "found");	/* absent from older lines */
	params = json_object_get(obj, "params");
	if (json_integer_value(json_object_get(obj, "v")) != SPOOL_LINE_VERSION ||
	    ev.hook == NULL || ev.event_key == NULL || !json_is_array(params)) {
		error_set(err, "not a spooled event (version %d)", SPOOL_LINE_VERSION);
		goto out;
	}
	json_array_foreach(params, i, pair) {
		const char *name = json_string_value(json_array_get(pair, 0));
		const char *value = json_string_value(json_array_get(pair, 1));

		if (name == NULL || value == NULL) {
			error_set(err, "parameter %zu is not [name, value]", i + 1);
			goto out;
		}
		if (form_add(&form, name, value) < 0) {
			error_set(err, "out of memory");
			rc = -1;
			goto out;
		}
	}
	ev.params = &form;
	if ((rc = store_event_add(store, &ev, &dup, err)) == 0 && dup)
		rc = 1;
out:
	form_free(&form);
	json_decref(obj);
	return rc;
}

/* Replay replaying.spool from where the last replay stopped. 1 when it is
 * all in the store, 0 when the budget ran out, -1 when the store failed. */
/* Up to this many lines are stored in one transaction: one commit (and
 * fsync) for a batch, so that a spool filled during an outage drains
 * faster than a busy hook fills it. */
#define SPOOL_REPLAY_BATCH 256

/* What a batch stored, counted once it is committed. */
struct replay_batch {
	int  begun;
	long lines;
	long replayed;
	long duplicates;
};

/* Commit the lines stored since the last commit and move the saved offset
 * past them (only then: a crash before it replays them again, and their
 * event keys make that harmless). */
static int
replay_commit(struct store *store, int lock, ino_t ino, off_t offset, struct replay_batch *b,
    struct spool_stats *stats, struct error *err)
{
	if (b->begun) {
		b->begun = 0;
		if (store_commit(store, err) < 0)
			return -1;
	}
	stats->replayed += b->replayed;
	stats->duplicates += b->duplicates;
	b->lines = b->replayed = b->duplicates = 0;
	offset_write(lock, ino, offset);
	return 0;
}

static int
replay_file(struct spool *spool, struct store *store, int lock, int64_t deadline_us,
    struct spool_stats *stats, struct error *err)
{
	struct error line_err, begin_err;
	struct replay_batch b = { 0, 0, 0, 0 };
	struct stat st;
	FILE *fp = NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	off_t offset;
	int fd, rc = -1, r, late;

	if ((fd = spool_file(spool, SPOOL_REPLAYING, O_RDONLY, err)) < 0)
		return -1;
	if (fstat(fd, &st) < 0 || (fp = fdopen(fd, "r")) == NULL) {
		error_set(err, "spool %s/%s: %s", spool_dir(spool), SPOOL_REPLAYING, strerror(errno));
		close(fd);
		return -1;
	}
	offset = offset_read(lock, st.st_ino);
	if (offset > st.st_size || fseeko(fp, offset, SEEK_SET) < 0)
		offset = 0;
	while ((n = getline(&line, &cap, fp)) > 0) {
		memset(&line_err, 0, sizeof(line_err));
		/* A batch when the store's lock is free now; else this line
		 * commits by itself, waiting for the lock as it always did. */
		if (!b.begun) {
			memset(&begin_err, 0, sizeof(begin_err));
			b.begun = store_begin(store, 0, &begin_err) == 1;
		}
		if (n == 1 && line[0] == '\n')
			r = 1;		/* nothing: counted as nothing either */
		else if (line[n - 1] != '\n') {
			/* Only a crash in the middle of a write leaves this. */
			error_set(&line_err, "an incomplete last line");
			r = STORE_REFUSED;
		} else
			r = replay_line(store, line, (size_t)n, &line_err);
		if (r == -1) {
			error_set(err, "%s", line_err.message);
			goto out;
		}
		if (r == STORE_REFUSED) {
			/* What was stored before it is committed first, so that a
			 * line is never set aside twice. */
			if (replay_commit(store, lock, st.st_ino, offset, &b, stats, err) < 0)
				goto out;
			if (spool_reject(spool, line, (size_t)n, line_err.message, err) < 0)
				goto out;
			stats->rejected++;
		} else if (r == 1)
			b.duplicates += n > 1;
		else
			b.replayed++;
		offset += n;
		late = deadline_us > 0 && util_monotonic_us() >= deadline_us;
		if ((!b.begun || ++b.lines >= SPOOL_REPLAY_BATCH || late) &&
		    replay_commit(store, lock, st.st_ino, offset, &b, stats, err) < 0)
			goto out;
		if (late) {
			stats->more = 1;
			rc = feof(fp) || fgetc(fp) == EOF ? 1 : 0;
			goto out;
		}
	}
	if (ferror(fp)) {
		error_set(err, "spool %s/%s: read: %s", spool_dir(spool), SPOOL_REPLAYING,
		    strerror(errno));
		goto out;
	}
	if (replay_commit(store, lock, st.st_ino, offset, &b, stats, err) < 0)
		goto out;
	rc = 1;
out:
	if (b.begun)
		store_rollback(store);
	if (rc == 1)
		stats->more = 0;
	free(line);
	fclose(fp);
	return rc;
}

/* Take events.spool for replaying: 1 taken, 0 nothing waits, -1 error. */
static int
spool_take(struct spool *spool, struct error *err)
{
	struct stat held, named;
	struct error open_err = { 0 };
	int fd, attempt, rc = -1;

	for (attempt = 0;; attempt++) {
		if (attempt == SPOOL_ATTEMPTS) {
			error_set(err, "spool %s/%s: the file keeps moving", spool_dir(spool),
			    SPOOL_EVENTS);
			return -1;
		}
		if ((fd = spool_file(spool, SPOOL_EVENTS, O_RDONLY, &open_err)) < 0) {
			if (errno == ENOENT)
				return 0;
			error_set(err, "spool %s", open_err.message);
			return -1;
		}
		if (safefile_lock(&spool->dir, SPOOL_EVENTS, fd, LOCK_EX, SPOOL_LOCK_WAIT_MS,
		    err) < 0 || fstat(fd, &held) < 0) {
			error_set(err, "spool %s/%s: %s", spool_dir(spool), SPOOL_EVENTS,
			    strerror(errno));
			goto out;
		}
		if (safefile_stat(&spool->dir, SPOOL_EVENTS, &named) == 0 &&
		    named.st_ino == held.st_ino)
			break;
		close(fd);
	}
	if (held.st_size == 0) {
		rc = 0;
		goto out;
	}
	if (safefile_rename(&spool->dir, SPOOL_EVENTS, SPOOL_REPLAYING, err) < 0)
		goto out;
	if (safedir_sync(&spool->dir) < 0) {
		error_set(err, "spool %s: %s", spool_dir(spool), strerror(errno));
		goto out;
	}
	rc = 1;
out:
	close(fd);
	return rc;
}

int
spool_replay(struct spool *spool, struct store *store, int wait, long budget_ms,
    struct spool_stats *stats, struct error *err)
{
	struct stat st;
	int64_t deadline_us = budget_ms > 0 ? util_monotonic_us() + budget_ms * 1000 : 0;
	struct error lock_err = { 0 };
	int lock, r, rc = -1;

	memset(stats, 0, sizeof(*stats));
	if ((lock = spool_file(spool, SPOOL_LOCK, O_RDWR | O_CREAT, &lock_err)) < 0) {
		error_set(err, "%s (run proxyhooks as the hooks' user)", lock_err.message);
		return -1;
	}
	if (safefile_lock(&spool->dir, SPOOL_LOCK, lock, wait ? LOCK_EX : LOCK_EX | LOCK_NB,
	    wait ? SPOOL_LOCK_WAIT_MS : 0, &lock_err) < 0) {
		if (errno == EWOULDBLOCK) {
			stats->busy = 1;
			rc = 0;
		} else
			error_set(err, "%s", lock_err.message);
		goto out;
	}
	/* The note of why the one before stopped is old news now. */
	if (fstat(lock, &st) == 0 && st.st_size > SPOOL_OFFSET_SIZE &&
	    ftruncate(lock, SPOOL_OFFSET_SIZE) < 0)
		log_warn("spool %s: %s", SPOOL_LOCK, strerror(errno));
	for (;;) {
		if (safefile_stat(&spool->dir, SPOOL_REPLAYING, &st) < 0) {
			if ((r = spool_take(spool, err)) < 0)
				goto out;
			if (r == 0)
				break;
		}
		if ((r = replay_file(spool, store, lock, deadline_us, stats, err)) < 0) {
			stop_write(lock, err->message);
			goto out;
		}
		if (r == 0)
			break;
		/* All of it is stored: forget the progress (synced, so that it can
		 * never apply to the next file), then the file. */
		if (ftruncate(lock, 0) < 0 || fdatasync(lock) < 0) {
			error_set(err, "spool %s/%s: %s", spool_dir(spool), SPOOL_LOCK,
			    strerror(errno));
			goto out;
		}
		if (safefile_unlink(&spool->dir, SPOOL_REPLAYING, err) < 0)
			goto out;
		safedir_sync(&spool->dir);
		if (deadline_us > 0 && util_monotonic_us() >= deadline_us) {
			stats->more = spool_pending(spool);
			break;
		}
	}
	rc = 0;
out:
	close(lock);	/* and with it the lock */
	return rc;
}

/* Count the lines of the spool's file name from offset; the first one's received_ms into
 * *first_ms when it is still 0. */
static int
count_lines(const struct spool *spool, const char *name, off_t offset, long *lines, long *bytes,
    int64_t *first_ms, struct error *err)
{
	struct error open_err = { 0 };
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	json_t *obj;
	int fd;

	if ((fd = spool_file(spool, name, O_RDONLY, &open_err)) < 0) {
		if (errno == ENOENT)
			return 0;
		error_set(err, "spool %s", open_err.message);
		return -1;
	}
	if ((fp = fdopen(fd, "r")) == NULL) {
		error_set(err, "spool %s/%s: %s", spool_dir(spool), name, strerror(errno));
		close(fd);
		return -1;
	}
	if (offset > 0 && fseeko(fp, offset, SEEK_SET) < 0)
		rewind(fp);
	while ((n = getline(&line, &cap, fp)) > 0) {
		if (n == 1)
			continue;
		(*lines)++;
		*bytes += n;
		if (first_ms != NULL && *first_ms == 0 &&
		    (obj = json_loadb(line, (size_t)n, 0, NULL)) != NULL) {
			*first_ms = json_integer_value(json_object_get(obj, "received_ms"));
			json_decref(obj);
		}
	}
	free(line);
	fclose(fp);
	return 0;
}

int
spool_status(const struct spool *spool, struct spool_status *status, struct error *err)
{
	struct error lock_err = { 0 };
	struct stat st;
	long bytes = 0;
	off_t offset = 0;
	int lock;

	memset(status, 0, sizeof(*status));
	if (safefile_stat(&spool->dir, SPOOL_REPLAYING, &st) == 0) {
		status->replaying = 1;
		/* Missing or refused: the count starts at the file's start. */
		if ((lock = spool_file(spool, SPOOL_LOCK, O_RDONLY, &lock_err)) >= 0) {
			offset = offset_read(lock, st.st_ino);
			/* Held: a replay is at work now; else the note says
			 * why the last one stopped, if it knew. */
			if (flock(lock, LOCK_SH | LOCK_NB) < 0 && errno == EWOULDBLOCK)
				status->running = 1;
			else
				stop_read(lock, status);
			close(lock);
		} else if (errno != ENOENT) {
			error_set(err, "spool %s", lock_err.message);
			return -1;
		}
		if (count_lines(spool, SPOOL_REPLAYING, offset, &status->waiting, &status->bytes,
		    &status->oldest_ms, err) < 0)
			return -1;
	}
	if (count_lines(spool, SPOOL_EVENTS, 0, &status->waiting, &status->bytes,
	    &status->oldest_ms, err) < 0 ||
	    count_lines(spool, SPOOL_REJECTED, 0, &status->rejected, &bytes, NULL, err) < 0)
		return -1;
	return 0;
}
