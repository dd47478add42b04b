/* policy_parse: the policy file's grammar: read the file, its rules and the
 * lists and zones they name, into the compiled form (policy_impl.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proxyhooks/base/util.h"

#include "policy_impl.h"

/* Bounds on one regex match: a pattern that backtracks catastrophically
 * gives up within a few milliseconds and counts as not matching. */
#define POLICY_MATCH_LIMIT	1000000
#define POLICY_DEPTH_LIMIT	10000
#define POLICY_HEAP_LIMIT_KIB	20480
#define POLICY_JIT_STACK_MAX	(1024 * 1024)

/* A load reports this many errors, then one line saying there were more. */
#define POLICY_MAX_ERRORS	100

struct policy_parser {
	struct policy        *policy;
	const char           *path;
	const char           *cache_dir;
	struct policy_errors *errors;
	size_t                error_count;
	unsigned              line;
	const char           *p, *end;	/* what is left of the current line */
	size_t                dependency_cap;
};

/* A decision in progress: the numbers are parsed once, when first needed. */
struct policy_eval {
	const struct policy_input *in;
	int                        from_state, to_state;	/* 0 not yet, 1 parsed, -1 none */
	uint64_t                   from, to;
	int                        needed_from, needed_to;
};

/* ---- errors ---- */

static void
policy_errors_add(struct policy_parser *ps, const char *message)
{
	struct policy_errors *e = ps->errors;
	char **grown, *copy;

	ps->error_count++;
	if (e == NULL || ps->error_count > POLICY_MAX_ERRORS + 1)
		return;
	if (ps->error_count == POLICY_MAX_ERRORS + 1)
		message = "more errors not shown";
	if ((copy = strdup(message)) == NULL)
		return;
	if ((grown = realloc(e->messages, (e->count + 1) * sizeof(*grown))) == NULL) {
		free(copy);
		return;
	}
	e->messages = grown;
	e->messages[e->count++] = copy;
}

/* Report "FILE:LINE: reason" for the line being parsed. Returns -1 so that
 * parsers can `return policy_error(...)`. */
static int __attribute__((format(printf, 2, 3)))
policy_error(struct policy_parser *ps, const char *fmt, ...)
{
	char message[1024];
	va_list ap;
	int n;

	/* Before the first line (the file cannot be opened) there is no line to name. */
	if (ps->line > 0)
		n = snprintf(message, sizeof(message), "%s:%u: ", ps->path, ps->line);
	else
		n = snprintf(message, sizeof(message), "%s: ", ps->path);
	if (n < 0 || (size_t)n >= sizeof(message))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(message + n, sizeof(message) - (size_t)n, fmt, ap);
	va_end(ap);
	policy_errors_add(ps, message);
	return -1;
}

void
policy_errors_free(struct policy_errors *errors)
{
	size_t i;

	if (errors == NULL)
		return;
	for (i = 0; i < errors->count; i++)
		free(errors->messages[i]);
	free(errors->messages);
	errors->messages = NULL;
	errors->count = 0;
}

/* ---- the policy's dependencies ---- */

static int
policy_depend(struct policy_parser *ps, const char *path,
    const struct numbers_version *version)
{
	struct policy *policy = ps->policy;
	struct policy_dependency *grown;
	size_t i;

	for (i = 0; i < policy->dependency_count; i++)
		if (strcmp(policy->dependencies[i].path, path) == 0)
			return 0;
	if (policy->dependency_count == ps->dependency_cap) {
		size_t want = ps->dependency_cap ? ps->dependency_cap * 2 : 4;

		grown = realloc(policy->dependencies, want * sizeof(*grown));
		if (grown == NULL)
			return -1;
		policy->dependencies = grown;
		ps->dependency_cap = want;
	}
	if ((policy->dependencies[policy->dependency_count].path = strdup(path)) == NULL)
		return -1;
	policy->dependencies[policy->dependency_count++].version = *version;
	return 0;
}

/* ---- lists, zones ---- */

/* An @PATH relative to the policy file's directory. */
static char *
policy_resolve(const struct policy_parser *ps, const char *name, size_t len)
{
	const char *slash = strrchr(ps->path, '/');
	size_t dir_len;
	char *out;

	if (name[0] == '/' || slash == NULL)
		return strndup(name, len);
	dir_len = (size_t)(slash - ps->path) + 1;
	if ((out = malloc(dir_len + len + 1)) == NULL)
		return NULL;
	memcpy(out, ps->path, dir_len);
	memcpy(out + dir_len, name, len);
	out[dir_len + len] = '\0';
	return out;
}

/* A load error from a list: one naming a line of the list stands as it is;
 * one about the file as a whole is reported at the rule naming it. */
static int
policy_list_error(struct policy_parser *ps, const char *path, const char *message)
{
	size_t n = strlen(path);

	if (strncmp(message, path, n) == 0 && message[n] == ':' &&
	    isdigit((unsigned char)message[n + 1])) {
		policy_errors_add(ps, message);
		return -1;
	}
	return policy_error(ps, "%s", message);
}

