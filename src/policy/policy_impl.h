/*
 * policy_impl.h: the compiled policy as the files of src/policy/ share it
 * (policy_parse.c builds it, policy_eval.c reads it, policy_watch.c swaps
 * it, policy.c frees it). Nothing outside src/policy/ includes this; the
 * interface is include/proxyhooks/policy/policy.h.
 */
#ifndef PROXYHOOKS_POLICY_IMPL_H
#define PROXYHOOKS_POLICY_IMPL_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif

#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <pcre2.h>

#include "proxyhooks/policy/detect.h"
#include "proxyhooks/policy/numbers.h"
#include "proxyhooks/policy/policy.h"

/* A rule's conditions, in the order they are tried: cheap ones first, the
 * store query of a limit last. */
enum policy_test {
	POLICY_TYPE,
	POLICY_PARTICIPANT,
	POLICY_SESSION,
	POLICY_SERVICE,
	POLICY_MEDIA,
	POLICY_DURING,
	POLICY_FROM,
	POLICY_TO,
	POLICY_BODY_DETECT,
	POLICY_BODY_PHRASE,
	POLICY_BODY_WORDS,
	POLICY_BODY_REGEX,
	POLICY_LIMIT,
};

/* A time zone named by `during`; the last answer is kept because switching
 * TZ reads the zone file, and most decisions fall in the same minute. */
struct policy_zone {
	char    *name;			/* "America/New_York" */
	char    *tz;			/* ":America/New_York", for setenv */
	int64_t  cached_minute;		/* UTC minute of the cached answer */
	int      cached_local;		/* minute of the day there */
	int      cached;
};

/* A word list: single words and runs of words separated by spaces are
 * hashed into the keys; entries with other characters are phrases, tried
 * one by one. */
struct policy_words {
	struct numbers_compiled compiled;
	uint64_t                sequences;	/* bit k: some key is k words long */
	const char             *phrases;	/* NUL-terminated, one after another */
	size_t                  phrases_len;
};

/* An @ file, loaded once however many rules name it. */
struct policy_list {
	char                *path;
	int                  is_words;
	struct numbers      *numbers;
	struct policy_words  words;
};

struct policy_condition {
	enum policy_test test;
	union {
		struct {
			int                   is_prefix;
			uint64_t              value;
			const struct numbers *list;	/* NULL: value is the number */
		} number;
		char                      *sid;
		char                      *type;
		struct {
			unsigned kinds;		/* DETECT_BIT set: any of them */
			int      across;	/* messages looked at together, 0: this one */
			int64_t  within_ms;
		} detect;
		struct {
			char   *text;		/* lowercased */
			size_t  len;
		} phrase;
		const struct policy_words *words;
		pcre2_code                *regex;
		struct {
			int                 start, end;	/* minutes of the day, end exclusive */
			struct policy_zone *zone;	/* NULL: UTC */
		} during;
		struct {
			long        max;
			int64_t     window_ms;
			const char *by;		/* "participant" or "session" */
		} limit;
	} u;
};

struct policy_rule {
	int                      block;		/* 1 for a redact rule too */
	unsigned                 redact;	/* the kinds a redact rule masks, 0 not one */
	unsigned                 line;
	char                    *text;
	struct policy_condition *conditions;
	size_t                   condition_count;
};

/* A file the policy was built from, as it was when read. */
struct policy_dependency {
	char                  *path;
	struct numbers_version version;
};

struct policy {
	char                     *path;
	struct policy_rule       *rules;
	size_t                    rule_count;
	int                       has_default;
	int                       default_block;
	unsigned                  default_line;
	char                     *default_text;
	int                       needs_numbers;
	int64_t                   across_ms;	/* the longest `within` of an across */
	struct policy_list      **lists;
	size_t                    list_count;
	struct policy_zone      **zones;
	size_t                    zone_count;
	struct policy_dependency *dependencies;
	size_t                    dependency_count;
	/* Shared by every regex match (one thread at a time). */
	pcre2_match_context      *match_context;
	pcre2_match_data         *match_data;
	pcre2_jit_stack          *jit_stack;
};

/* ---- characters, as word lists and phrases see them ---- */

/* Letters, digits, '_' and any byte of a multibyte UTF-8 character: enough
 * to find word boundaries in any script without a Unicode table. */
static inline int
policy_is_word(unsigned char c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

static inline int
policy_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static inline unsigned char
policy_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* policy_parse.c: load path; on failure the files the attempt read are
 * handed back in *deps anyway (see there). */
int policy_load_tracked(const char *path, const char *cache_dir, struct policy **out,
    struct policy_errors *errors, struct policy_dependency **deps, size_t *dep_count);
int policy_load_from(const char *path, FILE *saved, const char *cache_dir, struct policy **out,
    struct policy_errors *errors, struct policy_dependency **deps, size_t *dep_count);

/* policy.c: the compiled form's parts, freed. */
void policy_dependencies_free(struct policy_dependency *deps, size_t count);
void policy_condition_clear(struct policy_condition *c);
void policy_list_free(struct policy_list *list);
void policy_zone_free(struct policy_zone *zone);

/* policy_words.c: a word list, compiled into the list cache, and matched. */
int policy_words_load(const char *path, const char *cache_dir, struct policy_words *words,
    struct error *err);
int policy_words_match(const struct policy_words *words, const char *text, size_t len);

#endif
