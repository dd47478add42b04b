/*
 * detect_url: links, with or without a scheme: "https://x.co/abc",
 * "www.example.com", "example dot com", "loja ponto com ponto br",
 * "example(.)com", "w w w . e x a m p l e . c o m". A name after an
 * at-marker is an address (detect_email.c), not a link.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "detect_int.h"

/* A domain starting at p whose name follows an at-marker is an address: 1
 * after "@", 2 after an at-word ("bob arroba gmail"), 0 when it is not. */
static int
url_after_at(const struct ntext *t, size_t p)
{
	size_t k = p, n = 0, ws, ws2;

	while (k > 0 && t->s[k - 1] == ' ' && n++ < MARK_SPACES)
		k--;
	if (k > 0 && t->s[k - 1] == '@')
		return 1;
	if (k > 0 && t->s[k - 1] != 0 && strchr(")]}>", t->s[k - 1]) != NULL) {
		k--;
		for (n = 0; k > 0 && t->s[k - 1] == ' ' && n < MARK_SPACES; n++)
			k--;
		if (k > 0 && t->s[k - 1] == '@')
			return 1;
		if (k >= 3 && memcmp(t->s + k - 2, "at", 2) == 0 && !ch_alnum(t->s[k - 3]))
			return 1;
		return 0;
	}
	/* "bob arroba gmail punto com": an address, unless the word before the
	 * at-word is a sentence's ("the listing at example.com") */
	if (k == p || (n = word_before(t, k, "", 0, &ws)) == 0 || !lex_is(t->s + ws, n, LEX_AT))
		return 0;
	n = word_before(t, ws, " ", MARK_SPACES, &ws2);
	return n > 0 && !lex_is(t->s + ws2, n, LEX_EMAIL_STOP) ? 2 : 0;
}

/* The first dot of the domain is written '.' (spaced or bracketed). */
static int
domain_dot_literal(const struct ntext *t, const struct domain *d)
{
	size_t k;

	for (k = d->start + d->first_len; k < d->end && k < d->label_at[1]; k++)
		if (t->s[k] == '.')
			return 1;
	return 0;
}

/* "https://", "hxxp://", "http : //", "https//" at p. */
static int
url_scheme_at(const struct ntext *t, size_t p)
{
	static const char *const web[] = { "http", "https", "hxxp", "hxxps", NULL };
	size_t e, q, k;
	int colon = 0;

	for (e = p; e < t->len && ch_letter(t->s[e]) && e - p <= 10; e++)
		;
	if (e - p < 2 || e - p > 10)
		return 0;
	q = skip_spaces(t, e, 1);
	if (q < t->len && t->s[q] == ':') {
		colon = 1;
		q = skip_spaces(t, q + 1, 1);
	}
	if (q + 2 >= t->len || t->s[q] != '/' || t->s[q + 1] != '/' || t->s[q + 2] == ' ')
		return 0;
	if (colon)
		return 1;
	for (k = 0; web[k] != NULL; k++)
		if (strlen(web[k]) == e - p && memcmp(t->s + p, web[k], e - p) == 0)
			return 1;
	return 0;
}

/* "www.", "www dot", "www[.]" followed by a name. */
static int
url_www_at(const struct ntext *t, size_t p)
{
	enum mark_kind kind;
	size_t q;

	if (p + 3 > t->len || memcmp(t->s + p, "www", 3) != 0)
		return 0;
	q = mark_parse(t, p + 3, '.', LEX_DOT, &kind);
	return q != 0 && q < t->len && ch_alnum(t->s[q]);
}

/* Letters with a digit or '-' among them ("noleggio24", "ripara-pc"). */
static int
url_marked_label(const struct ntext *t, size_t p, size_t n)
{
	size_t k, letters = 0, marks = 0;

	for (k = p; k < p + n; k++) {
		letters += ch_letter(t->s[k]) != 0;
		marks += ch_ascii_digit(t->s[k]) || t->s[k] == '-';
	}
	return letters >= 3 && marks > 0;
}

/* A spaced-out domain with a spaced path after it: "t . me / vanmanmike". */
static int
url_spaced_path(const struct ntext *t, size_t e)
{
	size_t q = skip_spaces(t, e, 2), n;

	if (q >= t->len || t->s[q] != '/')
		return 0;
	q = skip_spaces(t, q + 1, 2);
	for (n = 0; q + n < t->len && (ch_alnum(t->s[q + n]) || t->s[q + n] == '_'); n++)
		;
	return n >= 3;
}