static const struct policy_list *
policy_list_get(struct policy_parser *ps, const char *name, size_t len, int is_words)
{
	struct policy *policy = ps->policy;
	struct policy_list *list = NULL, **grown;
	struct numbers_version version;
	struct error err;
	char *path;
	size_t i;

	if (len == 0) {
		policy_error(ps, "a file name must follow '@'");
		return NULL;
	}
	if ((path = policy_resolve(ps, name, len)) == NULL) {
		policy_error(ps, "out of memory");
		return NULL;
	}
	for (i = 0; i < policy->list_count; i++)
		if (policy->lists[i]->is_words == is_words &&
		    strcmp(policy->lists[i]->path, path) == 0) {
			free(path);
			return policy->lists[i];
		}
	error_clear(&err);
	if ((list = calloc(1, sizeof(*list))) == NULL ||
	    (grown = realloc(policy->lists, (policy->list_count + 1) * sizeof(*grown))) == NULL) {
		policy_error(ps, "out of memory");
		goto fail;
	}
	policy->lists = grown;
	list->path = path;
	list->is_words = is_words;
	path = NULL;
	if (is_words ? policy_words_load(list->path, ps->cache_dir, &list->words, &err) :
	    numbers_load(list->path, ps->cache_dir, &list->numbers, &err)) {
		/* A broken list is watched too: fixing it must reload. */
		numbers_version_read(list->path, &version);
		if (policy_depend(ps, list->path, &version) == -1)
			policy_error(ps, "out of memory");
		policy_list_error(ps, list->path, err.message);
		goto fail;
	}
	if (policy_depend(ps, list->path, is_words ? &list->words.compiled.source :
	    numbers_source(list->numbers)) == -1) {
		policy_error(ps, "out of memory");
		goto fail;
	}
	policy->lists[policy->list_count++] = list;
	return list;
fail:
	if (list != NULL) {
		numbers_free(list->numbers);
		numbers_cache_close(&list->words.compiled);
		free(list->path);
	}
	free(list);
	free(path);
	return NULL;
}

static const char *
policy_zoneinfo_dir(void)
{
	const char *dir = getenv("TZDIR");

	return dir != NULL && dir[0] == '/' ? dir : "/usr/share/zoneinfo";
}

/* A zone is a name of a file in the tz database; nothing else (no paths
 * that leave it, no POSIX TZ strings, which tz would accept silently). */
static int
policy_zone_valid(const char *name, char *why, size_t why_len)
{
	char path[PATH_MAX], magic[4];
	const char *s;
	struct stat st;
	int fd, n, ok = 0;

	for (s = name; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr("/_+-", *s) == NULL)
			break;
	if (*s != '\0' || name[0] == '/' || name[0] == '\0' || strstr(name, "..") != NULL) {
		snprintf(why, why_len, "not a time zone name");
		return 0;
	}
	n = snprintf(path, sizeof(path), "%s/%s", policy_zoneinfo_dir(), name);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		snprintf(why, why_len, "name too long");
		return 0;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(why, why_len, "not in %s", policy_zoneinfo_dir());
		return 0;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	    memcmp(magic, "TZif", sizeof(magic)) == 0)
		ok = 1;
	else
		snprintf(why, why_len, "%s is not a tz database file", path);
	close(fd);
	return ok;
}

static struct policy_zone *
policy_zone_get(struct policy_parser *ps, const char *name)
{
	struct policy *policy = ps->policy;
	struct policy_zone *zone = NULL, **grown;
	size_t i;

	for (i = 0; i < policy->zone_count; i++)
		if (strcmp(policy->zones[i]->name, name) == 0)
			return policy->zones[i];
	if ((zone = calloc(1, sizeof(*zone))) == NULL ||
	    (zone->name = strdup(name)) == NULL ||
	    asprintf(&zone->tz, ":%s", name) == -1 ||
	    (grown = realloc(policy->zones, (policy->zone_count + 1) * sizeof(*grown))) == NULL) {
		if (zone != NULL) {
			free(zone->name);
			free(zone);
		}
		policy_error(ps, "out of memory");
		return NULL;
	}
	policy->zones = grown;
	policy->zones[policy->zone_count++] = zone;
	return zone;
}

/* ---- the line tokenizer ---- */

static void
policy_skip_blank(struct policy_parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\r'))
		ps->p++;
}

/* The next word (up to a blank or a comment), or 0 at the end of the line. */
static int
policy_next_word(struct policy_parser *ps, const char **word, size_t *len)
{
	const char *start;

	policy_skip_blank(ps);
	if (ps->p >= ps->end || *ps->p == '#')
		return 0;
	start = ps->p;
	while (ps->p < ps->end && *ps->p != ' ' && *ps->p != '\t' && *ps->p != '\r' &&
	    *ps->p != '#')
		ps->p++;
	*word = start;
	*len = (size_t)(ps->p - start);
	return 1;
}

