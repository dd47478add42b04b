/*
 * version: the participant directory's version, a counter every process
 * of this machine that changes the directory moves on, so that a worker
 * may keep what it read from the directory, the participants it did not
 * find included, for as long as the counter stays where it was. The
 * counter is 8 bytes of a file beside the database (DATABASE-directory),
 * mapped shared: reading it is a load from memory, no system call.
 * Backends open it (store_backend.h); store.c moves it on.
 *
 * The same file holds the writers' lock that store_begin takes before the
 * database's own: a record lock (fcntl, open file description) on a byte
 * past the mapping, which the kernel drops when its holder dies, and a
 * word of the mapping that each release moves on and wakes the waiters
 * of (a futex). A writer that finds the lock taken sleeps until it is
 * released, not for SQLite's busy steps (1, 2, 5 ... 100 ms) that let a
 * writer committing in a loop keep the lock from it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "proxyhooks/base/safefile.h"
#include "proxyhooks/base/util.h"
#include "proxyhooks/store/store_backend.h"

#define VERSION_BYTES 4096
/* Where the release count is: its own cache line, after the version. */
#define WRITER_WAKE_AT 64
/* The byte locked: past the mapping, so never read or written. */
#define WRITER_LOCK_AT VERSION_BYTES
/* A holder killed wakes nobody: a waiter looks again this often. */
#define WRITER_LOOK_US 20000

void
store_version_open(struct store *store, const char *db_path)
{
	struct stat db, st;
	struct error err = { 0 };
	char *path;
	size_t len = strlen(db_path);
	void *map;
	int fd;

	store->version = NULL;
	store->writer_wake = NULL;
	store->writer_fd = -1;
	store->writer_held = 0;
	if (stat(db_path, &db) < 0 || (path = malloc(len + sizeof("-directory"))) == NULL)
		return;
	memcpy(path, db_path, len);
	memcpy(path + len, "-directory", sizeof("-directory"));
	/* Made like the database (safefile: no link, root's given to the
	 * folder's owner), so that the hooks can write one root's CLI made. */
	if (safefile_ensure(path, db.st_mode & 0660, &err) < 0 ||
	    (fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		free(path);
		return;
	}
	free(path);
	if (fstat(fd, &st) < 0 || (st.st_size < VERSION_BYTES && ftruncate(fd, VERSION_BYTES) < 0)) {
		close(fd);
		return;
	}
	map = mmap(NULL, VERSION_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		close(fd);
		return;
	}
	store->version = map;
	store->writer_wake = (uint32_t *)((char *)map + WRITER_WAKE_AT);
	store->writer_fd = fd;
}

void
store_version_close(struct store *store)
{
	store_writer_unlock(store);
	if (store->writer_wake != NULL)
		close(store->writer_fd);
	if (store->version != NULL)
		munmap((void *)store->version, VERSION_BYTES);
	store->version = NULL;
	store->writer_wake = NULL;
	store->writer_fd = -1;
}

static int
writer_fcntl(struct store *store, short type)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start = WRITER_LOCK_AT;
	fl.l_len = 1;
	return fcntl(store->writer_fd, F_OFD_SETLK, &fl);
}

int
store_writer_lock(struct store *store, long wait_ms)
{
	int64_t deadline_us = util_monotonic_us() + (int64_t)wait_ms * 1000, left_us;
	struct timespec ts;
	uint32_t seen;

	if (store->writer_wake == NULL || store->writer_held)
		return 1;
	for (;;) {
		/* Read before the try: a release between the try and the wait
		 * has moved it on, and the wait returns at once. */
		seen = __atomic_load_n(store->writer_wake, __ATOMIC_ACQUIRE);
		if (writer_fcntl(store, F_WRLCK) == 0) {
			store->writer_held = 1;
			return 1;
		}
		if (errno != EAGAIN && errno != EACCES && errno != EINTR)
			return 1;	/* no lock to be had: the database's own still holds */
		if ((left_us = deadline_us - util_monotonic_us()) <= 0)
			return 0;
		if (left_us > WRITER_LOOK_US)
			left_us = WRITER_LOOK_US;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)left_us * 1000;
		(void)syscall(SYS_futex, store->writer_wake, FUTEX_WAIT, seen, &ts, NULL, 0);
	}
}

