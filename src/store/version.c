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
