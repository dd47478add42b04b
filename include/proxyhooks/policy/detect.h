/*
 * detect: the built-in content detectors behind the policy's
 * `block body phone|email|url|handle` and `redact body ...`. They look for
 * contact details that participants trade to take business off the
 * platform, including the spellings people use to slip past filters, in
 * English, Spanish, Portuguese, French, German and Italian ("four one five",
 * "seis uno dos", "soixante-dix-huit", "vierundfunfzig", "bob arroba gmail
 * punto com", "mi ig es juanito_22", "me chama no zap"), and stay quiet on
 * ordinary marketplace, delivery and ride texts (prices, sizes, mileages,
 * times, dates, addresses, order, tracking, booking and serial numbers
 * named as such, a platform merely mentioned). The languages are tables
 * (src/policy/lang_*.c), all read at once.
 *
 * One pass over a normalised copy of the text, each detector looking a
 * bounded number of characters back or ahead: linear in the text's length.
 * For texts up to 4 KiB nothing is allocated. Calls share no state
 * (reentrant) beyond the word tables built once on first use.
 */
#ifndef PROXYHOOKS_DETECT_H
#define PROXYHOOKS_DETECT_H

#include <stddef.h>

enum detect_kind {
	DETECT_PHONE,		/* a phone number: 10-15 digits, 7+ with '+' or spelled out */
	DETECT_EMAIL,		/* an e-mail address, plain or written out ("at", "dot") */
	DETECT_URL,		/* a link, with or without a scheme */
	DETECT_HANDLE		/* "WhatsApp me", "my insta is @foo", "add me on telegram" */
};
#define DETECT_KINDS	4
/* A set of kinds, for detect_redact: DETECT_BIT(DETECT_PHONE) | ... */
#define DETECT_BIT(kind)	(1u << (kind))

/* Parse "phone"|"email"|"url"|"handle" (exactly, lower case); -1 when unknown. */
int detect_kind_parse(const char *name);
/* The name detect_kind_parse takes; "unknown" for a value outside the enum. */
const char *detect_kind_name(enum detect_kind kind);
/* 1 when text[0..len) (UTF-8; invalid bytes are tolerated) contains that kind
 * of contact detail, else 0. */
int detect_match(enum detect_kind kind, const char *text, size_t len);

/* What a detector found: where, and its normalised value ("+34612345678",
 * "jane.doe88@gmail.com", "example.com/x", "instagram juanito_22"). */
#define DETECT_VALUE_MAX	80
struct detect_found {
	enum detect_kind kind;
	size_t           start, end;	/* bytes of the text as given */
	char             value[DETECT_VALUE_MAX];
};

/* Up to max findings of kind in text[0..len), in the order of the text;
 * returns how many were stored. */
size_t detect_find(enum detect_kind kind, const char *text, size_t len,
    struct detect_found *out, size_t max);
/* "phone +34612345678" into buf (always terminated); returns the length
 * it needed. */
size_t detect_describe(const struct detect_found *found, char *buf, size_t size);

/*
 * The text with every contact detail of the kinds in the set (DETECT_BIT)
 * replaced by mask, malloc'd and NUL-terminated, its length in *out_len;
 * NULL when out of memory. Overlapping findings are replaced once.
 */
char *detect_redact(const char *text, size_t len, unsigned kinds, const char *mask,
    size_t *out_len);

/*
 * Across messages. detect_runs writes the parts of numbers in a text (2-8
 * digits each, no references, measures, dates or times) as digit runs
 * separated by spaces ("612345 678"): all that is kept of a message to
 * catch a number split over several. detect_runs_phone judges the runs of
 * earlier messages (oldest first, each a detect_runs string; NULL entries
 * skipped) with the text's own: 1 when together they make a phone number
 * (9-13 digits in 2 or 3 parts, the last in this text), its value in
 * found.
 */
#define DETECT_RUNS_MAX	64
size_t detect_runs(const char *text, size_t len, char *out, size_t size);
int detect_runs_phone(const char *const *earlier, size_t count, const char *text, size_t len,
    struct detect_found *found);

#endif