static int
policy_word_is(const char *word, size_t len, const char *name)
{
	return strlen(name) == len && memcmp(word, name, len) == 0;
}

/* Show at most 60 bytes of what was written in an error. */
#define POLICY_SHOW(len) ((len) > 60 ? 60 : (int)(len))

typedef int (*policy_parse_fn)(struct policy_parser *, struct policy_condition *);

static int policy_parse_from(struct policy_parser *, struct policy_condition *);
static int policy_parse_to(struct policy_parser *, struct policy_condition *);
static int policy_parse_participant(struct policy_parser *, struct policy_condition *);
static int policy_parse_session(struct policy_parser *, struct policy_condition *);
static int policy_parse_service(struct policy_parser *, struct policy_condition *);
static int policy_parse_type(struct policy_parser *, struct policy_condition *);
static int policy_parse_body(struct policy_parser *, struct policy_condition *);
static int policy_parse_media(struct policy_parser *, struct policy_condition *);
static int policy_parse_during(struct policy_parser *, struct policy_condition *);
static int policy_parse_limit(struct policy_parser *, struct policy_condition *);
static int policy_parse_across(struct policy_parser *, struct policy_condition *);

static const struct policy_keyword {
	const char      *name;
	policy_parse_fn  parse;
} policy_keywords[] = {
	{ "from", policy_parse_from },
	{ "to", policy_parse_to },
	{ "participant", policy_parse_participant },
	{ "session", policy_parse_session },
	{ "service", policy_parse_service },
	{ "type", policy_parse_type },
	{ "body", policy_parse_body },
	{ "media", policy_parse_media },
	{ "during", policy_parse_during },
	{ "limit", policy_parse_limit },
};

static const struct policy_keyword *
policy_keyword_find(const char *word, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(policy_keywords) / sizeof(policy_keywords[0]); i++)
		if (policy_word_is(word, len, policy_keywords[i].name))
			return &policy_keywords[i];
	return NULL;
}

/* Is the next word a condition keyword (or is the line over)? */
static int
policy_next_is_keyword(struct policy_parser *ps)
{
	const char *save = ps->p, *word;
	size_t len;
	int yes;

	yes = !policy_next_word(ps, &word, &len) || policy_keyword_find(word, len) != NULL;
	ps->p = save;
	return yes;
}

/* ---- conditions ---- */

static int
policy_parse_number(struct policy_parser *ps, struct policy_condition *c, const char *what)
{
	const struct policy_list *list;
	const char *word, *first = NULL, *last_end = NULL;
	struct error err;
	size_t len;

	/* The value runs to the next condition keyword, so that a number may
	 * be written with spaces: from +1 (555) 123-0000 */
	while (!policy_next_is_keyword(ps)) {
		policy_next_word(ps, &word, &len);
		if (first == NULL)
			first = word;
		last_end = word + len;
	}
	if (first == NULL)
		return policy_error(ps, "%s needs a number, a prefix ending in * or @FILE", what);
	ps->policy->needs_numbers = 1;
	if (first[0] == '@') {
		size_t name_len = (size_t)(last_end - first) - 1;

		if (memchr(first, ' ', name_len + 1) || memchr(first, '\t', name_len + 1))
			return policy_error(ps, "unexpected text after %.*s",
			    POLICY_SHOW(name_len + 1), first);
		if ((list = policy_list_get(ps, first + 1, name_len, 0)) == NULL)
			return -1;
		c->u.number.list = list->numbers;
		return 0;
	}
	error_clear(&err);
	if (numbers_parse(first, (size_t)(last_end - first), &c->u.number.value,
	    &c->u.number.is_prefix, &err) == -1)
		return policy_error(ps, "%s", err.message);
	return 0;
}

static int
policy_parse_from(struct policy_parser *ps, struct policy_condition *c)
{
	c->test = POLICY_FROM;
	return policy_parse_number(ps, c, "from");
}

static int
policy_parse_to(struct policy_parser *ps, struct policy_condition *c)
{
	c->test = POLICY_TO;
	return policy_parse_number(ps, c, "to");
}

static int
policy_parse_sid(struct policy_parser *ps, struct policy_condition *c, const char *what,
    const char *prefix)
{
	const char *word;
	size_t len, i;

	if (!policy_next_word(ps, &word, &len))
		return policy_error(ps, "%s needs a SID (%s and 32 hex digits)", what, prefix);
	if (len != 34 || memcmp(word, prefix, 2) != 0)
		goto bad;
	for (i = 2; i < len; i++)
		if (!isxdigit((unsigned char)word[i]))
			goto bad;
	if ((c->u.sid = strndup(word, len)) == NULL)
		return policy_error(ps, "out of memory");
	return 0;
bad:
	return policy_error(ps, "bad %s SID '%.*s' (want %s and 32 hex digits)", what,
	    POLICY_SHOW(len), word, prefix);
}