void
store_writer_unlock(struct store *store)
{
	if (!store->writer_held)
		return;
	store->writer_held = 0;
	(void)writer_fcntl(store, F_UNLCK);
	__atomic_add_fetch(store->writer_wake, 1, __ATOMIC_RELEASE);
	(void)syscall(SYS_futex, store->writer_wake, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

void
store_version_bump(struct store *store)
{
	if (store->version != NULL)
		__atomic_add_fetch(store->version, 1, __ATOMIC_SEQ_CST);
}

uint64_t
store_directory_version(const struct store *store)
{
	/* Counted from 1, so that 0 can mean "cannot tell". */
	return store->version != NULL ? __atomic_load_n(store->version, __ATOMIC_ACQUIRE) + 1 : 0;
}

/*
 * The same file seen without a store (store_shared_open), for a process
 * that may answer without opening the database at all: a CGI hook,
 * which then loads no SQLite. Past the version's page, the answers read
 * from the directory lately, by session and participant, a participant
 * the directory did not have included: what decide.c kept per process,
 * now for every process of the database. And a word of the first page:
 * when the oldest event spooled for later came (hooks.c), so that the
 * next process past the wait stores what waits.
 *
 * A slot is written by whoever reads the directory, with no lock: its
 * writer writes the fields, then a hash of them; a reader copies the
 * slot and takes it only when the hash matches the copy. Two writers at
 * once, a writer killed halfway or a copy taken while it is written
 * leave a slot whose hash does not match: read as empty, and written
 * again by the next reader of the directory.
 */
#define SHARED_SPOOLED_AT 128	/* its own cache line, after the release count */
#define SHARED_NUMBERS_AT (2 * VERSION_BYTES)	/* past the lock's byte */
#define SHARED_SLOTS 1024
#define SHARED_BYTES (SHARED_NUMBERS_AT + SHARED_SLOTS * sizeof(struct shared_numbers))

struct shared_numbers {
	uint64_t check;		/* the hash of what follows; 0: never written */
	uint64_t version;	/* the directory's when read */
	int64_t  at_ms;		/* when read */
	char     session_sid[STORE_SHARED_SID];
	char     participant_sid[STORE_SHARED_SID];
	char     from[STORE_SHARED_NUMBER];	/* "": the directory did not have it */
	char     to[STORE_SHARED_NUMBER];
};

struct store_shared {
	char *map;
	struct shared_numbers *slots;
};

struct store_shared *
store_shared_open(const char *database)
{
	struct store_shared *sh = NULL;
	struct stat st;
	char *path = NULL;
	void *map;
	int fd = -1;

	if (database == NULL || *database == '\0' || store_is_postgresql(database))
		return NULL;
	if (strncmp(database, "sqlite:", 7) == 0)
		database += 7;
	/* Made by the first store opened on the database, never here: this
	 * may run as another user than the one who owns the database. */
	if (asprintf(&path, "%s-directory", database) < 0) {
		path = NULL;
		goto out;
	}
	if ((fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)) < 0 || fstat(fd, &st) < 0 ||
	    !S_ISREG(st.st_mode) || (st.st_size < (off_t)SHARED_BYTES &&
	    ftruncate(fd, (off_t)SHARED_BYTES) < 0))
		goto out;
	map = mmap(NULL, SHARED_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED || (sh = malloc(sizeof(*sh))) == NULL) {
		if (map != MAP_FAILED)
			munmap(map, SHARED_BYTES);
		goto out;
	}
	sh->map = map;
	sh->slots = (struct shared_numbers *)(void *)((char *)map + SHARED_NUMBERS_AT);
out:
	if (fd >= 0)
		close(fd);	/* the mapping stays */
	free(path);
	return sh;
}

void
store_shared_close(struct store_shared *sh)
{
	if (sh == NULL)
		return;
	munmap(sh->map, SHARED_BYTES);
	free(sh);
}

uint64_t
store_shared_version(const struct store_shared *sh)
{
	/* As store_directory_version: counted from 1. */
	return __atomic_load_n((uint64_t *)(void *)sh->map, __ATOMIC_ACQUIRE) + 1;
}

/* FNV-1a over n bytes from p, carried on from h; never 0. */
static uint64_t
shared_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n-- > 0)
		h = (h ^ *c++) * 0x100000001b3ULL;
	return h != 0 ? h : 1;
}

