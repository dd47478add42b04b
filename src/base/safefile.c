/* safefile: files in a folder another user may write, opened relative to
 * the folder's descriptor and never through a link (see safefile.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "proxyhooks/base/safefile.h"
#include "proxyhooks/base/util.h"

/* A name that keeps appearing and disappearing between two opens is given
 * up on after this many tries, rather than waited for. */
#define SAFEFILE_ATTEMPTS 8

int
safedir_open(struct safedir *dir, const char *path, int create, struct error *err)
{
	struct stat st, parent;
	int e, made = 0;

	memset(dir, 0, sizeof(*dir));
	dir->fd = -1;
	if (create && mkdir(path, 0750) == 0)
		made = 1;
	else if (create && errno != EEXIST) {
		e = errno;
		error_set(err, "%s: cannot create the folder: %s", path, strerror(e));
		goto fail;
	}
	if ((dir->fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		e = errno;
		if (e == ELOOP || e == ENOTDIR)
			error_set(err, "%s: not a folder (a symbolic link is not followed): "
			    "refusing it", path);
		else
			error_set(err, "%s: %s", path, strerror(e));
		goto fail;
	}
	if (fstat(dir->fd, &st) < 0 || (dir->path = strdup(path)) == NULL) {
		e = errno;
		error_set(err, "%s: %s", path, strerror(e));
		goto fail;
	}
	/* Made by root in another user's folder: that user's, as the files. */
	if (made && geteuid() == 0 && fstatat(dir->fd, "..", &parent, 0) == 0 &&
	    (parent.st_uid != 0 || parent.st_gid != 0) && st.st_uid == 0 &&
	    fchown(dir->fd, parent.st_uid, parent.st_gid) == 0) {
		st.st_uid = parent.st_uid;
		st.st_gid = parent.st_gid;
	}
	dir->owner = st.st_uid;
	dir->group = st.st_gid;
	return 0;
fail:
	safedir_close(dir);
	errno = e;
	return -1;
}

int
safedir_dup(struct safedir *copy, const struct safedir *dir, struct error *err)
{
	*copy = *dir;
	copy->path = NULL;
	if ((copy->fd = fcntl(dir->fd, F_DUPFD_CLOEXEC, 0)) < 0 ||
	    (copy->path = strdup(dir->path)) == NULL) {
		error_set(err, "%s: %s", dir->path, strerror(errno));
		safedir_close(copy);
		return -1;
	}
	return 0;
}

void
safedir_close(struct safedir *dir)
{
	if (dir->fd >= 0)
		close(dir->fd);
	free(dir->path);
	dir->fd = -1;
	dir->path = NULL;
}

int
safedir_sync(const struct safedir *dir)
{
	return fsync(dir->fd);
}

/* Why the open of dir/name failed, errno kept. */
static int
safefile_failed(const struct safedir *dir, const char *name, int e, struct error *err)
{
	if (e == ELOOP)
		error_set(err, "%s/%s is a symbolic link: refusing to follow it", dir->path, name);
	else
		error_set(err, "%s/%s: %s", dir->path, name, strerror(e));
	errno = e;
	return -1;
}

/* A file that is a regular file with one name, the folder owner's or ours. */
static int
safefile_check(const struct safedir *dir, const char *name, int fd, struct error *err)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return safefile_failed(dir, name, errno, err);
	if (!S_ISREG(st.st_mode))
		error_set(err, "%s/%s is not a regular file: refusing it", dir->path, name);
	else if (st.st_nlink != 1)
		error_set(err, "%s/%s has %lu names (hard links): refusing it", dir->path, name,
		    (unsigned long)st.st_nlink);
	else if (st.st_uid != dir->owner && st.st_uid != geteuid())
		error_set(err, "%s/%s belongs to uid %lu, neither the folder's owner (uid %lu) nor "
		    "this process's user (uid %lu): refusing it", dir->path, name,
		    (unsigned long)st.st_uid, (unsigned long)dir->owner, (unsigned long)geteuid());
	else
		return 0;
	errno = EPERM;
	return -1;
}

