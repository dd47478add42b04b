/* numbers: parsing entries, number lists, and the compiled-list cache. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "proxyhooks/base/error.h"
#include "proxyhooks/base/log.h"
#include "proxyhooks/policy/numbers.h"
#include "tap.h"

static char dir[] = "/tmp/numbers-test.XXXXXX";

/* Write path (tap_put_bumped: an edit is seen within one clock tick). */
static void
write_file(const char *path, const char *text)
{
	tap_put_bumped(path, text, strlen(text));
}

static double
seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
}

static void
test_parse(void)
{
	struct error err;
	uint64_t value = 0;
	int is_prefix = -1;
	static const struct {
		const char *text, *reason;
	} bad[] = {
		{ "", "no number" },
		{ "555-1234", "a number starts with '+'" },
		{ "+0123", "a country code never starts with 0" },
		{ "+1234567890123456", "more than 15 digits" },
		{ "+1*2", "'*' must end a prefix" },
		{ "+12a4", "unexpected character" },
		{ "+", "no digits" },
		{ "+*", "no digits" },
		{ "++1", "unexpected character" },
	};
	size_t i;

	error_clear(&err);
	ok(numbers_parse("+15551234567", 12, &value, &is_prefix, &err) == 0 &&
	    value == 15551234567ULL && is_prefix == 0, "plain E.164 number");
	ok(numbers_parse("+1 (555) 123-0000", 17, &value, &is_prefix, &err) == 0 &&
	    value == 15551230000ULL && is_prefix == 0, "spaces, dashes, parentheses ignored");
	ok(numbers_parse("+44.20.7946.0958", 16, &value, &is_prefix, &err) == 0 &&
	    value == 442079460958ULL, "dots ignored");
	ok(numbers_parse("+1 900*", 7, &value, &is_prefix, &err) == 0 && value == 1900 &&
	    is_prefix == 1, "prefix");
	ok(numbers_parse("+123456789012345", 16, &value, &is_prefix, &err) == 0 &&
	    value == 123456789012345ULL, "15 digits is the most");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char want[128];

		error_clear(&err);
		snprintf(want, sizeof(want), "bad number '%s': %s", bad[i].text, bad[i].reason);
		ok(numbers_parse(bad[i].text, strlen(bad[i].text), &value, &is_prefix, &err) == -1,
		    bad[i].text[0] ? bad[i].text : "(empty)");
		is_string(err.message, want, "  reason");
	}
	ok(numbers_value("+1 555 123 4567", &value) == 0 && value == 15551234567ULL,
	    "numbers_value normalises");
	ok(numbers_value("+1555*", &value) == -1, "numbers_value refuses a prefix");
	ok(numbers_value(NULL, &value) == -1, "numbers_value refuses NULL");
	ok(numbers_value("client:alice", &value) == -1, "numbers_value refuses a client name");
	ok(numbers_has_prefix(15551234567ULL, 1555), "has prefix");
	ok(numbers_has_prefix(1900, 1900), "a prefix matches itself");
	ok(!numbers_has_prefix(16005551234ULL, 19), "other digits");
	ok(!numbers_has_prefix(190, 1900), "shorter number");
	ok(!numbers_has_prefix(25551234567ULL, 1), "other country");
}

static int
compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void
test_sort(void)
{
	size_t n = 100000, i, unique_count, expect_count;
	uint64_t *keys = malloc(n * sizeof(*keys)), *expect = malloc(n * sizeof(*keys));
	uint64_t state = 88172645463325252ULL;
	int same = 1;

	for (i = 0; i < n; i++) {
		/* xorshift, with duplicates forced by the modulo on half of them */
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		keys[i] = i % 2 ? state : state % 1000;
		expect[i] = keys[i];
	}
	qsort(expect, n, sizeof(*expect), compare_u64);
	for (i = 1, expect_count = 1; i < n; i++)
		if (expect[i] != expect[expect_count - 1])
			expect[expect_count++] = expect[i];
	unique_count = numbers_keys_sort(keys, n);
	is_int((long long)unique_count, (long long)expect_count, "radix sort drops duplicates");
	for (i = 0; i < unique_count && i < expect_count; i++)
		if (keys[i] != expect[i])
			same = 0;
	ok(same, "radix sort agrees with qsort");
	ok(numbers_keys_contain(keys, unique_count, expect[500]), "binary search finds a key");
	ok(!numbers_keys_contain(keys, unique_count, 1000), "binary search misses a gap");
	free(keys);
	free(expect);
}

