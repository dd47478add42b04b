/*
 * detect: the detectors' interface. Normalises the text once (on the stack
 * up to NORM_STACK bytes) and hands it to the detector of the kind asked
 * (detect_phone.c, detect_email.c, detect_url.c, detect_handle.c); the
 * words they read come from the language tables (lang.c).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhooks/policy/detect.h"

#include "detect_int.h"

static const char *const detect_names[] = {
	[DETECT_PHONE] = "phone",
	[DETECT_EMAIL] = "email",
	[DETECT_URL] = "url",
	[DETECT_HANDLE] = "handle",
};

int
detect_kind_parse(const char *name)
{
	size_t k;

	if (name == NULL)
		return -1;
	for (k = 0; k < NITEMS(detect_names); k++)
		if (strcmp(name, detect_names[k]) == 0)
			return (int)k;
	return -1;
}

const char *
detect_kind_name(enum detect_kind kind)
{
	if ((unsigned)kind >= NITEMS(detect_names))
		return "unknown";
	return detect_names[kind];
}

/* A normalised copy of a text: on the stack for the usual sizes. */
struct norm_copy {
	unsigned char  stack[NORM_STACK];
	uint32_t       stack_at[NORM_STACK + 1];
	unsigned char *buf;
	uint32_t      *at;
	struct ntext   t;
};

static void
norm_open(struct norm_copy *c, const char *text, size_t len)
{
	c->buf = c->stack;
	c->at = c->stack_at;
	if (len > NORM_STACK || len > UINT32_MAX - 1) {
		if (len > UINT32_MAX - 1)
			len = UINT32_MAX - 1;
		c->buf = malloc(len);
		c->at = malloc((len + 1) * sizeof(*c->at));
		if (c->buf == NULL || c->at == NULL) {
			/* Out of memory: judge the first 4 KiB rather than nothing. */
			free(c->buf);
			free(c->at);
			c->buf = c->stack;
			c->at = c->stack_at;
			len = NORM_STACK;
		}
	}
	c->t.s = c->buf;
	c->t.at = c->at;
	c->t.src = text;
	c->t.len = norm_text(text, len, c->buf, c->at);
}

static void
norm_close(struct norm_copy *c)
{
	if (c->buf != c->stack) {
		free(c->buf);
		free(c->at);
	}
}

static void
detect_scan(enum detect_kind kind, const struct ntext *t, struct detect_sink *k)
{
	switch (kind) {
	case DETECT_PHONE:
		phone_scan(t, k);
		break;
	case DETECT_EMAIL:
		email_scan(t, k);
		break;
	case DETECT_URL:
		url_scan(t, k);
		break;
	case DETECT_HANDLE:
		handle_scan(t, k);
		break;
	}
}

int
detect_match(enum detect_kind kind, const char *text, size_t len)
{
	struct norm_copy *c, copy;
	struct detect_sink k = { NULL, 0, 0 };

	if (text == NULL || len == 0 || (unsigned)kind >= NITEMS(detect_names))
		return 0;
	c = &copy;
	norm_open(c, text, len);
	detect_scan(kind, &c->t, &k);
	norm_close(c);
	return k.n > 0;
}

size_t
detect_find(enum detect_kind kind, const char *text, size_t len, struct detect_found *out,
    size_t max)
{
	struct norm_copy copy;
	struct detect_sink k = { out, max, 0 };

	if (text == NULL || len == 0 || max == 0 || (unsigned)kind >= NITEMS(detect_names))
		return 0;
	norm_open(&copy, text, len);
	detect_scan(kind, &copy.t, &k);
	norm_close(&copy);
	return k.n;
}

size_t
detect_describe(const struct detect_found *found, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s %s", detect_kind_name(found->kind), found->value);

	return n < 0 ? 0 : (size_t)n;
}

static int
found_cmp(const void *a, const void *b)
{
	const struct detect_found *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

#define REDACT_FOUND	64

char *
detect_redact(const char *text, size_t len, unsigned kinds, const char *mask, size_t *out_len)
{
	struct detect_found found[REDACT_FOUND];
	size_t n = 0, i, p = 0, o = 0, mlen, cap;
	unsigned kind;
	char *out;

	if (text == NULL)
		len = 0;
	if (mask == NULL)
		mask = "";
	mlen = strlen(mask);
	for (kind = 0; kind < DETECT_KINDS; kind++)
		if (kinds & DETECT_BIT(kind))
			n += detect_find((enum detect_kind)kind, text, len, found + n,
			    REDACT_FOUND - n);
	qsort(found, n, sizeof(found[0]), found_cmp);
	cap = len + n * mlen + 1;
	if ((out = malloc(cap)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (found[i].end <= p)
			continue;	/* inside one replaced already */
		if (found[i].start > p) {
			memcpy(out + o, text + p, found[i].start - p);
			o += found[i].start - p;
		}
		memcpy(out + o, mask, mlen);
		o += mlen;
		p = found[i].end;
	}
	if (p < len) {
		memcpy(out + o, text + p, len - p);
		o += len - p;
	}
	out[o] = '\0';
	if (out_len != NULL)
		*out_len = o;
	return out;
}

size_t
detect_runs(const char *text, size_t len, char *out, size_t size)
{
	struct norm_copy copy;
	size_t n;

	if (size > 0)
		out[0] = '\0';
	if (text == NULL || len == 0 || size == 0)
		return 0;
	norm_open(&copy, text, len);
	n = phone_runs(&copy.t, out, size);
	norm_close(&copy);
	return n;
}

/* The last runs, newest first, from this text and the messages before:
 * 2 or 3 of them, the last in this text, making 9-13 digits. */
#define RUNS_PARTS	3

/* Take the runs of one detect_runs string, newest first, into parts. */
static void
runs_take(const char *runs, const char **part, size_t *plen, size_t *nparts, size_t *digits)
{
	const char *e = runs + strlen(runs), *b;

	while (e > runs && *nparts < RUNS_PARTS && *digits < 9) {
		for (b = e; b > runs && b[-1] != ' '; b--)
			;
		if (e > b) {
			part[*nparts] = b;
			plen[(*nparts)++] = (size_t)(e - b);
			*digits += (size_t)(e - b);
		}
		e = b > runs ? b - 1 : runs;
	}
}

int
detect_runs_phone(const char *const *earlier, size_t count, const char *text, size_t len,
    struct detect_found *found)
{
	char mine[DETECT_RUNS_MAX];
	const char *part[RUNS_PARTS];
	size_t plen[RUNS_PARTS], nparts = 0, digits = 0, i, n = 0;

	detect_runs(text, len, mine, sizeof(mine));
	if (mine[0] == '\0')
		return 0;
	runs_take(mine, part, plen, &nparts, &digits);
	for (i = count; i > 0 && nparts < RUNS_PARTS && digits < 9; i--)
		if (earlier != NULL && earlier[i - 1] != NULL)
			runs_take(earlier[i - 1], part, plen, &nparts, &digits);
	if (nparts < 2 || digits < 9 || digits > 13)
		return 0;
	if (found != NULL) {
		found->kind = DETECT_PHONE;
		found->start = 0;
		found->end = len;
		for (i = nparts; i > 0; i--) {
			memcpy(found->value + n, part[i - 1], plen[i - 1]);
			n += plen[i - 1];
		}
		found->value[n] = '\0';
	}
	return 1;
}