static int
policy_parse_participant(struct policy_parser *ps, struct policy_condition *c)
{
	c->test = POLICY_PARTICIPANT;
	return policy_parse_sid(ps, c, "participant", "KP");
}

static int
policy_parse_session(struct policy_parser *ps, struct policy_condition *c)
{
	c->test = POLICY_SESSION;
	return policy_parse_sid(ps, c, "session", "KC");
}

static int
policy_parse_service(struct policy_parser *ps, struct policy_condition *c)
{
	c->test = POLICY_SERVICE;
	return policy_parse_sid(ps, c, "service", "KS");
}

static int
policy_parse_type(struct policy_parser *ps, struct policy_condition *c)
{
	const char *word;
	size_t len;

	c->test = POLICY_TYPE;
	if (!policy_next_word(ps, &word, &len))
		return policy_error(ps, "type needs voice or message");
	if (len == 5 && strncasecmp(word, "voice", 5) == 0)
		c->u.type = strdup("voice");
	else if (len == 7 && strncasecmp(word, "message", 7) == 0)
		c->u.type = strdup("message");
	else
		return policy_error(ps, "bad type '%.*s' (want voice or message)",
		    POLICY_SHOW(len), word);
	if (c->u.type == NULL)
		return policy_error(ps, "out of memory");
	return 0;
}

static int
policy_parse_media(struct policy_parser *ps, struct policy_condition *c)
{
	c->test = POLICY_MEDIA;
	return 0;
}

/* "phrase": \" and \\ stand for " and \. */
static int
policy_parse_phrase(struct policy_parser *ps, struct policy_condition *c)
{
	const char *start = ps->p;
	char *text;
	size_t n = 0;

	c->test = POLICY_BODY_PHRASE;
	if ((text = malloc((size_t)(ps->end - ps->p) + 1)) == NULL)
		return policy_error(ps, "out of memory");
	c->u.phrase.text = text;
	for (ps->p++; ps->p < ps->end && *ps->p != '"'; ps->p++) {
		if (*ps->p == '\\' && ps->p + 1 < ps->end &&
		    (ps->p[1] == '"' || ps->p[1] == '\\'))
			ps->p++;
		text[n++] = (char)policy_lower((unsigned char)*ps->p);
	}
	text[n] = '\0';
	c->u.phrase.len = n;
	if (ps->p >= ps->end)
		return policy_error(ps, "unclosed quote in body %.*s",
		    POLICY_SHOW(ps->end - start), start);
	ps->p++;
	if (n == 0)
		return policy_error(ps, "empty phrase");
	if (ps->p < ps->end && *ps->p != ' ' && *ps->p != '\t' && *ps->p != '\r' &&
	    *ps->p != '#')
		return policy_error(ps, "unexpected text after the closing quote");
	return 0;
}

/* /REGEX/flags: a '/' inside is written \/ (or inside [...]). */
static int
policy_parse_regex(struct policy_parser *ps, struct policy_condition *c)
{
	struct policy *policy = ps->policy;
	PCRE2_UCHAR message[256];
	PCRE2_SIZE offset;
	const char *start = ps->p, *pattern;
	size_t pattern_len;
	uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF |
	    PCRE2_NEVER_BACKSLASH_C;
	const char *class_start = NULL;	/* inside [...]: where its first member is */
	int code;

	c->test = POLICY_BODY_REGEX;
	for (ps->p++; ps->p < ps->end; ps->p++) {
		if (*ps->p == '\\') {
			if (ps->p + 1 < ps->end)
				ps->p++;
			continue;
		}
		if (class_start != NULL) {
			/* A ']' first in a class is a member; [:alpha:] nests. */
			if (*ps->p == '[' && ps->p + 1 < ps->end && ps->p[1] == ':') {
				const char *close = memmem(ps->p + 2, (size_t)(ps->end - ps->p - 2),
				    ":]", 2);

				if (close != NULL)
					ps->p = close + 1;
			} else if (*ps->p == ']' && ps->p != class_start) {
				class_start = NULL;
			}
			continue;
		}
		if (*ps->p == '[') {
			class_start = ps->p + 1;
			if (class_start < ps->end && *class_start == '^')
				class_start++;
		} else if (*ps->p == '/') {
			break;
		}
	}
	if (ps->p >= ps->end)
		return policy_error(ps, "unclosed regex %.*s", POLICY_SHOW(ps->end - start),
		    start);
	pattern = start + 1;
	pattern_len = (size_t)(ps->p - pattern);
	for (ps->p++; ps->p < ps->end && *ps->p != ' ' && *ps->p != '\t' &&
	    *ps->p != '\r' && *ps->p != '#'; ps->p++) {
		switch (*ps->p) {
		case 'i':
			options |= PCRE2_CASELESS;
			break;
		case 'x':
			options |= PCRE2_EXTENDED;
			break;
		case 's':
			options |= PCRE2_DOTALL;
			break;
		case 'm':
			options |= PCRE2_MULTILINE;
			break;
		default:
			return policy_error(ps, "unknown regex flag '%c' (want i, m, s or x)",
			    *ps->p);
		}
	}
	if (pattern_len == 0)
		return policy_error(ps, "empty regex");
	c->u.regex = pcre2_compile((PCRE2_SPTR)pattern, pattern_len, options, &code,
	    &offset, NULL);
	if (c->u.regex == NULL) {
		pcre2_get_error_message(code, message, sizeof(message));
		return policy_error(ps, "bad regex /%.*s/: %s at offset %zu",
		    POLICY_SHOW(pattern_len), pattern, (const char *)message, (size_t)offset);
	}
	/* Without JIT (not built for this CPU) the interpreter still works. */
	pcre2_jit_compile(c->u.regex, PCRE2_JIT_COMPLETE);
	if (policy->match_context == NULL) {
		policy->match_context = pcre2_match_context_create(NULL);
		policy->match_data = pcre2_match_data_create(1, NULL);
		policy->jit_stack = pcre2_jit_stack_create(32 * 1024, POLICY_JIT_STACK_MAX, NULL);
		if (policy->match_context == NULL || policy->match_data == NULL)
			return policy_error(ps, "out of memory");
		pcre2_set_match_limit(policy->match_context, POLICY_MATCH_LIMIT);
		pcre2_set_depth_limit(policy->match_context, POLICY_DEPTH_LIMIT);
		pcre2_set_heap_limit(policy->match_context, POLICY_HEAP_LIMIT_KIB);
		if (policy->jit_stack != NULL)
			pcre2_jit_stack_assign(policy->match_context, NULL, policy->jit_stack);
	}
	return 0;
}

