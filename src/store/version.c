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

#include "proxyhooks/store/store_backend.h"

#define VERSION_BYTES 4096

void
store_version_open(struct store *store, const char *db_path)
{
	struct stat db, st;
	char *path;
	size_t len = strlen(db_path);
	void *map;
	int fd;

	store->version = NULL;
	if (stat(db_path, &db) < 0 || (path = malloc(len + sizeof("-directory"))) == NULL)
		return;
	memcpy(path, db_path, len);
	memcpy(path + len, "-directory", sizeof("-directory"));
	/* The database's owner and mode: a file root's CLI makes here must
	 * stay writable by the hooks that write the database. */
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, db.st_mode & 0660);
	free(path);
	if (fd < 0)
		return;
	if (geteuid() == 0 && (db.st_uid != 0 || db.st_gid != 0))
		(void)fchown(fd, db.st_uid, db.st_gid);
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
