/*
 * numbers: the phone number lists behind the policy's `from @PATH` and
 * `to @PATH` conditions, and the compiled-list cache they share with the
 * policy's word lists.
 *
 * A list may hold a million numbers and CGI mode starts a process per
 * request, so a list is compiled once into a sorted array of 64-bit keys
 * (binary search per decision) and kept on disk in the cache directory,
 * memory-mapped read-only by every later process until the source changes.
 */
#ifndef PROXYHOOKS_NUMBERS_H
#define PROXYHOOKS_NUMBERS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "proxyhooks/base/error.h"

/* E.164 allows at most 15 digits after the '+'. */
#define NUMBERS_MAX_DIGITS 15

/* What identifies one version of a file: a change to any field means it
 * was edited (or replaced). exists is 0 for a file that could not be
 * opened. */
struct numbers_version {
	int      exists;
	uint64_t device;
	uint64_t inode;
	uint64_t size;
	int64_t  mtime_ns;
};

void numbers_version_of(const struct stat *st, struct numbers_version *out);
/* stat(path) into *out (exists = 0 when it cannot be stat'ed). */
void numbers_version_read(const char *path, struct numbers_version *out);
/* 1 when the two describe the same version of a file. */
int numbers_version_same(const struct numbers_version *a, const struct numbers_version *b);

/*
 * One entry as written: a number ("+1 (555) 123-4567": blanks, dashes,
 * dots and parentheses are ignored) or a prefix ending in '*' ("+1900*").
 * *value is the digits read as a decimal number (E.164 numbers never start
 * with 0, so it is unambiguous). Returns 0, or -1 with the reason in err.
 */
int numbers_parse(const char *text, size_t len, uint64_t *value, int *is_prefix,
    struct error *err);
/* The value of a number given by a request, with the same rules and no
 * prefix; -1 when text is not an E.164 number. */
int numbers_value(const char *text, uint64_t *value);
/* 1 when number begins with the digits of prefix (or equals it). */
int numbers_has_prefix(uint64_t number, uint64_t prefix);

/* A loaded number list: exact numbers and prefixes. */
struct numbers;

/* Load the list at path: one number or prefix a line, '#' starts a comment,
 * blank lines are ignored. With cache_dir (NULL: no cache) the compiled
 * form is reused from there, or rebuilt and stored there. A bad line is an
 * error "PATH:LINE: reason". */
int numbers_load(const char *path, const char *cache_dir, struct numbers **out,
    struct error *err);
/* 1 when value (from numbers_value) is on the list or starts with one of
 * its prefixes. Allocates nothing. */
int numbers_contains(const struct numbers *list, uint64_t value);
/* Distinct numbers and prefixes on the list. */
size_t numbers_count(const struct numbers *list);
size_t numbers_prefix_count(const struct numbers *list);
/* 1 when the list was served from a cache file without parsing it. */
int numbers_from_cache(const struct numbers *list);
/* The version of the source file the list was built from. */
const struct numbers_version *numbers_source(const struct numbers *list);
void numbers_free(struct numbers *list);

/*
 * The compiled-list cache, for any list that compiles to a set of 64-bit
 * keys plus a block of extra bytes. compile() parses the source text into
 * keys (any order, duplicates allowed: they are sorted and made unique
 * here) and extra (owned by the caller afterwards, both malloc'd).
 */
struct numbers_build {
	uint64_t *keys;
	size_t    key_count;
	void     *extra;
	size_t    extra_len;
};
typedef int (*numbers_compile_fn)(const char *path, const char *text, size_t len,
    struct numbers_build *out, struct error *err);

struct numbers_compiled {
	const uint64_t        *keys;	/* sorted, unique */
	size_t                 key_count;
	const void            *extra;	/* 8-byte aligned */
	size_t                 extra_len;
	struct numbers_version source;
	int                    from_cache;
	/* private */
	void                  *map;
	size_t                 map_len;
	struct numbers_build   owned;
};

/* kind names the list's format in the cache file name and header ("numbers",
 * "words"); version is bumped whenever compile() changes its output. */
int numbers_cache_open(const char *path, const char *cache_dir, const char *kind,
    uint32_t version, numbers_compile_fn compile, struct numbers_compiled *out,
    struct error *err);
void numbers_cache_close(struct numbers_compiled *compiled);
/* The cache file for path (which must exist) into buf. */
int numbers_cache_path(const char *path, const char *cache_dir, const char *kind,
    char *buf, size_t len, struct error *err);
/* 1 when key is among the sorted keys[0..count). */
int numbers_keys_contain(const uint64_t *keys, size_t count, uint64_t key);
/* Sort keys in place and drop duplicates; returns the new count. */
size_t numbers_keys_sort(uint64_t *keys, size_t count);

#endif
