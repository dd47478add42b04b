/*
 * safefile: the files the programs keep in a folder another user may write
 * (spool_dir, cache_dir, the database's folder). The folder is opened once,
 * without following a link, and every file is opened relative to it: never
 * through a symbolic link, only a regular file with one name, owned by the
 * folder's owner or by this process's user. A file root creates there is
 * given to the folder's owner, so that the hooks can still use it. Every
 * refusal is an error naming the file, never a wait or a retry without end.
 */
#ifndef PROXYHOOKS_SAFEFILE_H
#define PROXYHOOKS_SAFEFILE_H

#include <sys/stat.h>
#include <sys/types.h>

#include "proxyhooks/base/error.h"

struct safedir {
	int    fd;	/* O_DIRECTORY, opened without following a link */
	char  *path;
	uid_t  owner;
	gid_t  group;
};

/* Open the folder at path (made, mode 0750, when create is set and it is
 * missing; made by root, given to the owner of the folder above). Errors
 * name it; errno is kept (ENOENT: it does not exist). */
int safedir_open(struct safedir *dir, const char *path, int create, struct error *err);
/* A copy of dir with its own descriptor, to keep after dir is closed. */
int safedir_dup(struct safedir *copy, const struct safedir *dir, struct error *err);
void safedir_close(struct safedir *dir);
/* Sync the folder: a file's new name reaches the disk too. */
int safedir_sync(const struct safedir *dir);

/* Open the file name in dir with open(2)'s flags and mode. O_CREAT makes it
 * when missing (O_EXCL: it must be new); *created (may be NULL) says it
 * was. -1 with errno kept and err naming the file: ENOENT missing, ELOOP a
 * link, EPERM a file that is not regular, has several names or belongs to
 * a user other than the folder's owner and this process's. */
int safefile_open(const struct safedir *dir, const char *name, int flags, mode_t mode,
    int *created, struct error *err);
/* Make the file at path (mode) when missing, in the folder path names, and
 * check it as safefile_open does, for a program (SQLite) that opens it by
 * name next: 0, or -1 with err naming it. */
int safefile_ensure(const char *path, mode_t mode, struct error *err);
/* A new file dir/PREFIX.XXXXXX, its name in name_out (name_len bytes). */
int safefile_temp(const struct safedir *dir, const char *prefix, char *name_out,
    size_t name_len, struct error *err);
/* The file name in dir, not following a link: 0, or -1 with errno. */
int safefile_stat(const struct safedir *dir, const char *name, struct stat *st);
int safefile_rename(const struct safedir *dir, const char *from, const char *to,
    struct error *err);
int safefile_unlink(const struct safedir *dir, const char *name, struct error *err);
/* flock(2) operation on fd (the file dir/name), EINTR retried; wait_ms > 0:
 * waiting at most that long for another process's lock (0 with LOCK_NB: not
 * at all; 0 without: as long as it takes). A lock that cannot be taken is an
 * error naming the file (errno EWOULDBLOCK when it is held). */
int safefile_lock(const struct safedir *dir, const char *name, int fd, int operation,
    long wait_ms, struct error *err);

#endif