static int
policy_parse_body(struct policy_parser *ps, struct policy_condition *c)
{
	const struct policy_list *list;
	const char *word;
	size_t len;
	int kind;

	policy_skip_blank(ps);
	if (ps->p < ps->end && *ps->p == '"')
		return policy_parse_phrase(ps, c);
	if (ps->p < ps->end && *ps->p == '/')
		return policy_parse_regex(ps, c);
	c->test = POLICY_BODY_DETECT;
	if (!policy_next_word(ps, &word, &len))
		return policy_error(ps, "body needs phone, email, url, handle, /REGEX/, "
		    "\"phrase\" or @FILE");
	if (word[0] == '@') {
		c->test = POLICY_BODY_WORDS;
		if ((list = policy_list_get(ps, word + 1, len - 1, 1)) == NULL)
			return -1;
		c->u.words = &list->words;
		return 0;
	}
	for (;;) {
		const char *slash = memchr(word, '/', len);
		size_t part = slash != NULL ? (size_t)(slash - word) : len;
		char name[16];

		kind = -1;
		if (part > 0 && part < sizeof(name)) {
			memcpy(name, word, part);
			name[part] = '\0';
			kind = detect_kind_parse(name);
		}
		if (kind < 0)
			return policy_error(ps, "unknown body test '%.*s' (want phone, email, url, "
			    "handle, /REGEX/, \"phrase\" or @FILE)", POLICY_SHOW(part), word);
		c->u.detect.kinds |= DETECT_BIT(kind);
		/* More kinds, any of which holds: phone/email, phone / email. */
		if (slash != NULL) {
			word = slash + 1;
			len -= part + 1;
			if (len > 0)
				continue;
		} else {
			policy_skip_blank(ps);
			if (ps->p >= ps->end || *ps->p != '/')
				break;
			ps->p++;
		}
		if (!policy_next_word(ps, &word, &len))
			return policy_error(ps, "body %s/ needs a kind after the '/'",
			    detect_kind_name((enum detect_kind)kind));
	}
	if (!policy_next_is_keyword(ps)) {
		const char *save = ps->p;

		policy_next_word(ps, &word, &len);
		if (policy_word_is(word, len, "across"))
			return policy_parse_across(ps, c);
		ps->p = save;
	}
	return 0;
}

/* body phone across N messages within T minutes|hours: a number split
 * over the participant's last N messages in the session. */
