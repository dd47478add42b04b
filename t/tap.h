/*
 * tap.h: a tiny Test Anything Protocol producer for the C tests.
 * plan(n), ok(cond, name), is_int, is_string, is_mem, diag, skip, done_testing.
 * A failure prints what was wanted and what was seen.
 */
#ifndef PROXYHOOKS_TAP_H
#define PROXYHOOKS_TAP_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static int tap_count, tap_failed;

static __attribute__((unused, format(printf, 1, 2))) void
diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

static __attribute__((unused)) void
plan(int n)
{
	printf("1..%d\n", n);
}

static __attribute__((unused)) int
ok(int cond, const char *name)
{
	tap_count++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_count, name);
	if (!cond)
		tap_failed++;
	return cond;
}

static __attribute__((unused)) int
is_int(long long seen, long long wanted, const char *name)
{
	if (!ok(seen == wanted, name))
		diag("wanted: %lld\n#   seen: %lld", wanted, seen);
	return seen == wanted;
}

static __attribute__((unused)) int
is_string(const char *seen, const char *wanted, const char *name)
{
	int same = (seen == NULL && wanted == NULL) ||
	    (seen != NULL && wanted != NULL && strcmp(seen, wanted) == 0);

	if (!ok(same, name))
		diag("wanted: %s\n#   seen: %s", wanted ? wanted : "(null)",
		    seen ? seen : "(null)");
	return same;
}

/* Under PH_NO_SKIP (scripts/check as root, where everything a test needs is
 * installed) a skipped check counts as failed: it did not check anything. */
static __attribute__((unused)) void
skip(int n, const char *why)
{
	const char *no_skip = getenv("PH_NO_SKIP");
	int strict = no_skip != NULL && *no_skip != '\0';

	while (n-- > 0) {
		if (strict) {
			printf("not ok %d - skipped: %s\n", ++tap_count, why);
			tap_failed++;
		} else
			printf("ok %d # skip %s\n", ++tap_count, why);
	}
}

/* Print the plan when it was not given up front; the exit status says
 * whether anything failed. */
static __attribute__((unused)) int
done_testing(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

/* The files the tests write: len bytes of text to path, with fopen's mode
 * ("w", "a"). A file that cannot be written ends the test program, saying
 * why: what follows would test nothing. */
static __attribute__((unused)) void
tap_put_len(const char *path, const char *text, size_t len, const char *mode)
{
	FILE *fp = fopen(path, mode);

	if (fp == NULL || fwrite(text, 1, len, fp) != len || fclose(fp) == EOF) {
		printf("# cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

static __attribute__((unused)) void
tap_put(const char *path, const char *text, const char *mode)
{
	tap_put_len(path, text, strlen(text), mode);
}

/* Give path an mtime no earlier call gave, so that an edit is seen even
 * within one clock tick. */
static __attribute__((unused)) void
tap_bump_mtime(const char *path)
{
	static int64_t mtime = 1700000000;
	struct timespec times[2];

	times[0].tv_sec = times[1].tv_sec = (time_t)(mtime += 10);
	times[0].tv_nsec = times[1].tv_nsec = 0;
	utimensat(AT_FDCWD, path, times, 0);
}

/* tap_put_len(path, text, len, "w"), then tap_bump_mtime. */
static __attribute__((unused)) void
tap_put_bumped(const char *path, const char *text, size_t len)
{
	tap_put_len(path, text, len, "w");
	tap_bump_mtime(path);
}

static __attribute__((unused)) int
tap_exit(void)
{
	return tap_failed ? 1 : 0;
}

#endif