static struct shared_numbers *
shared_slot(struct store_shared *sh, const char *session_sid, const char *participant_sid)
{
	uint64_t h = shared_hash(0xcbf29ce484222325ULL, session_sid, strlen(session_sid) + 1);

	h = shared_hash(h, participant_sid, strlen(participant_sid));
	return &sh->slots[h % SHARED_SLOTS];
}

static uint64_t
shared_check(const struct shared_numbers *n)
{
	return shared_hash(0xcbf29ce484222325ULL, (const char *)n + sizeof(n->check),
	    sizeof(*n) - sizeof(n->check));
}

int
store_shared_numbers_get(struct store_shared *sh, const char *session_sid,
    const char *participant_sid, uint64_t version, int64_t max_age_ms,
    char from[STORE_SHARED_NUMBER], char to[STORE_SHARED_NUMBER])
{
	struct shared_numbers copy, *slot;
	int64_t now_ms;

	if (strlen(session_sid) >= STORE_SHARED_SID || strlen(participant_sid) >= STORE_SHARED_SID)
		return 0;
	slot = shared_slot(sh, session_sid, participant_sid);
	copy.check = __atomic_load_n(&slot->check, __ATOMIC_ACQUIRE);
	if (copy.check == 0)
		return 0;
	memcpy((char *)&copy + sizeof(copy.check), (char *)slot + sizeof(slot->check),
	    sizeof(copy) - sizeof(copy.check));
	now_ms = util_now_ms();
	if (shared_check(&copy) != copy.check || copy.version != version ||
	    now_ms - copy.at_ms >= max_age_ms || now_ms < copy.at_ms ||
	    strcmp(copy.session_sid, session_sid) != 0 ||
	    strcmp(copy.participant_sid, participant_sid) != 0)
		return 0;
	memcpy(from, copy.from, STORE_SHARED_NUMBER);
	memcpy(to, copy.to, STORE_SHARED_NUMBER);
	from[STORE_SHARED_NUMBER - 1] = to[STORE_SHARED_NUMBER - 1] = '\0';
	return 1;
}

void
store_shared_numbers_put(struct store_shared *sh, const char *session_sid,
    const char *participant_sid, uint64_t version, const char *from, const char *to)
{
	struct shared_numbers n, *slot;

	if (strlen(session_sid) >= STORE_SHARED_SID || strlen(participant_sid) >= STORE_SHARED_SID ||
	    strlen(from) >= STORE_SHARED_NUMBER || strlen(to) >= STORE_SHARED_NUMBER)
		return;
	memset(&n, 0, sizeof(n));	/* the padding too: it is hashed */
	n.version = version;
	n.at_ms = util_now_ms();
	memcpy(n.session_sid, session_sid, strlen(session_sid));
	memcpy(n.participant_sid, participant_sid, strlen(participant_sid));
	memcpy(n.from, from, strlen(from));
	memcpy(n.to, to, strlen(to));
	slot = shared_slot(sh, session_sid, participant_sid);
	/* The old hash first: a reader copying meanwhile finds no match. */
	__atomic_store_n(&slot->check, 0, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	memcpy((char *)slot + sizeof(slot->check), (char *)&n + sizeof(n.check),
	    sizeof(n) - sizeof(n.check));
	__atomic_store_n(&slot->check, shared_check(&n), __ATOMIC_RELEASE);
}

int64_t
store_shared_spooled_ms(const struct store_shared *sh)
{
	return __atomic_load_n((int64_t *)(void *)(sh->map + SHARED_SPOOLED_AT), __ATOMIC_ACQUIRE);
}

void
store_shared_spooled(struct store_shared *sh, int64_t at_ms)
{
	int64_t none = 0;

	(void)__atomic_compare_exchange_n((int64_t *)(void *)(sh->map + SHARED_SPOOLED_AT), &none,
	    at_ms, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
}

void
store_shared_spool_drained(struct store_shared *sh, int64_t seen_ms)
{
	(void)__atomic_compare_exchange_n((int64_t *)(void *)(sh->map + SHARED_SPOOLED_AT), &seen_ms,
	    0, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
}
