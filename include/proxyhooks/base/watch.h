/*
 * watch: notice edits of the files a long-lived worker loaded (its
 * configuration, token file, policy and lists) without a stat() of each at
 * every request. A FastCGI worker opens one inotify descriptor and polls it
 * with its listening socket; a file whose folder (and, through a symbolic
 * link, whose target) is watched need not be stat'ed again until an event
 * comes or WATCH_RECHECK_MS pass (a safety net for what inotify cannot see:
 * a network file system, a full event queue). Without watch_start() (CGI,
 * the command line, tests in one process) every check says "look again",
 * which is what the callers did before.
 */
#ifndef PROXYHOOKS_WATCH_H
#define PROXYHOOKS_WATCH_H

#include <stdint.h>

/* Past this, a file is stat'ed again even though no event came. */
#define WATCH_RECHECK_MS	1000

/* When the caller last looked at its files for real. */
struct watch_mark {
	unsigned long generation;
	int64_t       at_ms;	/* coarse monotonic clock; 0: never */
	int           covered;	/* every file of the caller was being watched */
};

/* Open the inotify descriptor (FastCGI workers). 0, or -1 when inotify is
 * not available: then every check looks again, as without it. */
int  watch_start(void);
void watch_stop(void);

/* The descriptor to poll for POLLIN, or -1. */
int  watch_fd(void);

/* Read the waiting events; any of them means "look again". */
void watch_drain(void);

/* Watch path's folder and, when it is a symbolic link, its target's.
 * 0 when watched (or already), -1 when it cannot be (no inotify, no such
 * folder, too many watches). */
int  watch_path(const char *path);

/* 1 when nothing can have changed since mark was taken: skip the stat. */
int  watch_unchanged(const struct watch_mark *mark);

/* After looking: remember the moment. covered: every file looked at was
 * given to watch_path() successfully. */
void watch_mark_take(struct watch_mark *mark, int covered);

#endif
