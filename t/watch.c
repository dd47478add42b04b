/* t/watch: a worker's files are stat'ed again exactly when an edit may have
 * happened (watch.h): edits in place, files renamed over, created and
 * removed, through a symbolic link, the recheck after WATCH_RECHECK_MS;
 * and writes of other files in the same folder (a database beside the
 * policy) do not count as edits. */
#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "proxyhooks/base/watch.h"
#include "tap.h"

static char dir[] = "/tmp/proxyhooks-watch-XXXXXX";

/* What the serve loop does before a request: take the waiting events. */
static void
look(void)
{
	struct pollfd pfd;

	pfd.fd = watch_fd();
	pfd.events = POLLIN;
	if (pfd.fd >= 0 && poll(&pfd, 1, 0) == 1)
		watch_drain();
}

static const char *
path_in(const char *name)
{
	static char buf[4][512];
	static int next;
	char *p = buf[next++ % 4];

	snprintf(p, sizeof(buf[0]), "%s/%s", dir, name);
	return p;
}

/* Mark the file as just looked at, as a caller does after its stat. */
static void
mark(struct watch_mark *m, const char *path)
{
	watch_mark_take(m, watch_path(path) == 0);
}

int
main(void)
{
	struct watch_mark m, other;
	struct timespec pause = { (WATCH_RECHECK_MS + 100) / 1000,
	    (WATCH_RECHECK_MS + 100) % 1000 * 1000000L };
	const char *policy, *db, *target, *link_path, *later;

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	policy = path_in("policy");
	db = path_in("events.db");
	tap_put(policy, "block from +15550001111\n", "w");
	tap_put(db, "", "w");

	/* Without watch_start (CGI, the command line) nothing is skipped. */
	memset(&m, 0, sizeof(m));
	is_int(watch_fd(), -1, "no descriptor before watch_start");
	is_int(watch_path(policy), -1, "nothing can be watched before watch_start");
	watch_mark_take(&m, 1);
	is_int(watch_unchanged(&m), 0, "without inotify every request looks again");

	if (watch_start() < 0) {
		skip(1, "inotify is not available here: the rest needs it");
		return done_testing();
	}
	ok(watch_fd() >= 0, "watch_start opens a descriptor");
	memset(&m, 0, sizeof(m));
	is_int(watch_unchanged(&m), 0, "a mark never taken says look");

	mark(&m, policy);
	look();
	is_int(watch_unchanged(&m), 1, "just looked at, nothing changed: skip the stat");

	/* Another file of the folder written to, as the store writes its
	 * database and WAL beside a policy: not an edit of the policy. */
	tap_put(db, "some pages", "a");
	look();
	is_int(watch_unchanged(&m), 1, "writes to another file of the folder do not count");

	tap_put(policy, "block from +15550002222\n", "a");
	look();
	is_int(watch_unchanged(&m), 0, "an edit in place is seen");

	/* An editor's save: a new file renamed over the old one. */
	mark(&m, policy);
	look();
	tap_put(path_in("policy.new"), "default block\n", "w");
	look();
	mark(&m, policy);	/* creating policy.new counted; look again */
	ok(rename(path_in("policy.new"), policy) == 0, "rename over the policy");
	look();
	is_int(watch_unchanged(&m), 0, "a file renamed over it is seen");

	/* The new file is watched after the next look, and edits of it seen. */
	mark(&m, policy);
	look();
	tap_put(policy, "default allow\n", "a");
	look();
	is_int(watch_unchanged(&m), 0, "an edit of the file renamed in is seen");

	/* A file that does not exist yet (a token file to come). */
	later = path_in("later");
	mark(&m, later);
	look();
	is_int(watch_unchanged(&m), 1, "a missing file is watched through its folder");
	tap_put(later, "token\n", "w");
	look();
	is_int(watch_unchanged(&m), 0, "its creation is seen");

	/* A symbolic link to a file in another folder: its target's edits. */
	ok(mkdir(path_in("real"), 0700) == 0, "a second folder");
	target = path_in("real/list.txt");
	link_path = path_in("list.txt");
	tap_put(target, "+15550003333\n", "w");
	ok(symlink(target, link_path) == 0, "a symbolic link to it");
	mark(&m, link_path);
	mark(&other, link_path);
	look();
	tap_put(target, "+15550004444\n", "a");
	look();
	is_int(watch_unchanged(&m), 0, "an edit of a symbolic link's target is seen");
	is_int(watch_unchanged(&other), 0, "by every caller that marked before it");

	/* The safety net: after WATCH_RECHECK_MS, look again regardless. */
	mark(&m, policy);
	look();
	nanosleep(&pause, NULL);
	is_int(watch_unchanged(&m), 0, "after WATCH_RECHECK_MS the file is stat'ed again");

	/* A folder that cannot be watched: the caller keeps stat'ing. */
	mark(&m, "/nonexistent-folder-proxyhooks/policy");
	is_int(watch_unchanged(&m), 0, "a file in a missing folder is never skipped");

	watch_stop();
	watch_mark_take(&m, 1);
	is_int(watch_unchanged(&m), 0, "after watch_stop every request looks again");

	unlink(link_path);
	unlink(target);
	rmdir(path_in("real"));
	unlink(later);
	unlink(policy);
	unlink(db);
	rmdir(dir);
	return done_testing();
}