static int
policy_parse_across(struct policy_parser *ps, struct policy_condition *c)
{
	static const char usage[] = "(want across 2|3 messages within N minutes|hours, "
	    "N up to 1440 minutes)";
	const char *word;
	size_t len;
	long n, unit_ms;
	char number[8];

	if (c->u.detect.kinds != DETECT_BIT(DETECT_PHONE))
		return policy_error(ps, "across is for body phone alone (a number split over "
		    "messages)");
	if (!policy_next_word(ps, &word, &len) || len != 1 || (word[0] != '2' && word[0] != '3'))
		return policy_error(ps, "bad across '%.*s' %s", POLICY_SHOW(len), word, usage);
	c->u.detect.across = word[0] - '0';
	if (!policy_next_word(ps, &word, &len) || !policy_word_is(word, len, "messages"))
		return policy_error(ps, "across %d needs 'messages within N minutes' %s",
		    c->u.detect.across, usage);
	if (!policy_next_word(ps, &word, &len) || !policy_word_is(word, len, "within"))
		return policy_error(ps, "across %d messages needs 'within N minutes' %s",
		    c->u.detect.across, usage);
	if (!policy_next_word(ps, &word, &len))
		word = "", len = 0;
	if (len == 0 || len >= sizeof(number) || !isdigit((unsigned char)word[0]))
		return policy_error(ps, "bad within '%.*s' %s", POLICY_SHOW(len), word, usage);
	memcpy(number, word, len);
	number[len] = '\0';
	if (util_parse_long(number, 1, 1440, &n) < 0)
		return policy_error(ps, "bad within '%.*s' %s", POLICY_SHOW(len), word, usage);
	if (!policy_next_word(ps, &word, &len))
		word = "", len = 0;
	if (policy_word_is(word, len, "minute") || policy_word_is(word, len, "minutes"))
		unit_ms = 60 * 1000;
	else if (policy_word_is(word, len, "hour") || policy_word_is(word, len, "hours"))
		unit_ms = 60 * 60 * 1000;
	else
		return policy_error(ps, "bad within unit '%.*s' %s", POLICY_SHOW(len), word, usage);
	if (n * unit_ms > 1440L * 60 * 1000)
		return policy_error(ps, "within %ld %.*s is more than a day %s", n,
		    POLICY_SHOW(len), word, usage);
	c->u.detect.within_ms = (int64_t)n * unit_ms;
	if (c->u.detect.within_ms > ps->policy->across_ms)
		ps->policy->across_ms = c->u.detect.within_ms;
	return 0;
}

/* "HH:MM" into minutes of the day; 24:00 only as an end. */
static int
policy_parse_clock(const char *s, size_t len, int is_end, int *minutes)
{
	int h, m;

	if (len != 5 || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    s[2] != ':' || !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && (m != 0 || !is_end)))
		return -1;
	*minutes = h * 60 + m;
	return 0;
}

static int
policy_parse_during(struct policy_parser *ps, struct policy_condition *c)
{
	const char *word, *dash;
	char zone[256], why[PATH_MAX + 64];
	size_t len;

	c->test = POLICY_DURING;
	if (!policy_next_word(ps, &word, &len))
		return policy_error(ps, "during needs HH:MM-HH:MM");
	dash = memchr(word, '-', len);
	if (dash == NULL ||
	    policy_parse_clock(word, (size_t)(dash - word), 0, &c->u.during.start) == -1 ||
	    policy_parse_clock(dash + 1, (size_t)(word + len - dash - 1), 1,
	    &c->u.during.end) == -1)
		return policy_error(ps, "bad time window '%.*s' (want HH:MM-HH:MM, "
		    "e.g. 22:00-07:00)", POLICY_SHOW(len), word);
	if (c->u.during.start == c->u.during.end)
		return policy_error(ps, "empty time window '%.*s'", POLICY_SHOW(len), word);
	if (policy_next_is_keyword(ps))
		return 0;
	policy_next_word(ps, &word, &len);
	if (len >= sizeof(zone))
		return policy_error(ps, "bad time zone '%.*s': name too long",
		    POLICY_SHOW(len), word);
	memcpy(zone, word, len);
	zone[len] = '\0';
	if (strcmp(zone, "UTC") == 0)
		return 0;
	if (!policy_zone_valid(zone, why, sizeof(why)))
		return policy_error(ps, "bad time zone '%s': %s", zone, why);
	if ((c->u.during.zone = policy_zone_get(ps, zone)) == NULL)
		return -1;
	return 0;
}

static int
policy_parse_limit(struct policy_parser *ps, struct policy_condition *c)
{
	const char *word;
	char number[24], *end;
	size_t len;
	long max;

	c->test = POLICY_LIMIT;
	c->u.limit.by = "participant";
	if (!policy_next_word(ps, &word, &len) || !isdigit((unsigned char)word[0]))
		return policy_error(ps, "limit needs a number: limit N per minute|hour|day "
		    "[by participant|session]");
	if (len >= sizeof(number))
		goto bad_number;
	memcpy(number, word, len);
	number[len] = '\0';
	errno = 0;
	max = strtol(number, &end, 10);
	if (errno != 0 || *end != '\0' || max < 0 || max > 1000000000)
		goto bad_number;
	c->u.limit.max = max;
	if (!policy_next_word(ps, &word, &len) || !policy_word_is(word, len, "per"))
		return policy_error(ps, "limit %ld needs 'per minute', 'per hour' or 'per day'",
		    max);
	if (!policy_next_word(ps, &word, &len))
		word = "", len = 0;
	if (policy_word_is(word, len, "minute"))
		c->u.limit.window_ms = 60 * 1000;
	else if (policy_word_is(word, len, "hour"))
		c->u.limit.window_ms = 60 * 60 * 1000;
	else if (policy_word_is(word, len, "day"))
		c->u.limit.window_ms = 24 * 60 * 60 * 1000;
	else
		return policy_error(ps, "bad limit period '%.*s' (want minute, hour or day)",
		    POLICY_SHOW(len), word);
	if (policy_next_is_keyword(ps))
		return 0;
	policy_next_word(ps, &word, &len);
	if (!policy_word_is(word, len, "by"))
		return policy_error(ps, "unexpected '%.*s' (want by participant|session)",
		    POLICY_SHOW(len), word);
	if (!policy_next_word(ps, &word, &len))
		word = "", len = 0;
	if (policy_word_is(word, len, "participant"))
		c->u.limit.by = "participant";
	else if (policy_word_is(word, len, "session"))
		c->u.limit.by = "session";
	else
		return policy_error(ps, "bad limit 'by %.*s' (want participant or session)",
		    POLICY_SHOW(len), word);
	return 0;
bad_number:
	return policy_error(ps, "bad limit '%.*s' (want a whole number up to 1000000000)",
	    POLICY_SHOW(len), word);
}