static int
url_domain_at(const struct ntext *t, size_t p, struct domain *dp)
{
	const struct tld *tld;
	size_t n, ws;

	if (domain_parse(t, p, dp) < 2 || (tld = domain_tld(t, dp)) == NULL)
		return 0;
	if (dp->disguised && dp->labels == 2 &&
	    (lex_is(t->s + dp->start, dp->first_len, LEX_URL_STOP) ||
	    (!domain_dot_literal(t, dp) && lex_classes(t->s + dp->start, dp->first_len) != 0)))
		return 0;	/* "the dot com", "no ponto de onibus" */
	if (!tld->weak || domain_has_path(t, dp->end) ||
	    (dp->disguised && ch_letter(t->s[dp->start]) && url_spaced_path(t, dp->end)))
		return 1;
	/* "negozioesempio punto it", "traslochiexpress (punto) it": a name
	 * that is no word of the tables, with a dot written out */
	if (dp->labels != 2 || dp->first_len < 4 || lex_classes(t->s + dp->start, dp->first_len) != 0)
		return 0;
	if (dp->disguised) {
		/* not "the Pargo point at the Engen": the sentence goes on
		 * with an article after the country's code; nor "done 2021
		 * period no leaks", a number then a dictated full stop */
		size_t q = skip_spaces(t, dp->end, 1), w;

		for (w = 0; w < dp->first_len && ch_ascii_digit(t->s[dp->start + w]); w++)
			;
		if (w == dp->first_len)
			return 0;
		for (w = 0; q + w < t->len && ch_letter(t->s[q + w]); w++)
			;
		return q == dp->end || w == 0 || !lex_is(t->s + q, w, LEX_URL_STOP);
	}
	/* "noleggioeconomico24.it", "sito: noleggioeconomico.it": a name with
	 * a digit or '-' in it, or named a site just before (not "la pagina no
	 * carga.me ayudas?") */
	if (url_marked_label(t, dp->start, dp->first_len))
		return 1;
	n = word_before(t, dp->start, " :-", 3, &ws);
	if (n > 0 && lex_is(t->s + ws, n, LEX_IS))
		n = word_before(t, ws, " :-", 3, &ws);
	return n > 0 && lex_is(t->s + ws, n, LEX_URL_CUE);
}


/* The end of a link from p: up to the next space. */
static size_t
url_end(const struct ntext *t, size_t p)
{
	while (p < t->len && t->s[p] != ' ' && t->s[p] != NORM_OTHER && t->s[p] != '"' &&
	    t->s[p] != '<' && t->s[p] != '>')
		p++;
	while (p > 0 && strchr(".,;:!?)'", t->s[p - 1]) != NULL && t->s[p - 1] != 0)
		p--;
	return p;
}

static void
url_scan_text(const struct ntext *t, struct detect_sink *k)
{
	char value[DETECT_VALUE_MAX];
	struct domain d;
	size_t p, e, n;
	unsigned char prev;
	int at;

	for (p = 0; p < t->len && !sink_done(k); p++) {
		if (!ch_letter(t->s[p]) && !ch_ascii_digit(t->s[p]))
			continue;
		prev = p > 0 ? t->s[p - 1] : ' ';
		if (ch_label(prev) || prev == '_')
			continue;
		if (url_scheme_at(t, p) || url_www_at(t, p)) {
			if (url_www_at(t, p) && domain_parse(t, p, &d) >= 2 && d.disguised) {
				n = domain_value(t, &d, value, sizeof(value));
				e = d.end;
			} else {
				e = url_end(t, p);
				n = e - p < sizeof(value) - 1 ? e - p : sizeof(value) - 1;
				memcpy(value, t->s + p, n);
				value[n] = '\0';
			}
			sink_add(k, DETECT_URL, t, p, e > p ? e : p + 1, value);
			p = e > p ? e : p;
			continue;
		}
		/* inside a dotted name ("mail.example.com" seen from "example") */
		if (prev == '.' && p >= 2 && ch_alnum(t->s[p - 2]))
			continue;
		/* after an at-word, a domain with a path is a link ("my stuff at
		 * shop.example.com/vintage"), which the address test leaves */
		if ((at = url_after_at(t, p)) == 1 || (at == 2 && !(url_domain_at(t, p, &d) &&
		    domain_has_path(t, d.end))))
			continue;
		if (url_domain_at(t, p, &d)) {
			n = domain_value(t, &d, value, sizeof(value));
			e = d.end;
			if (domain_has_path(t, e)) {
				size_t pe = url_end(t, e);

				if (pe > e && n + (pe - e) + 1 < sizeof(value)) {
					memcpy(value + n, t->s + e, pe - e);
					value[n + (pe - e)] = '\0';
				}
				e = pe;
			}
			sink_add(k, DETECT_URL, t, p, e, value);
			p = e > p ? e - 1 : p;
		}
	}
}

void
url_scan(const struct ntext *t, struct detect_sink *k)
{
	scan_unspaced(t, k, url_scan_text);
}
