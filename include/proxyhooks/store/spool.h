/*
 * spool: where an event waits when the store cannot take it in time, so
 * that a hook can still answer 2xx and nothing is lost. One folder:
 *   events.spool     one JSON line per event, appended with one write()
 *                    under flock(2) and fdatasync'd before the answer
 *                    (but spool_append_unsynced's);
 *   replaying.spool  events.spool renamed by the replay now working on it;
 *   replay.lock      flock'd by the one replay at a time; holds how far
 *                    into replaying.spool it got;
 *   rejected.spool   lines the store refused for good, kept for the
 *                    operator (a replay never drops a line silently).
 * Each is opened relative to the folder's descriptor, never through a
 * symbolic link, and only as a regular file of the folder's owner (or of
 * the process's user): see safefile.h.
 * A replay stores the lines in order, each once: every line carries the
 * event key, and the store ignores a key it already has.
 */
#ifndef PROXYHOOKS_SPOOL_H
#define PROXYHOOKS_SPOOL_H

#include <stdint.h>
#include <sys/types.h>

#include "proxyhooks/base/error.h"
#include "proxyhooks/store/store.h"

struct spool;
struct safedir;

struct spool_stats {
	long replayed;		/* stored now */
	long duplicates;	/* already in the store */
	long rejected;		/* refused by the store: moved to rejected.spool */
	int  busy;		/* another replay holds the lock: nothing done */
	int  more;		/* the time budget ran out with lines left */
};

/* Room for why a replay stopped, after its progress in replay.lock. */
#define SPOOL_STOP_SIZE 448

struct spool_status {
	long    waiting;	/* events not yet replayed */
	long    bytes;		/* their size */
	int64_t oldest_ms;	/* when the oldest was received; 0 if none */
	long    rejected;	/* lines in rejected.spool */
	int     replaying;	/* a replay was interrupted or is running */
	int     running;	/* ... is running now (it holds replay.lock) */
	/* ... else why the last one stopped (a store error) and when, as
	 * noted in replay.lock; "" when it was killed or crashed. */
	char    stopped[SPOOL_STOP_SIZE];
	int64_t stopped_ms;
};

/* The spool folder for a configuration: spool_dir when set; else a "spool"
 * folder beside a SQLite database; else LOCALSTATEDIR "/spool/proxyhooks"
 * (PostgreSQL). malloc'd, NULL when out of memory. */
char *spool_dir_for(const char *spool_dir, const char *database);

/* Use dir as a spool, creating it (mode 0750, its parent must exist). */
int spool_open(const char *dir, struct spool **out, struct error *err);
void spool_close(struct spool *spool);
const char *spool_dir(const struct spool *spool);
/* The folder, opened once: other files kept there (the hooks' journals)
 * are opened through it (safefile.h). */
const struct safedir *spool_safedir(const struct spool *spool);

/* Append ev (with its event key set) durably. */
int spool_append(struct spool *spool, const struct event *ev, struct error *err);
/* Append ev without syncing it: for an event whose answer promises that
 * it outlives the process, not a power cut (the intercept's in CGI, as a
 * FastCGI worker's journal). *bytes: events.spool's size after it. */
int spool_append_unsynced(struct spool *spool, const struct event *ev, off_t *bytes,
    struct error *err);
/* 1 when events wait to be replayed (a stat or two: cheap enough for
 * every request), else 0. */
int spool_pending(const struct spool *spool);
/* Replay waiting events into store, oldest first. wait: block until
 * another replay is done (else return at once with stats->busy set).
 * budget_ms > 0: stop after about that long, stats->more set. Returns -1
 * when the store failed (the rest stays for later), else 0. */
int spool_replay(struct spool *spool, struct store *store, int wait, long budget_ms,
    struct spool_stats *stats, struct error *err);
int spool_status(const struct spool *spool, struct spool_status *status, struct error *err);

#endif