int
safefile_open(const struct safedir *dir, const char *name, int flags, mode_t mode,
    int *created, struct error *err)
{
	/* O_NONBLOCK: a FIFO planted under the name must not block the open. */
	int base = (flags & ~(O_CREAT | O_EXCL)) | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	int fd = -1, made = 0, attempt, fl, e;

	if (created != NULL)
		*created = 0;
	for (attempt = 0; fd < 0; attempt++) {
		if (attempt == SAFEFILE_ATTEMPTS) {
			error_set(err, "%s/%s keeps appearing and disappearing: giving up", dir->path,
			    name);
			errno = EAGAIN;
			return -1;
		}
		if (!(flags & O_EXCL)) {
			if ((fd = openat(dir->fd, name, base)) >= 0)
				break;
			if (errno != ENOENT || !(flags & O_CREAT))
				return safefile_failed(dir, name, errno, err);
		}
		if ((fd = openat(dir->fd, name, base | O_CREAT | O_EXCL, mode)) >= 0)
			made = 1;
		else if (errno != EEXIST || (flags & O_EXCL))
			return safefile_failed(dir, name, errno, err);
	}
	if (safefile_check(dir, name, fd, err) < 0)
		goto fail;
	if ((fl = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
		safefile_failed(dir, name, errno, err);
		goto fail;
	}
	/* Made by root, it belongs to the folder's owner, as the hooks' files do. */
	if (made && geteuid() == 0 && (dir->owner != 0 || dir->group != 0) &&
	    fchown(fd, dir->owner, dir->group) < 0) {
		safefile_failed(dir, name, errno, err);
		unlinkat(dir->fd, name, 0);
		goto fail;
	}
	if (created != NULL)
		*created = made;
	return fd;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

int
safefile_ensure(const char *path, mode_t mode, struct error *err)
{
	struct safedir dir;
	struct error dir_err = { 0 };
	const char *slash = strrchr(path, '/');
	char *folder;
	int fd;

	folder = slash == NULL ? strdup(".") : slash == path ? strdup("/") :
	    strndup(path, (size_t)(slash - path));
	if (folder == NULL) {
		error_set(err, "%s: out of memory", path);
		return -1;
	}
	fd = safedir_open(&dir, folder, 0, &dir_err);
	free(folder);
	if (fd < 0) {
		error_set(err, "%s: %s", path, dir_err.message);
		return -1;
	}
	fd = safefile_open(&dir, slash == NULL ? path : slash + 1, O_RDONLY | O_CREAT, mode, NULL,
	    err);
	safedir_close(&dir);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

int
safefile_temp(const struct safedir *dir, const char *prefix, char *name_out, size_t name_len,
    struct error *err)
{
	static const char letters[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	unsigned char random[6];
	struct error attempt_err;
	int attempt, i, n, fd;

	for (attempt = 0; attempt < 100; attempt++) {
		if (getrandom(random, sizeof(random), 0) != (ssize_t)sizeof(random)) {
			error_set(err, "%s: no random name: %s", dir->path, strerror(errno));
			return -1;
		}
		n = snprintf(name_out, name_len, "%s.XXXXXX", prefix);
		if (n < 0 || (size_t)n >= name_len) {
			error_set(err, "%s/%s: name too long", dir->path, prefix);
			return -1;
		}
		for (i = 0; i < 6; i++)
			name_out[n - 6 + i] = letters[random[i] % (sizeof(letters) - 1)];
		memset(&attempt_err, 0, sizeof(attempt_err));
		if ((fd = safefile_open(dir, name_out, O_RDWR | O_CREAT | O_EXCL, 0600, NULL,
		    &attempt_err)) >= 0 || errno != EEXIST) {
			if (fd < 0)
				error_set(err, "%s", attempt_err.message);
			return fd;
		}
	}
	error_set(err, "%s: cannot find a free name for %s.XXXXXX", dir->path, prefix);
	return -1;
}

int
safefile_stat(const struct safedir *dir, const char *name, struct stat *st)
{
	return fstatat(dir->fd, name, st, AT_SYMLINK_NOFOLLOW);
}

int
safefile_rename(const struct safedir *dir, const char *from, const char *to, struct error *err)
{
	if (renameat(dir->fd, from, dir->fd, to) == 0)
		return 0;
	error_set(err, "%s: cannot rename %s to %s: %s", dir->path, from, to, strerror(errno));
	return -1;
}

int
safefile_unlink(const struct safedir *dir, const char *name, struct error *err)
{
	if (unlinkat(dir->fd, name, 0) == 0)
		return 0;
	error_set(err, "%s/%s: cannot remove it: %s", dir->path, name, strerror(errno));
	return -1;
}

int
safefile_lock(const struct safedir *dir, const char *name, int fd, int operation, long wait_ms,
    struct error *err)
{
	struct timespec pause = { 0, 1000000 };	/* 1 ms, doubled up to 50 ms */
	int64_t deadline_us = util_monotonic_us() + wait_ms * 1000;
	int r, e;

	if (wait_ms > 0)
		operation |= LOCK_NB;
	for (;;) {
		if ((r = flock(fd, operation)) == 0)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK || wait_ms <= 0 || util_monotonic_us() >= deadline_us)
			break;
		nanosleep(&pause, NULL);
		if (pause.tv_nsec < 50000000)
			pause.tv_nsec *= 2;
	}
	e = errno;
	if (e == EWOULDBLOCK && wait_ms > 0)
		error_set(err, "%s/%s is locked by another process (waited %ld s): try again when "
		    "it is done", dir->path, name, wait_ms / 1000);
	else if (e == EWOULDBLOCK)
		error_set(err, "%s/%s is locked by another process", dir->path, name);
	else
		error_set(err, "%s/%s: cannot lock it: %s", dir->path, name, strerror(e));
	errno = e;
	return -1;
}
