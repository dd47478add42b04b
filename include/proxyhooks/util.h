/*
 * util: time, durations and small string helpers shared by the programs
 * and the CLI.
 */
#ifndef PROXYHOOKS_UTIL_H
#define PROXYHOOKS_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "proxyhooks/error.h"

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

/* 1 when sid is a Twilio SID: prefix (two letters, e.g. "KP"; NULL for
 * any) followed by 32 hexadecimal digits. */
int util_sid_valid(const char *sid, const char *prefix);

#endif
