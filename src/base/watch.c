/* watch: inotify in place of a stat() per file per request (watch.h). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "proxyhooks/base/util.h"
#include "proxyhooks/base/watch.h"

/* A folder is watched for names coming and going (an editor that writes a
 * new file and renames it over the old one, a file created or removed),
 * not for writes: the store's database and its WAL may share the folder,
 * and their every write would say "look again". */
#define WATCH_FOLDER_EVENTS \
	(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | \
	 IN_DELETE_SELF | IN_MOVE_SELF)
/* A file itself (through a symbolic link, its target) for edits in place. */
#define WATCH_FILE_EVENTS \
	(IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)

static int           watch_inotify = -1;
static unsigned long watch_generation = 1;

int
watch_start(void)
{
	if (watch_inotify >= 0)
		return 0;
	watch_inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	watch_generation++;
	return watch_inotify >= 0 ? 0 : -1;
}

void
watch_stop(void)
{
	if (watch_inotify >= 0)
		close(watch_inotify);
	watch_inotify = -1;
	watch_generation++;
}

int
watch_fd(void)
{
	return watch_inotify;
}

void
watch_drain(void)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;

	if (watch_inotify < 0)
		return;
	/* What the events name does not matter: any of them, an overflow
	 * included, means every caller looks at its files again. */
	while ((n = read(watch_inotify, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		watch_generation++;
	watch_generation++;
}

int
watch_path(const char *path)
{
	char folder[PATH_MAX];
	const char *slash;
	size_t len;
	int ok;

	if (watch_inotify < 0 || path == NULL || *path == '\0')
		return -1;
	if ((slash = strrchr(path, '/')) == NULL) {
		strcpy(folder, ".");
	} else {
		len = slash == path ? 1 : (size_t)(slash - path);
		if (len >= sizeof(folder))
			return -1;
		memcpy(folder, path, len);
		folder[len] = '\0';
	}
	ok = inotify_add_watch(watch_inotify, folder, WATCH_FOLDER_EVENTS | IN_ONLYDIR) >= 0;
	/* A file that does not exist yet is seen arriving in its folder. */
	if (inotify_add_watch(watch_inotify, path, WATCH_FILE_EVENTS) < 0 && errno != ENOENT)
		ok = 0;
	return ok ? 0 : -1;
}

int
watch_unchanged(const struct watch_mark *mark)
{
	return watch_inotify >= 0 && mark->covered && mark->at_ms != 0 &&
	    mark->generation == watch_generation && util_coarse_ms() - mark->at_ms < WATCH_RECHECK_MS;
}

void
watch_mark_take(struct watch_mark *mark, int covered)
{
	mark->generation = watch_generation;
	mark->at_ms = util_coarse_ms();
	mark->covered = covered && watch_inotify >= 0;
}
