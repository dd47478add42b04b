/*
 * corpus.h: the labelled corpus (t/corpus/LANG.tsv, see its README) read
 * and judged by the four body detectors, for t/corpus and bench/detect. A
 * message is blocked when any detector finds something, as with the
 * policy `block body phone / email / url / handle`.
 */
#ifndef CORPUS_H
#define CORPUS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhooks/policy/detect.h"

struct corpus_line {
	int   contact;		/* labelled contact (else clean) */
	char  kind[16];
	char  trick[64];
	char *text;
	size_t len;
	unsigned line;
};

struct corpus {
	struct corpus_line *lines;
	size_t              count;
	char               *error;	/* "FILE:LINE: reason" when the file is bad */
};

/* Read path; 0, or -1 with corpus->error set. */
static int
corpus_read(const char *path, struct corpus *c)
{
	char buf[8192], *f[4], *p;
	size_t cap = 0, i, n;
	unsigned line = 0;
	FILE *fp;

	memset(c, 0, sizeof(*c));
	if ((fp = fopen(path, "r")) == NULL) {
		c->error = malloc(strlen(path) + 32);
		sprintf(c->error, "%s: cannot open", path);
		return -1;
	}
	while (fgets(buf, sizeof(buf), fp) != NULL) {
		line++;
		n = strlen(buf);
		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
			buf[--n] = '\0';
		if (line == 1 || n == 0)
			continue;
		for (i = 0, p = buf; i < 4; i++) {
			f[i] = p;
			if (i < 3) {
				if ((p = strchr(p, '\t')) == NULL)
					break;
				*p++ = '\0';
			}
		}
		if (i < 4 || (strcmp(f[0], "contact") != 0 && strcmp(f[0], "clean") != 0)) {
			c->error = malloc(strlen(path) + 64);
			sprintf(c->error, "%s:%u: not label TAB kind TAB trick TAB text", path, line);
			fclose(fp);
			return -1;
		}
		if (c->count == cap) {
			cap = cap ? cap * 2 : 512;
			c->lines = realloc(c->lines, cap * sizeof(*c->lines));
		}
		c->lines[c->count].contact = strcmp(f[0], "contact") == 0;
		snprintf(c->lines[c->count].kind, sizeof(c->lines[0].kind), "%s", f[1]);
		snprintf(c->lines[c->count].trick, sizeof(c->lines[0].trick), "%s", f[2]);
		c->lines[c->count].text = strdup(f[3]);
		c->lines[c->count].len = strlen(f[3]);
		c->lines[c->count].line = line;
		c->count++;
	}
	fclose(fp);
	return 0;
}

static void
corpus_free(struct corpus *c)
{
	size_t i;

	for (i = 0; i < c->count; i++)
		free(c->lines[i].text);
	free(c->lines);
	free(c->error);
}

/* 1 when any detector finds something in the text; what the first found
 * goes to why (may be NULL). */
static int
corpus_blocked(const char *text, size_t len, char *why, size_t size)
{
	struct detect_found f;
	int k;

	for (k = 0; k < DETECT_KINDS; k++)
		if (detect_find((enum detect_kind)k, text, len, &f, 1) > 0) {
			if (why != NULL)
				detect_describe(&f, why, size);
			return 1;
		}
	return 0;
}

struct corpus_score {
	size_t tp, fn, fp, tn;
};

static void
corpus_count(struct corpus_score *s, int contact, int blocked)
{
	if (contact)
		blocked ? s->tp++ : s->fn++;
	else
		blocked ? s->fp++ : s->tn++;
}

static double
corpus_recall(const struct corpus_score *s)
{
	return s->tp + s->fn ? (double)s->tp / (double)(s->tp + s->fn) : 1.0;
}

static double
corpus_fpr(const struct corpus_score *s)
{
	return s->fp + s->tn ? (double)s->fp / (double)(s->fp + s->tn) : 0.0;
}

static double
corpus_precision(const struct corpus_score *s)
{
	return s->tp + s->fp ? (double)s->tp / (double)(s->tp + s->fp) : 1.0;
}

#endif
