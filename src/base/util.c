/* util: time, durations, numbers and whole-file reads. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proxyhooks/base/util.h"

int64_t
util_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
util_coarse_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
util_monotonic_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void
util_format_ms(int64_t ms, char *buf, size_t len)
{
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;

	gmtime_r(&secs, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

int
util_parse_long(const char *text, long min, long max, long *out)
{
	char *end;
	long v;

	if (text == NULL || *text == '\0' || isspace((unsigned char)*text))
		return -1;
	errno = 0;
	v = strtol(text, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
util_parse_since(const char *text, int64_t now_ms, int64_t *out_ms, struct error *err)
{
	struct tm tm;
	const char *rest;
	char *end;
	long n;
	int64_t unit;

	/* A duration: digits then one unit letter. */
	errno = 0;
	n = strtol(text, &end, 10);
	if (end != text && errno == 0 && n >= 0 && end[0] != '\0' && end[1] == '\0' &&
	    strchr("smhdw", end[0]) != NULL) {
		switch (end[0]) {
		case 's': unit = 1000; break;
		case 'm': unit = 60 * 1000; break;
		case 'h': unit = 3600 * 1000; break;
		case 'd': unit = 86400 * 1000; break;
		default:  unit = 7 * 86400 * 1000LL; break;
		}
		*out_ms = now_ms - (int64_t)n * unit;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	rest = strptime(text, "%Y-%m-%d", &tm);
	if (rest != NULL && *rest != '\0')
		rest = strptime(rest, "T%H:%M", &tm);
	if (rest != NULL && *rest == ':')
		rest = strptime(rest, ":%S", &tm);
	if (rest != NULL && (*rest == 'Z' || *rest == 'z'))
		rest++;
	if (rest == NULL || *rest != '\0') {
		error_set(err, "'%s' is neither a duration (30s, 15m, 2h, 7d, 1w) nor a UTC time "
		    "(2026-11-30 or 2026-11-30T08:00:00Z)", text);
		return -1;
	}
	*out_ms = (int64_t)timegm(&tm) * 1000;
	return 0;
}

int
util_read_file(const char *path, size_t max, char **out, size_t *len, struct error *err)
{
	char *buf = NULL, *grown;
	size_t got = 0, cap = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		error_set(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	/* Read to the end rather than trust st_size: pipes and /dev/stdin too. */
	for (;;) {
		if (got + 1 >= cap) {
			cap = cap ? cap * 2 : 4096;
			if ((grown = realloc(buf, cap)) == NULL) {
				error_set(err, "%s: out of memory", path);
				goto fail;
			}
			buf = grown;
		}
		n = read(fd, buf + got, cap - got - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error_set(err, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		got += (size_t)n;
		if (got > max) {
			error_set(err, "%s: larger than %zu bytes", path, max);
			goto fail;
		}
	}
	buf[got] = '\0';
	close(fd);
	*out = buf;
	if (len != NULL)
		*len = got;
	return 0;
fail:
	free(buf);
	close(fd);
	return -1;
}

int
util_e164(const char *text, char *out, size_t len)
{
	size_t o = 0, digits = 0;
	const char *p;

	for (p = text; *p != '\0'; p++) {
		if (*p == ' ' || *p == '-' || *p == '.' || *p == '(' || *p == ')' || *p == '\t')
			continue;
		if (*p == '+' && o == 0) {
			if (o + 1 >= len)
				return -1;
			out[o++] = '+';
			continue;
		}
		if (!isdigit((unsigned char)*p) || o == 0)
			return -1;
		if (o + 1 >= len)
			return -1;
		out[o++] = *p;
		digits++;
	}
	if (digits < 1 || digits > 15)
		return -1;
	out[o] = '\0';
	return 0;
}

int
util_sid_valid(const char *sid, const char *prefix)
{
	size_t i;

	if (sid == NULL || strlen(sid) != 34)
		return 0;
	if (prefix != NULL ? strncmp(sid, prefix, 2) != 0 :
	    !(isalpha((unsigned char)sid[0]) && isalpha((unsigned char)sid[1])))
		return 0;
	for (i = 2; i < 34; i++)
		if (!isxdigit((unsigned char)sid[i]))
			return 0;
	return 1;
}

void
util_hex(char *out, const unsigned char *in, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}