static int
policy_condition_order(const void *a, const void *b)
{
	const struct policy_condition *x = a, *y = b;

	return (int)x->test - (int)y->test;
}

/* ---- lines ---- */

static int
policy_parse_default(struct policy_parser *ps, const char *line_start)
{
	struct policy *policy = ps->policy;
	const char *word;
	size_t len;
	int block;

	if (!policy_next_word(ps, &word, &len))
		return policy_error(ps, "default needs allow or block");
	if (policy_word_is(word, len, "allow"))
		block = 0;
	else if (policy_word_is(word, len, "block"))
		block = 1;
	else
		return policy_error(ps, "bad default '%.*s' (want allow or block)",
		    POLICY_SHOW(len), word);
	if (policy_next_word(ps, &word, &len))
		return policy_error(ps, "unexpected '%.*s' after default",
		    POLICY_SHOW(len), word);
	if (policy->has_default)
		return policy_error(ps, "a second default (the first is on line %u)",
		    policy->default_line);
	while (ps->p > line_start && (ps->p[-1] == ' ' || ps->p[-1] == '\t' || ps->p[-1] == '\r'))
		ps->p--;
	if ((policy->default_text = strndup(line_start, (size_t)(ps->p - line_start))) == NULL)
		return policy_error(ps, "out of memory");
	policy->has_default = 1;
	policy->default_block = block;
	policy->default_line = ps->line;
	return 0;
}

/* The actions a rule line starts with. */
enum policy_action { POLICY_ALLOW, POLICY_BLOCK, POLICY_REDACT };

static int
policy_parse_rule(struct policy_parser *ps, enum policy_action action, const char *line_start)
{
	static const char *const names[] = { "allow", "block", "redact" };
	const char *name = names[action];
	int block = action != POLICY_ALLOW;
	struct policy *policy = ps->policy;
	struct policy_rule rule, *grown;
	struct policy_condition *more;
	const struct policy_keyword *keyword;
	const char *word;
	size_t len, i;

	memset(&rule, 0, sizeof(rule));
	rule.block = block;
	rule.line = ps->line;
	while (policy_next_word(ps, &word, &len)) {
		if ((keyword = policy_keyword_find(word, len)) == NULL) {
			policy_error(ps, "unknown condition '%.*s' (want from, to, participant, "
			    "session, service, type, body, media, during or limit)",
			    POLICY_SHOW(len), word);
			goto fail;
		}
		more = realloc(rule.conditions, (rule.condition_count + 1) * sizeof(*more));
		if (more == NULL) {
			policy_error(ps, "out of memory");
			goto fail;
		}
		rule.conditions = more;
		memset(&rule.conditions[rule.condition_count], 0, sizeof(*more));
		/* Counted before parsing, so that what a failed parse allocated
		 * is freed with the rest. */
		rule.condition_count++;
		if (keyword->parse(ps, &rule.conditions[rule.condition_count - 1]) == -1)
			goto fail;
	}
	if (rule.condition_count == 0 && action == POLICY_REDACT) {
		policy_error(ps, "redact with no condition (want redact body phone|email|url|"
		    "handle ..., what to mask)");
		goto fail;
	}
	if (rule.condition_count == 0) {
		policy_error(ps, "%s with no condition (to %s everything, write "
		    "'default %s')", name, name, name);
		goto fail;
	}
	if (action == POLICY_REDACT) {
		for (i = 0; i < rule.condition_count; i++)
			if (rule.conditions[i].test == POLICY_BODY_DETECT)
				rule.redact |= rule.conditions[i].u.detect.kinds;
		if (rule.redact == 0) {
			policy_error(ps, "redact needs body phone|email|url|handle (what to mask)");
			goto fail;
		}
	}
	qsort(rule.conditions, rule.condition_count, sizeof(*rule.conditions),
	    policy_condition_order);
	while (ps->p > line_start && (ps->p[-1] == ' ' || ps->p[-1] == '\t' || ps->p[-1] == '\r'))
		ps->p--;
	if ((rule.text = strndup(line_start, (size_t)(ps->p - line_start))) == NULL ||
	    (grown = realloc(policy->rules, (policy->rule_count + 1) * sizeof(*grown))) == NULL) {
		policy_error(ps, "out of memory");
		goto fail;
	}
	policy->rules = grown;
	policy->rules[policy->rule_count++] = rule;
	return 0;
fail:
	for (i = 0; i < rule.condition_count; i++)
		policy_condition_clear(&rule.conditions[i]);
	free(rule.conditions);
	free(rule.text);
	return -1;
}

