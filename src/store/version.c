/*
 * version: the participant directory's version, a counter every process
 * of this machine that changes the directory moves on, so that a worker
 * may keep what it read from the directory, the participants it did not
 * find included, for as long as the counter stays where it was. The
 * counter is 8 bytes of a file beside the database (DATABASE-directory),
 * mapped shared: reading it is a load from memory, no system call.
 * Backends open it (store_backend.h); store.c moves it on.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proxyhooks/base/safefile.h"
#include "proxyhooks/store/store_backend.h"

#define VERSION_BYTES 4096

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
	close(fd);
	if (map != MAP_FAILED)
		store->version = map;
}

void
store_version_close(struct store *store)
{
	if (store->version != NULL)
		munmap((void *)store->version, VERSION_BYTES);
	store->version = NULL;
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