static void
test_list(void)
{
	char path[256], bad[256], missing[256], want[512];
	struct numbers *list = NULL;
	struct error err;
	uint64_t v;

	snprintf(path, sizeof(path), "%s/list.txt", dir);
	write_file(path, "# blocked callers\n"
	    "+15551230000\n"
	    "\n"
	    "   +1 (555) 123-0001   # with a comment\r\n"
	    "+1900*\n"
	    "+44 20*\n"
	    "+15551230000\n");
	error_clear(&err);
	if (!ok(numbers_load(path, NULL, &list, &err) == 0, "load a list"))
		diag("%s", err.message);
	if (list == NULL)
		return;
	is_int((long long)numbers_count(list), 2, "two distinct numbers");
	is_int((long long)numbers_prefix_count(list), 2, "two prefixes");
	ok(numbers_value("+15551230000", &v) == 0 && numbers_contains(list, v), "exact number");
	ok(numbers_value("+15551230001", &v) == 0 && numbers_contains(list, v),
	    "number written with spaces and a comment");
	ok(numbers_value("+15551230002", &v) == 0 && !numbers_contains(list, v),
	    "a number not on the list");
	ok(numbers_value("+19005550000", &v) == 0 && numbers_contains(list, v), "prefix +1900*");
	ok(numbers_value("+442079460958", &v) == 0 && numbers_contains(list, v), "prefix +4420*");
	ok(numbers_value("+441632960000", &v) == 0 && !numbers_contains(list, v),
	    "+44 but not +4420");
	ok(!numbers_from_cache(list), "no cache without a cache directory");
	numbers_free(list);

	snprintf(bad, sizeof(bad), "%s/bad.txt", dir);
	write_file(bad, "+15551230000\n# fine\n+1555123000O\n");
	error_clear(&err);
	ok(numbers_load(bad, NULL, &list, &err) == -1 && list == NULL, "a bad line fails the load");
	snprintf(want, sizeof(want), "%s:3: bad number '+1555123000O': unexpected character", bad);
	is_string(err.message, want, "  naming the list's line");

	snprintf(missing, sizeof(missing), "%s/missing.txt", dir);
	error_clear(&err);
	ok(numbers_load(missing, NULL, &list, &err) == -1, "a missing list fails");
	snprintf(want, sizeof(want), "cannot open %s: No such file or directory", missing);
	is_string(err.message, want, "  saying why");

	snprintf(path, sizeof(path), "%s/empty.txt", dir);
	write_file(path, "");
	error_clear(&err);
	ok(numbers_load(path, NULL, &list, &err) == 0 && numbers_count(list) == 0 &&
	    numbers_value("+15551230000", &v) == 0 && !numbers_contains(list, v),
	    "an empty list matches nothing");
	numbers_free(list);
}

static size_t
count_cache_files(const char *cache)
{
	struct dirent *de;
	size_t n = 0;
	DIR *d = opendir(cache);

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (strncmp(de->d_name, "numbers-", 8) == 0)
			n++;
	closedir(d);
	return n;
}

/* Write n generated numbers (+1555 followed by 7 digits), every 7th one
 * skipped so that there are numbers near the list that are not on it. */
static void
write_generated(const char *path, size_t n, const char *extra)
{
	FILE *fp = fopen(path, "w");
	size_t i;

	for (i = 0; i < n; i++)
		if (i % 7 != 3)
			fprintf(fp, "+1555%07zu\n", i);
	fputs(extra, fp);
	fclose(fp);
	tap_bump_mtime(path);
}

