/*
 * util: time, durations and small string helpers shared by the programs
 * and the CLI.
 */
#ifndef PROXYHOOKS_UTIL_H
#define PROXYHOOKS_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "proxyhooks/base/error.h"

/* Wall-clock time in UTC milliseconds. */
int64_t util_now_ms(void);
/* Monotonic microseconds, for measuring how long something took. */
int64_t util_monotonic_us(void);
/* "2026-11-30T08:17:23.123Z" into buf (at least 32 bytes). */
void util_format_ms(int64_t ms, char *buf, size_t len);
/* A point in time from "DURATION" (30s, 15m, 2h, 7d: that long ago) or an
 * ISO 8601 UTC time (2026-11-30, 2026-11-30T08:00:00Z). */
int util_parse_since(const char *text, int64_t now_ms, int64_t *out_ms, struct error *err);
/* Parse a whole decimal number in [min, max]. */
int util_parse_long(const char *text, long min, long max, long *out);
/* Read a whole small file into a malloc'd NUL-terminated buffer. */
int util_read_file(const char *path, size_t max, char **out, size_t *len, struct error *err);
/* Normalise a phone number as written by a person ("+1 (555) 123-4567")
 * to E.164 ("+15551234567"): drops spaces, dashes, dots and parentheses.
 * Returns -1 when what is left is not '+' and 1..15 digits. */
int util_e164(const char *text, char *out, size_t len);

/* The n bytes at in as 2n lowercase hexadecimal digits at out, then a NUL
 * (out has room for 2n + 1). */
void util_hex(char *out, const unsigned char *in, size_t n);

/* Text scanned 8 bytes at a time (form decoding, JSON quoting): a byte
 * found is marked by its high bit in a mask word. */
#define UTIL_WORD_ONES	0x0101010101010101ULL
#define UTIL_WORD_HIGHS	0x8080808080808080ULL

/* Two settings the same: both unset, or the same text. */
static inline int
util_same_text(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

/* Copy s into dst (size > 0), cut short when it does not fit: what
 * snprintf(dst, size, "%s", s) does, without parsing a format. */
static inline void
util_copy(char *dst, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* Add s to the end of the string in dst (size > 0), cut short likewise. */
static inline void
util_append(char *dst, size_t size, const char *s)
{
	size_t n = strlen(dst);

	util_copy(dst + n, size - n, s);
}

/* The high bit of each byte of w equal to c. No carry crosses a byte, so
 * no other byte is marked, whatever the byte order. */
static inline uint64_t
util_word_bytes_equal(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (UTIL_WORD_ONES * c);

	return ~(((x & ~UTIL_WORD_HIGHS) + ~UTIL_WORD_HIGHS) | x) & UTIL_WORD_HIGHS;
}

/* Position in memory of the first byte marked in mask (not 0). */
static inline size_t
util_word_first_marked(uint64_t mask)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (size_t)__builtin_ctzll(mask) / 8;
#else
	return (size_t)__builtin_clzll(mask) / 8;
#endif
}

/* Monotonic milliseconds from the coarse clock, read without a system
 * call (a few milliseconds of resolution). */
int64_t util_coarse_ms(void);

/* 1 when sid is a Twilio SID: prefix (two letters, e.g. "KP"; NULL for
 * any) followed by 32 hexadecimal digits. */
int util_sid_valid(const char *sid, const char *prefix);

#endif