static void
policy_parse_line(struct policy_parser *ps, const char *line, size_t len)
{
	const char *word, *line_start;
	size_t word_len;

	ps->p = line;
	ps->end = line + len;
	policy_skip_blank(ps);
	line_start = ps->p;
	if (!policy_next_word(ps, &word, &word_len))
		return;
	if (policy_word_is(word, word_len, "block"))
		policy_parse_rule(ps, POLICY_BLOCK, line_start);
	else if (policy_word_is(word, word_len, "redact"))
		policy_parse_rule(ps, POLICY_REDACT, line_start);
	else if (policy_word_is(word, word_len, "allow"))
		policy_parse_rule(ps, POLICY_ALLOW, line_start);
	else if (policy_word_is(word, word_len, "default"))
		policy_parse_default(ps, line_start);
	else
		policy_error(ps, "unknown keyword '%.*s' (want block, redact, allow or default)",
		    POLICY_SHOW(word_len), word);
}

/*
 * Load path. On failure, the files the attempt read (and what they were)
 * are handed back in *deps anyway, so that a watcher knows when trying again
 * is worth it.
 */
int
policy_load_tracked(const char *path, const char *cache_dir, struct policy **out,
    struct policy_errors *errors, struct policy_dependency **deps, size_t *dep_count)
{
	return policy_load_from(path, NULL, cache_dir, out, errors, deps, dep_count);
}

/* The text from saved (an open stream, closed here) when not NULL, else
 * from path; path names the rules and is where @ lists are relative to. */
int
policy_load_from(const char *path, FILE *saved, const char *cache_dir, struct policy **out,
    struct policy_errors *errors, struct policy_dependency **deps, size_t *dep_count)
{
	struct policy_parser ps;
	struct numbers_version version;
	struct stat st;
	char *line = NULL;
	size_t line_cap = 0;
	ssize_t n;
	FILE *fp = saved;
	int rc = -1;

	*out = NULL;
	*deps = NULL;
	*dep_count = 0;
	if (errors != NULL) {
		errors->messages = NULL;
		errors->count = 0;
	}
	memset(&ps, 0, sizeof(ps));
	ps.path = path;
	ps.cache_dir = cache_dir;
	ps.errors = errors;
	if ((ps.policy = calloc(1, sizeof(*ps.policy))) == NULL ||
	    (ps.policy->path = strdup(path)) == NULL) {
		policy_error(&ps, "out of memory");
		goto fail;
	}
	if (fp == NULL && (fp = fopen(path, "re")) == NULL) {
		numbers_version_read(path, &version);
		policy_depend(&ps, path, &version);
		policy_error(&ps, "cannot open the policy file: %s", strerror(errno));
		goto fail;
	}
	if (fstat(fileno(fp), &st) == -1) {
		policy_error(&ps, "cannot stat the policy file: %s", strerror(errno));
		goto fail;
	}
	numbers_version_of(&st, &version);
	if (policy_depend(&ps, path, &version) == -1) {
		policy_error(&ps, "out of memory");
		goto fail;
	}
	while ((n = getline(&line, &line_cap, fp)) != -1) {
		const char *text = line;

		ps.line++;
		if (n > 0 && line[n - 1] == '\n')
			n--;
		/* Some editors start a UTF-8 file with a byte order mark. */
		if (ps.line == 1 && n >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
			text += 3;
			n -= 3;
		}
		policy_parse_line(&ps, text, (size_t)n);
	}
	if (ferror(fp)) {
		policy_error(&ps, "cannot read the policy file: %s", strerror(errno));
		goto fail;
	}
	if (ps.error_count > 0)
		goto fail;
	*out = ps.policy;
	ps.policy = NULL;
	rc = 0;
fail:
	if (ps.policy != NULL) {
		*deps = ps.policy->dependencies;
		*dep_count = ps.policy->dependency_count;
		ps.policy->dependencies = NULL;
		ps.policy->dependency_count = 0;
		policy_free(ps.policy);
	}
	free(line);
	if (fp != NULL)
		fclose(fp);
	return rc;
}

int
policy_load(const char *path, const char *cache_dir, struct policy **out,
    struct policy_errors *errors)
{
	struct policy_dependency *deps;
	size_t dep_count;
	int rc;

	rc = policy_load_tracked(path, cache_dir, out, errors, &deps, &dep_count);
	policy_dependencies_free(deps, dep_count);
	return rc;
}