static void
test_large_and_cache(void)
{
	char path[256], cache[256], cache_file[512], edited[512];
	struct numbers *list = NULL, *again = NULL;
	struct error err;
	struct timespec start;
	size_t i, n = 100000, hits = 0, wrong = 0, listed = 0;
	uint64_t v;
	struct stat st;

	snprintf(path, sizeof(path), "%s/big.txt", dir);
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	mkdir(cache, 0700);
	write_generated(path, n, "");
	for (i = 0; i < n; i++)
		if (i % 7 != 3)
			listed++;

	clock_gettime(CLOCK_MONOTONIC, &start);
	error_clear(&err);
	if (!ok(numbers_load(path, cache, &list, &err) == 0, "load 100k generated numbers"))
		diag("%s", err.message);
	diag("100k numbers compiled in %.3f s", seconds_since(&start));
	if (list == NULL)
		return;
	is_int((long long)numbers_count(list), (long long)listed, "every number kept");
	ok(!numbers_from_cache(list), "first load compiles the list");
	is_int((long long)count_cache_files(cache), 1, "and writes one cache file");
	error_clear(&err);
	ok(numbers_cache_path(path, cache, "numbers", cache_file, sizeof(cache_file), &err) == 0 &&
	    stat(cache_file, &st) == 0 && (st.st_mode & 0777) == 0644 &&
	    (size_t)st.st_size == 72 + numbers_count(list) * 8,
	    "cache file: header and the sorted array, mode 0644");

	for (i = 0; i < n; i++) {
		char number[32];

		snprintf(number, sizeof(number), "+1555%07zu", i);
		numbers_value(number, &v);
		if (numbers_contains(list, v))
			hits++;
		else if (i % 7 != 3)
			wrong++;
	}
	is_int((long long)hits, (long long)listed, "every listed number found");
	is_int((long long)wrong, 0, "no listed number missed");

	clock_gettime(CLOCK_MONOTONIC, &start);
	error_clear(&err);
	ok(numbers_load(path, cache, &again, &err) == 0 && numbers_from_cache(again),
	    "second load maps the cache");
	diag("100k numbers mapped in %.6f s", seconds_since(&start));
	is_int((long long)numbers_count(again), (long long)numbers_count(list), "  same count");
	ok(numbers_value("+15550000003", &v) == 0 && !numbers_contains(again, v) &&
	    numbers_value("+15550099999", &v) == 0 && numbers_contains(again, v),
	    "  same answers");
	numbers_free(again);
	again = NULL;

	/* Edit the list: the cache must be rebuilt, not trusted. */
	write_generated(path, n, "+15550000003\n+1800*\n");
	error_clear(&err);
	ok(numbers_load(path, cache, &again, &err) == 0 && !numbers_from_cache(again),
	    "an edited list is compiled again");
	ok(numbers_value("+15550000003", &v) == 0 && numbers_contains(again, v) &&
	    numbers_value("+18005550100", &v) == 0 && numbers_contains(again, v),
	    "  and has the new entries");
	/* The old mapping stays valid after the rename replaced the file. */
	ok(numbers_value("+15550000003", &v) == 0 && !numbers_contains(list, v),
	    "  the list loaded before still answers from its own copy");
	numbers_free(again);
	again = NULL;
	error_clear(&err);
	ok(numbers_load(path, cache, &again, &err) == 0 && numbers_from_cache(again) &&
	    numbers_prefix_count(again) == 1, "the rebuilt cache is reused, prefixes included");
	is_int((long long)count_cache_files(cache), 1, "still one cache file (no temp left)");
	numbers_free(again);
	again = NULL;

	/* A cache file cut short is rebuilt, never read past its end. */
	if (truncate(cache_file, 100) == 0) {
		error_clear(&err);
		ok(numbers_load(path, cache, &again, &err) == 0 && !numbers_from_cache(again) &&
		    numbers_value("+18005550100", &v) == 0 && numbers_contains(again, v),
		    "a truncated cache file is rebuilt");
		numbers_free(again);
		again = NULL;
	} else {
		skip(1, "cannot truncate");
	}

	/* The same list through another spelling of its path shares the file. */
	snprintf(edited, sizeof(edited), "%s/./big.txt", dir);
	error_clear(&err);
	ok(numbers_load(edited, cache, &again, &err) == 0 && numbers_from_cache(again),
	    "another spelling of the path finds the same cache file");
	numbers_free(again);
	again = NULL;

	/* A cache that cannot be written still loads the list. */
	snprintf(edited, sizeof(edited), "%s/no-such-dir", dir);
	log_set_level(LOG_ERROR);
	error_clear(&err);
	ok(numbers_load(path, edited, &again, &err) == 0 && !numbers_from_cache(again) &&
	    numbers_count(again) == numbers_count(list) + 1,
	    "an unwritable cache directory costs only speed");
	log_set_level(LOG_INFO);
	numbers_free(again);
	numbers_free(list);
}

static void
test_million(void)
{
	char path[256];
	struct numbers *list = NULL;
	struct error err;
	uint64_t v;

	/* How long this takes is measured in bench/, not asserted here. */
	snprintf(path, sizeof(path), "%s/million.txt", dir);
	write_generated(path, 1000000, "");
	error_clear(&err);
	numbers_load(path, NULL, &list, &err);
	ok(list != NULL && numbers_count(list) == 1000000 - 1000000 / 7 &&
	    numbers_value("+15550999999", &v) == 0 && numbers_contains(list, v),
	    "a million numbers load and are found");
	numbers_free(list);
}

static int
remove_tree(const char *path)
{
	char child[1024];
	struct dirent *de;
	DIR *d = opendir(path);

	if (d == NULL)
		return unlink(path);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, de->d_name);
		remove_tree(child);
	}
	closedir(d);
	return rmdir(path);
}

int
main(void)
{
	log_init("t/numbers");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_parse();
	test_sort();
	test_list();
	test_large_and_cache();
	test_million();
	remove_tree(dir);
	return done_testing();
}
