/*
 * detect_phone: phone numbers, written plainly or disguised.
 *
 * A run is a sequence of digits, number words of any language table
 * ("four", "soixante-dix-huit", "vierundfunfzig", "meia"), look-alike
 * letters inside digits ("6l2", "O"), joining words ("and then", "y",
 * "puis") and short separators ("...", ", "); it is cut into groups at the
 * separators. A run is a phone number when one of its segments (dates and
 * time ranges cut it) has:
 *  - 7 or more digits with some spelled out, decorated or look-alike:
 *    nobody writes "four one five..." for anything else;
 *  - 7 to 15 digits after '+' (or "00");
 *  - 10 to 15 digits (NANP is 10, E.164 at most 15);
 *  - 9 digits written as a national number is (Spain, Portugal, France
 *    without its 0: a mobile prefix, or grouped 3-3-3, 3-2-2-2, 1-2-2-2-2);
 *  - 7 to 9 digits when the text also talks about calling or texting.
 * Plain digits right after "order", "pedido", "suivi", "Seriennummer", "#"
 * (any reference word of a language table), glued to letters (tracking
 * codes, SKUs) or next to a unit or currency ("145 000 km", "1 299 000 EUR")
 * are not; neither are thousands (1,299,000) or lists of sizes (36, 38, 40).
 * A number split in parts within one message ("starts 612 345, ends 678")
 * counts when the text talks about calling or the parts are disguised.
 *
 * One pass over the text; a run is read once and judged from its groups.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect_int.h"

#define PHONE_DIGITS	128
#define PHONE_GROUPS	64
#define PHONE_LETTERS	48
#define PHONE_SEP_MAX	6
#define PHONE_JOINS	2	/* joining words in a row ("and then") */
#define PHONE_ASIDE_MAX	40	/* characters of an aside between groups */
#define PHONE_PARTS	3	/* parts of a number split in one message */
#define PHONE_PART_GAP	48	/* characters between two parts, at most */
#define PHONE_PART_FAR	200	/* the same for two parts each told as one */
#define PHONE_REF_WORDS	6	/* words back a reference word may stand */
#define PHONE_REF_CONTENT	3	/* words of their own between it and the number, fewer */
#define PHONE_FRAGMENT_WORDS	6	/* words in a text whose runs are kept */

struct phone_piece {
	unsigned char unit, value;
	unsigned char und;	/* the German "und" before it */
};

struct phone_group {
	size_t off, len;	/* digits[off..off+len) */
	int    sep;		/* the separator before it (first non-space one), 0 first */
	int    sep2;	/* a space came with it */
	int    seplen;	/* how many separator characters */
	int    disguised;	/* holds a spelled-out or decorated digit */
};

struct phone_run {
	size_t             start, end;
	size_t             ndigits;	/* counted past PHONE_DIGITS, stored up to it */
	unsigned char      digits[PHONE_DIGITS];
	struct phone_group groups[PHONE_GROUPS];
	size_t             ngroups;
	int                disguised;	/* some digit was */
	int                strong;	/* by a word or a styled digit, not a look-alike letter only */
	/* reading state */
	int                full;	/* PHONE_GROUPS groups: later digits are only counted */
	int                split;	/* a separator came: the next digit opens a group */
	int                sep, sep2, seplen;
	int                joined;	/* a joining word came */
	int                hundreds;	/* "seiscientos" waits for its tens and units: value + 1 */
	int                hundreds_tens;	/* ... and has them */
	int                tens;	/* "ninety" waits for "nine" or becomes 90: its value */
	int                repeat;	/* "double"/"triple" waits for its digit */
	int                word_digit;	/* the last digit was a word ("vier") */
	int                und;		/* "und" after it: the tens come first */
};

static int
phone_is_sep(unsigned char c)
{
	switch (c) {
	case NORM_OTHER: case ' ': case '.': case '-': case '(': case ')': case '/':
	case '\\': case '_': case ',': case '*': case '|': case '~': case '\'': case '"':
	case '[': case ']': case '{': case '}': case '<': case '>': case '=': case ';':
		return 1;
	default:
		return 0;
	}
}

/* Digits on both sides of s[a..b), at most two separators away ("4l5",
 * "4 I 5"): then 'i' and 'l' stand for 1. */
static int
phone_flanked(const struct ntext *t, size_t a, size_t b)
{
	size_t n;

	for (n = 0; a > 0 && n < 2 && phone_is_sep(t->s[a - 1]); n++)
		a--;
	for (n = 0; b < t->len && n < 2 && phone_is_sep(t->s[b]); n++)
		b++;
	return a > 0 && ch_digit(t->s[a - 1]) && b < t->len && ch_digit(t->s[b]);
}

/* The digit a look-alike letter stands for inside digits, -1 if none. */
static int
phone_lookalike(unsigned char c)
{
	switch (c) {
	case 'o': return 0;
	case 'l': case 'i': return 1;
	case 'z': return 2;
	case 's': return 5;
	case 'b': return 8;
	default: return -1;
	}
}

/* Letters w[0..len) (hyphens dropped) as number words of any language;
 * returns how many pieces, 0 when they are not all number words. The
 * German "und" may join them ("vierundfunfzig"). */
static size_t
phone_split_words(const unsigned char *w, size_t len, int flanked, struct phone_piece *out)
{
	const struct lex_numbers *nx = lex_numbers();
	int from[PHONE_LETTERS + 1];
	size_t prev[PHONE_LETTERS + 1];
	size_t k, wl, n, i, j, b, e;
	int bucket, und = 0;

	if (len == 0 || len > PHONE_LETTERS)
		return 0;
	for (k = 0; k <= len; k++)
		from[k] = -1;
	from[0] = -2;
	for (k = 0; k < len; k++) {
		if (from[k] == -1)
			continue;
		if (k > 0 && len - k > 3 && memcmp(w + k, "und", 3) == 0 && from[k] >= 0 &&
		    from[k + 3] == -1) {
			from[k + 3] = -3;	/* "und" */
			prev[k + 3] = k;
		}
		bucket = (w[k] - 'a' + 1) * 27 + (k + 1 < len ? w[k + 1] - 'a' + 1 : 0);
		for (b = 0; b < 2; b++) {
			/* two-letter prefix, then one-letter words ("o", "l") */
			int bk = b == 0 ? bucket : (w[k] - 'a' + 1) * 27;

			if (b == 1 && bk == bucket)
				break;
			e = nx->bucket_start[bk + 1];
			for (j = nx->bucket_start[bk]; j < e; j++) {
				const struct lang_number *nw = nx->words[nx->bucket[j]];

				wl = nx->lens[nx->bucket[j]];
				if (wl > len - k || from[k + wl] != -1)
					continue;
				if (nw->unit == NUM_FLANKED && !flanked)
					continue;
				if (memcmp(w + k, nw->text, wl) != 0)
					continue;
				from[k + wl] = (int)nx->bucket[j];
				prev[k + wl] = k;
			}
		}
	}
	if (from[len] < 0)
		return 0;
	(void)und;
	for (n = 0, k = len; k > 0; k = prev[k])
		if (from[k] != -3)
			n++;
	for (i = n, k = len; k > 0; k = prev[k]) {
		if (from[k] == -3) {
			und = 1;
			continue;
		}
		i--;
		out[i].unit = nx->words[from[k]]->unit;
		out[i].value = nx->words[from[k]]->value;
		out[i].und = 0;
		if (und && i + 1 < n && out[i + 1].unit == NUM_TENS &&
		    (out[i].unit == NUM_DIGIT || out[i].unit == NUM_ARTICLE)) {
			/* "dreiundzwanzig": read as zwanzig drei */
			struct phone_piece unit = out[i];

			out[i] = out[i + 1];
			out[i + 1] = unit;
		} else if (und && i + 1 < n)
			out[i + 1].und = 1;
		und = 0;
	}
	/* an article glued to what follows is a word, not digits ("unten" is
	 * no "un ten"; "einundzwanzig" is 21) */
	for (i = 0; i + 1 < n; i++)
		if (out[i].unit == NUM_ARTICLE && !out[i + 1].und)
			return 0;
	return n;
}

static void
phone_push(struct phone_run *r, int value, int disguised)
{
	struct phone_group *g;

	if (r->ngroups == 0 || r->split) {
		if (r->ngroups < PHONE_GROUPS) {
			g = &r->groups[r->ngroups++];
			g->off = r->ndigits;
			g->len = 0;
			g->sep = r->ngroups == 1 ? 0 : r->sep;
			g->sep2 = r->ngroups == 1 ? 0 : r->sep2;
			g->seplen = r->ngroups == 1 ? 0 : r->seplen;
			g->disguised = 0;
		} else
			r->full = 1;	/* judge the groups kept, count the rest */
		r->split = 0;
	}
	if (!r->full) {
		g = &r->groups[r->ngroups - 1];
		g->len++;
		g->disguised |= disguised;
	}
	r->disguised |= disguised;
	if (r->ndigits < PHONE_DIGITS)
		r->digits[r->ndigits] = (unsigned char)value;
	r->ndigits++;
}

/* Pending tens with nothing after them: "ninety" is 90. */
static void
phone_flush_tens(struct phone_run *r)
{
	int split;

	if (!r->tens)
		return;
	split = r->split;
	r->split = 0;
	phone_push(r, r->tens, 1);
	phone_push(r, 0, 1);
	r->tens = 0;
	r->split = split;
}

/* Add one piece; gap is how many separator characters came before it. */
/* "seiscientos cincuenta y cinco" done: its three digits. */
static void
phone_flush_hundreds(struct phone_run *r)
{
	int v = r->hundreds - 1, split;

	if (r->hundreds == 0)
		return;
	r->hundreds = r->hundreds_tens = 0;
	if (r->tens) {
		v += r->tens * 10;
		r->tens = 0;
	}
	split = r->split;
	phone_push(r, v / 100, 1);
	r->split = 0;
	phone_push(r, v / 10 % 10, 1);
	phone_push(r, v % 10, 1);
	(void)split;
}

static void
phone_add(struct phone_run *r, const struct phone_piece *pc, int word, int disguised,
    size_t gap)
{
	int i, v, d;

	if (r->hundreds) {
		int below = r->hundreds - 1 + r->tens * 10;

		if (pc->unit == NUM_TENS && !r->tens && below % 100 == 0) {
			r->tens = pc->value;	/* "trecento venti..." */
			return;
		}
		if ((pc->unit == NUM_DIGIT || pc->unit == NUM_ARTICLE) && below % 10 == 0 &&
		    (r->tens || gap == 0 || r->joined)) {
			r->hundreds += pc->value + r->tens * 10;	/* "...ventotto", "ciento dos" */
			r->tens = 0;
			r->joined = 0;
			phone_flush_hundreds(r);
			r->word_digit = 0;
			return;
		}
		if (pc->unit == NUM_TEEN && below % 100 == 0) {
			r->hundreds += pc->value;
			phone_flush_hundreds(r);
			r->word_digit = 0;
			return;
		}
		phone_flush_hundreds(r);
	}
	if (pc->unit == NUM_HUNDRED) {
		phone_flush_tens(r);
		if (pc->value > 0)
			r->hundreds = pc->value * 100 + 1;
		else if (r->word_digit && gap <= 1 && r->ndigits > 0 && r->ndigits <= PHONE_DIGITS &&
		    !r->full && r->groups[r->ngroups - 1].len > 0) {
			/* "seis cientos", "nine hundred": of the digit before */
			d = r->digits[r->ndigits - 1];
			r->ndigits--;
			r->groups[r->ngroups - 1].len--;
			r->hundreds = d * 100 + 1;
		} else
			r->hundreds = 101;
		r->word_digit = 0;
		r->joined = 0;
		return;
	}

	if (r->tens) {
		if (word && (pc->unit == NUM_DIGIT || pc->unit == NUM_ARTICLE) && pc->value > 0 &&
		    gap <= 2) {
			r->split = 0;
			phone_push(r, r->tens, 1);	/* "ninety nine", "vingt et un" */
			phone_push(r, pc->value, 1);
			r->tens = 0;
			r->word_digit = 0;
			return;
		}
		if (word && pc->unit == NUM_TEEN && r->tens * 10 + pc->value < 100 &&
		    (r->tens == 6 || r->tens == 8)) {
			v = r->tens * 10 + pc->value;	/* "soixante-dix-huit", "quatre-vingt-dix" */
			r->split = 0;
			phone_push(r, v / 10, 1);
			phone_push(r, v % 10, 1);
			r->tens = 0;
			r->word_digit = 0;
			return;
		}
		phone_flush_tens(r);
	}
	if (pc->unit == NUM_TENS && (pc->und || r->und) && r->word_digit && r->ndigits > 0 &&
	    r->ndigits <= PHONE_DIGITS && !r->full && r->ngroups > 0 &&
	    r->groups[r->ngroups - 1].len > 0) {
		/* "vier und funfzig": 54 */
		d = r->digits[r->ndigits - 1];
		r->digits[r->ndigits - 1] = pc->value;
		r->split = 0;
		phone_push(r, d, 1);
		r->word_digit = 0;
		return;
	}
	r->word_digit = 0;
	switch (pc->unit) {
	case NUM_TEEN:
		phone_push(r, 1, 1);
		phone_push(r, pc->value - 10, 1);
		r->repeat = 0;
		break;
	case NUM_TENS:
		r->tens = pc->value;
		r->repeat = 0;
		break;
	case NUM_REPEAT:
		r->repeat += pc->value;
		if (r->repeat > 2)
			r->repeat = 2;
		break;
	default:
		for (i = 0; i <= r->repeat; i++)
			phone_push(r, pc->value, disguised);
		r->repeat = 0;
		r->word_digit = word;
		break;
	}
}

/* The letters from p: a word, with single hyphens inside ("dix-huit");
 * copied without them into w. Returns where it ends. */
static size_t
phone_letters(const struct ntext *t, size_t p, unsigned char *w, size_t *wlen)
{
	size_t q = p, n = 0;
	int lookalikes = 1;	/* so far capitals standing for digits ("SSS-OlO8") */
	unsigned char c;

	while (q < t->len) {
		if (ch_letter(t->s[q])) {
			if (n < PHONE_LETTERS + 1)
				w[n++] = t->s[q];
			c = (unsigned char)t->src[t->at[q]];
			if (phone_lookalike(t->s[q]) < 0 || t->at[q + 1] - t->at[q] != 1 ||
			    !((c >= 'A' && c <= 'Z') || c == 'l'))
				lookalikes = 0;
			q++;
		} else if (t->s[q] == '-' && q + 1 < t->len && ch_letter(t->s[q + 1]) &&
		    q > p && !lookalikes) {
			q++;
		} else
			break;
	}
	*wlen = n;
	return q;
}

/* The next word after p (past separators) is a number word. */
static int
phone_next_is_number(const struct ntext *t, size_t p)
{
	struct phone_piece pieces[PHONE_LETTERS];
	unsigned char w[PHONE_LETTERS + 1];
	size_t j, wl, n = 0;

	while (p < t->len && phone_is_sep(t->s[p]) && n++ < PHONE_SEP_MAX)
		p++;
	if (p >= t->len)
		return 0;
	if (ch_digit(t->s[p]))
		return 1;
	if (!ch_letter(t->s[p]))
		return 0;
	j = phone_letters(t, p, w, &wl);
	(void)j;
	n = phone_split_words(w, wl, 0, pieces);
	return n > 1 || (n == 1 && pieces[0].unit != NUM_ARTICLE);
}

/* Look-alike letters written as a word of their own between digits, in
 * capitals ("4l5 SSS Ol82", "OBOO 9OO"): the original bytes say so. */
static int
phone_lookalike_word(const struct ntext *t, size_t p, size_t j, const unsigned char *w,
    size_t wl, const struct phone_run *r)
{
	size_t k;
	unsigned char c;

	if (wl < 2 || wl > 4 || j - p != wl)
		return 0;
	for (k = 0; k < wl && w[k] == 'i'; k++)
		;
	if (k == wl)
		return 0;	/* not "II", a roman numeral */
	for (k = 0; k < wl; k++) {
		c = (unsigned char)w[k];
		if (phone_lookalike(c) < 0)
			return 0;
		if (t->at[p + k + 1] - t->at[p + k] != 1)
			return 0;
		c = (unsigned char)t->src[t->at[p + k]];
		if (!(c >= 'A' && c <= 'Z') && c != 'l')
			return 0;
	}
	/* a word in small letters after it, of letters no digit looks like:
	 * the look-alike is a word too, the article opening a sentence ("13
	 * e 20. Il veterinario"), not "6SS l23" */
	for (k = j; k < t->len && t->s[k] == ' '; k++)
		;
	if (k < t->len && ch_letter((unsigned char)t->s[k]) && t->src[t->at[k]] >= 'a' &&
	    t->src[t->at[k]] <= 'z') {
		int other = 0;

		for (; k < t->len && ch_alnum((unsigned char)t->s[k]); k++) {
			if (ch_digit((unsigned char)t->s[k]))
				break;
			other |= phone_lookalike((unsigned char)t->s[k]) < 0;
		}
		if (other && (k == t->len || !ch_digit((unsigned char)t->s[k])))
			return 0;
	}
	/* opening a number, the first look-alike is a trunk or country 0
	 * ("OlSl B472"), not a state or a word in capitals ("IL 62704") */
	return r->ndigits > 0 || (w[0] == 'o' && phone_next_is_number(t, j));
}

/* "3o izq", "2o dto": a floor's ordinal, one digit and a small o with
 * no more digits after it, not "9oo" nor "6o 12 34". */
static int
phone_ordinal(const struct ntext *t, size_t p, size_t j, size_t wl)
{
	size_t q;

	if (wl != 1 || p < 1 || (p >= 2 && ch_digit(t->s[p - 2])) ||
	    (unsigned char)t->src[t->at[p]] != 'o')
		return 0;
	for (q = j; q < t->len && t->s[q] == ' '; q++)
		;
	return q == t->len || !ch_digit(t->s[q]);
}

/* A capital look-alike glued to up to three digits before it and followed
 * by more of the number ("9B76S 432", "34S S667"), not a flat's "12B". */
static int
phone_lookalike_after(const struct ntext *t, size_t p, size_t j, const unsigned char *w,
    size_t wl)
{
	size_t q;
	unsigned char c;

	if (wl != 1 || j - p != 1 || p == 0 || !ch_digit(t->s[p - 1]) || phone_lookalike(w[0]) < 0)
		return 0;
	for (q = p; q > 0 && p - q <= 3 && ch_digit(t->s[q - 1]); q--)
		;
	if (p - q > 3)
		return 0;	/* "1234S": a product code's letter */
	c = (unsigned char)t->src[t->at[p]];
	if (!(c >= 'A' && c <= 'Z') && c != 'l')
		return 0;
	if (phone_next_is_number(t, j))
		return 1;
	for (q = j; q < t->len && q - j < 2 && phone_is_sep(t->s[q]); q++)
		;
	return q > j && q + 1 < t->len && phone_lookalike(t->s[q]) >= 0 && ch_digit(t->s[q + 1]);
}

/* A time comes next, past spaces ("... 47 39 après 18h", "then 18:30"):
 * no part of a number to join. */
static int
phone_time_next(const struct ntext *t, size_t p)
{
	size_t q = skip_spaces(t, p, 2), d;

	for (d = q; d < t->len && ch_ascii_digit(t->s[d]) && d - q < 3; d++)
		;
	if (d == q || d - q > 2 || d >= t->len)
		return 0;
	if (t->s[d] == 'h')
		return d + 1 >= t->len || !ch_letter(t->s[d + 1]);
	return (t->s[d] == ':' || t->s[d] == 'h') && d + 1 < t->len && ch_ascii_digit(t->s[d + 1]);
}

/* The digit on a phone's key for a letter. */
static int
phone_keypad(unsigned char c)
{
	static const char keys[] = "22233344455566677778889999";

	return c >= 'a' && c <= 'z' ? keys[c - 'a'] - '0' : 0;
}

/* A vanity number's letters at p, after six digits or more and a hyphen
 * ("(312) 555-VANS", "1-800-FLOWERS"): 3-7 capitals ending the word.
 * Returns their end, or p when there are none. */
static size_t
phone_vanity(const struct ntext *t, size_t p, const struct phone_run *r)
{
	size_t q;
	unsigned char c;

	if (r->ndigits < 4 || p < 2 || t->s[p - 1] != '-' || !ch_ascii_digit(t->s[p - 2]))
		return p;
	for (q = p; q < t->len && ch_letter(t->s[q]) && q - p <= 7; q++) {
		c = (unsigned char)t->src[t->at[q]];
		if (!(c >= 'A' && c <= 'Z') || t->at[q + 1] - t->at[q] != 1)
			return p;
	}
	if (q - p < 3 || q - p > 7 || r->ndigits + (q - p) < 10 ||
	    (q < t->len && (ch_alnum(t->s[q]) || t->s[q] == '-')))
		return p;
	return q;
}

/* An aside in brackets between two digit groups ("622 (perdon se me corto)
 * 90"): a few words, no digit, and a digit right after it. The end of the
 * aside and the spaces after it, or p when there is none. */
static size_t
phone_aside(const struct ntext *t, size_t p)
{
	size_t q = p, words = 0;

	while (q < t->len && t->s[q] == ' ')
		q++;
	if (q >= t->len || t->s[q] != '(' || q == 0)
		return p;
	for (q++; q < t->len && t->s[q] != ')'; q++) {
		if (ch_digit(t->s[q]) || q - p > PHONE_ASIDE_MAX)
			return p;
		if (ch_letter(t->s[q]) && !ch_letter(t->s[q - 1]))
			words++;
	}
	if (q >= t->len || words == 0 || words > 5)
		return p;
	for (q++; q < t->len && t->s[q] == ' '; q++)
		;
	return q < t->len && ch_ascii_digit(t->s[q]) ? q : p;
}

/* Read the run starting at i; returns where scanning goes on. */
static size_t
phone_read(const struct ntext *t, size_t i, struct phone_run *r)
{
	struct phone_piece pieces[PHONE_LETTERS], one;
	unsigned char w[PHONE_LETTERS + 1];
	size_t p = i, gap = 0, j, k, n, wl, joins = 0;
	int und = 0;

	r->ndigits = r->ngroups = 0;
	r->disguised = r->strong = 0;
	r->full = r->split = r->sep = r->sep2 = r->seplen = r->tens = r->repeat = r->word_digit = r->und = 0;
	r->joined = r->hundreds = r->hundreds_tens = 0;
	r->start = r->end = i;
	while (p < t->len) {
		if (ch_digit(t->s[p])) {
			one.unit = NUM_DIGIT;
			one.value = (unsigned char)ch_digit_value(t->s[p]);
			one.und = 0;
			phone_add(r, &one, 0, t->s[p] >= NORM_STYLED, gap);
			r->strong |= t->s[p] >= NORM_STYLED;
			r->end = ++p;
			gap = 0;
			joins = 0;
			continue;
		}
		if (ch_letter(t->s[p]) && (j = phone_vanity(t, p, r)) > p) {
			/* "(312) 555-VANS": the letters on a phone's keys */
			for (k = p; k < j; k++) {
				one.unit = NUM_DIGIT;
				one.value = (unsigned char)phone_keypad(t->s[k]);
				one.und = 0;
				phone_add(r, &one, 0, 1, k == p ? gap : 0);
			}
			r->end = p = j;
			gap = 0;
			joins = 0;
			continue;
		}
		if (ch_letter(t->s[p])) {
			j = phone_letters(t, p, w, &wl);
			/* look-alikes inside digits: "6l2", "O6", "34S 67", not "12B" */
			if ((wl <= 2 && j < t->len && ch_digit(t->s[j])) ||
			    phone_lookalike_after(t, p, j, w, wl) ||
			    (wl <= 2 && p > 0 && ch_digit(t->s[p - 1]) && w[0] == 'o' &&
			    w[wl - 1] == 'o' && !phone_ordinal(t, p, j, wl)) ||
			    phone_lookalike_word(t, p, j, w, wl, r)) {
				for (k = 0; k < wl && phone_lookalike(w[k]) >= 0; k++)
					;
				if (k == wl) {
					for (k = 0; k < wl; k++) {
						one.unit = NUM_DIGIT;
						one.value = (unsigned char)phone_lookalike(w[k]);
						one.und = 0;
						phone_add(r, &one, 0, 1, k == 0 ? gap : 0);
					}
					r->end = p = j;
					gap = 0;
					joins = 0;
					continue;
				}
			}
			n = phone_split_words(w, wl, phone_flanked(t, p, j), pieces);
			/* look-alikes that make a word of the tables ("il 19/06",
			 * the Italian article) stand for no digits */
			if (n > 1 && lex_classes(w, wl) != 0) {
				for (k = 0; k < n && pieces[k].unit == NUM_FLANKED; k++)
					;
				if (k == n)
					n = 0;
			}
			/* "un", "ein", "uma": a digit only among number words, or
			 * among digits told one or two at a time ("9 um 4 55"), not
			 * after a longer group or before a time (German "um":
			 * "2037 um 21:55"), nor when it names a reference
			 * (Hindi "tin" is 3, "TIN 412-558-903-000" a tax id) */
			if (n == 1 && pieces[0].unit == NUM_ARTICLE && !r->word_digit && !r->tens &&
			    !r->hundreds && (!phone_next_is_number(t, j) || phone_time_next(t, j) ||
			    lex_is(w, wl, LEX_REF) ||
			    (r->ngroups > 0 && r->groups[r->ngroups - 1].len > 2)))
				n = 0;
			if (n == 0) {
				if (r->end == r->start)
					return j;	/* a word that is no number */
				/* "and then", "y", "puis" between digits; "euh",
				 * "ähm", "cioè" said between them */
				if (joins < PHONE_JOINS && wl <= PHONE_LETTERS &&
				    p > 0 && !ch_digit(t->s[p - 1]) && (j == t->len || !ch_digit(t->s[j])) &&
				    (lex_is(w, wl, LEX_JOIN) || lex_is(w, wl, LEX_HESITATION)) &&
				    !phone_time_next(t, j)) {
					joins++;
					r->joined = 1;
					und = wl == 3 && memcmp(w, "und", 3) == 0;
					r->split = 1;
					r->sep = '&';	/* a joining word */
					r->seplen = 1;
					gap = 1;
					p = j;
					continue;
				}
				break;
			}
			for (k = 0; k < n; k++) {
				if (k == 0 && und)
					pieces[0].und = 1;
				phone_add(r, &pieces[k], 1, 1, k == 0 ? gap : 0);
				r->strong = 1;
			}
			und = 0;
			r->end = p = j;
			gap = 0;
			joins = 0;
			continue;
		}
		/* "622 (perdon se me corto) 90 (uff) 14": an aside between
		 * groups, as the space it stands in */
		if (r->end > r->start && (j = phone_aside(t, p)) > p) {
			if (!joins) {
				r->sep = ' ';
				r->sep2 = 1;
				r->seplen = 1;
			}
			r->split = 1;
			gap = 1;
			p = j;
			continue;
		}
		if (r->end > r->start && phone_is_sep(t->s[p])) {
			for (j = p; j < t->len && phone_is_sep(t->s[j]) && j - p <= PHONE_SEP_MAX; j++)
				;
			if (j - p > PHONE_SEP_MAX)
				break;
			if (!joins) {
				r->sep = ' ';
				r->sep2 = 0;
				for (k = p; k < j; k++)
					if (t->s[k] != ' ') {
						r->sep = t->s[k];
						break;
					}
				for (k = p; k < j; k++)
					if (t->s[k] == ' ')
						r->sep2 = 1;
				r->seplen = (int)(j - p);
			}
			r->split = 1;
			gap = j - p;
			p = j;
			continue;
		}
		break;
	}
	phone_flush_hundreds(r);
	phone_flush_tens(r);
	return r->end > i ? r->end : i + 1;
}

/* The value of group k, -1 when it is not stored or too long. */
static long
phone_group_value(const struct phone_run *r, size_t k)
{
	const struct phone_group *g = &r->groups[k];
	long v = 0;
	size_t i;

	if (g->len == 0 || g->len > 4 || g->off + g->len > PHONE_DIGITS || g->disguised)
		return -1;
	for (i = 0; i < g->len; i++)
		v = v * 10 + r->digits[g->off + i];
	return v;
}

/* How many groups from k form a date (2026-11-30, 11/30/2026, 30.11.26) or a
 * time range (10.30-11.30); 0 if they do not. */
static size_t
phone_date_at(const struct phone_run *r, size_t k)
{
	const struct phone_group *g = &r->groups[k];
	long a, b, c, d;
	int sep;

	if (k + 2 < r->ngroups) {
		sep = g[1].sep;
		a = phone_group_value(r, k);
		b = phone_group_value(r, k + 1);
		c = phone_group_value(r, k + 2);
		/* A fourth group joined the same way makes it a phone number
		 * written in pairs (06.12.34.56.78), not a date. */
		if (sep != 0 && strchr("-/.", sep) != NULL && g[2].sep == sep &&
		    (k + 3 >= r->ngroups || g[3].sep != sep) && (k == 0 || g[0].sep != sep) &&
		    a >= 0 && b >= 0 && c >= 0) {
			if (g[0].len == 4 && g[1].len <= 2 && g[2].len <= 2 &&
			    a >= 1900 && a <= 2099 && b >= 1 && b <= 12 && c >= 1 && c <= 31)
				return 3;
			if (g[0].len <= 2 && g[1].len <= 2 &&
			    ((g[2].len == 4 && c >= 1900 && c <= 2099) || g[2].len == 2) &&
			    ((a >= 1 && a <= 31 && b >= 1 && b <= 12) ||
			     (a >= 1 && a <= 12 && b >= 1 && b <= 31)))
				return 3;
		}
	}
	if (k + 3 < r->ngroups) {
		a = phone_group_value(r, k);
		b = phone_group_value(r, k + 1);
		c = phone_group_value(r, k + 2);
		d = phone_group_value(r, k + 3);
		if (g[1].sep == '.' && g[3].sep == '.' && (g[2].sep == '-' || g[2].sep == '/') &&
		    g[0].len <= 2 && g[1].len == 2 && g[2].len <= 2 && g[3].len == 2 &&
		    a >= 0 && a <= 24 && b >= 0 && b <= 59 && c >= 0 && c <= 24 && d >= 0 && d <= 59)
			return 4;
	}
	return 0;
}

/* Groups a..b written as an amount: 1,299,000 or 1.299.000,50. */
static int
phone_thousands(const struct phone_run *r, size_t a, size_t b)
{
	int sep;
	size_t k;

	if (b - a < 2 || r->groups[a].len > 3)
		return 0;
	sep = r->groups[a + 1].sep;
	if (sep != ',' && sep != '.')
		return 0;
	/* "612... 873... 045", "912, 345, 678": an amount has one mark, no space */
	for (k = a + 1; k < b; k++)
		if (r->groups[k].seplen != 1)
			return 0;
	for (k = a + 1; k < b; k++) {
		if (k == b - 1 && k > a + 1 && r->groups[k].sep != sep &&
		    (r->groups[k].sep == ',' || r->groups[k].sep == '.') && r->groups[k].len <= 2)
			continue;	/* the decimals */
		if (r->groups[k].sep != sep || r->groups[k].len != 3)
			return 0;
	}
	return 1;
}

/* A separator that lists: ',', '/', ';' or a joining word ("and", "und"). */
static int
phone_list_sep(int sep)
{
	return sep == ',' || sep == '/' || sep == ';' || sep == '&';
}

/* Groups a..b written as a list of small numbers: "sizes 36, 38, 40, 42",
 * "10 20 30 40 50", postcodes "80331, 80333 und 80335". Numbers written in
 * pairs start with a trunk 0 (06 12 34 56 78); digits one by one (4 1 5
 * 5...) stay suspect. */
static int
phone_list(const struct phone_run *r, size_t a, size_t b)
{
	size_t k, longest = 0;
	int sep, uniform = 1, listing = 1, same = 1, zero = 0, prefix = 1;

	if (b - a < 2)
		return 0;
	sep = r->groups[a + 1].sep;
	for (k = a; k < b; k++) {
		if (k > a && r->groups[k].sep != sep)
			uniform = 0;
		if (k > a && !phone_list_sep(r->groups[k].sep))
			listing = 0;
		if (r->groups[k].len != r->groups[a].len)
			same = 0;
		if (r->groups[k].off < PHONE_DIGITS && r->digits[r->groups[k].off] == 0)
			zero = 1;
		if (r->groups[k].len > longest)
			longest = r->groups[k].len;
		/* codes of one area share their first two digits (08001, 08002) */
		if (r->groups[k].off + 2 > PHONE_DIGITS || r->groups[a].off + 2 > PHONE_DIGITS ||
		    r->digits[r->groups[k].off] != r->digits[r->groups[a].off] ||
		    r->digits[r->groups[k].off + 1] != r->digits[r->groups[a].off + 1])
			prefix = 0;
	}
	/* "36, 38, 40": numbers of one width, none with a trunk 0 */
	if (uniform && same && !zero && (sep == ',' || sep == '/' || sep == ';') &&
	    longest >= 2 && longest <= 3)
		return 1;
	/* "75011, 75012 et 75020": codes of one width, listed; with a leading
	 * 0 only when they share their first two digits ("08001, 08002") */
	if (listing && same && (!zero || (prefix && longest == 5)) && longest >= 4 &&
	    longest <= 5)
		return 1;
	return longest == 2 && r->groups[a].off < PHONE_DIGITS && r->digits[r->groups[a].off] != 0;
}


/* Groups a..b are all years ("2019 2021 and 2023"). */
static int
phone_years(const struct phone_run *r, size_t a, size_t b)
{
	size_t k;
	long v;

	if (b - a < 2)
		return 0;
	for (k = a; k < b; k++) {
		if (r->groups[k].len != 4 || r->groups[k].off + 4 > PHONE_DIGITS)
			return 0;
		v = r->digits[r->groups[k].off] * 1000 + r->digits[r->groups[k].off + 1] * 100;
		if (v != 1900 && v != 2000)
			return 0;
	}
	return 1;
}

/* Decimals: a short group, '.' or ',', then 4 or more digits
 * ("40.41678, -3.70379", "52,52001"): coordinates or measures. */
static int
phone_decimals(const struct phone_run *r, size_t a, size_t b)
{
	size_t k;

	/* "-23.5505, -46.6333": two of them, a comma between */
	for (k = a + 1; k + 2 < b; k++)
		if (r->groups[k - 1].len <= 3 && r->groups[k].len >= 4 && r->groups[k].seplen == 1 &&
		    (r->groups[k].sep == '.' || r->groups[k].sep == ',') &&
		    r->groups[k + 1].sep == ',' && r->groups[k + 1].len <= 3 &&
		    r->groups[k + 2].len >= 4 && r->groups[k + 2].sep == r->groups[k].sep &&
		    r->groups[k + 2].seplen == 1 && (k + 3 == b || r->groups[k + 3].sep != r->groups[k].sep))
			return 1;
	for (k = a + 1; k < b; k++)
		if (r->groups[k - 1].len <= 3 && r->groups[k].len >= 5 &&
		    (r->groups[k].sep == '.' || r->groups[k].sep == ',') && r->groups[k].sep2 == 0 &&
		    (k - 1 == a || r->groups[k - 1].sep != r->groups[k].sep) &&
		    (k + 1 == b || r->groups[k + 1].sep != r->groups[k].sep))
			return 1;	/* not 31.99123.4567, groups joined alike */
	return 0;
}

/* p, or p + 1 past one space. */
static size_t
skip_one_space(const struct ntext *t, size_t p)
{
	return p < t->len && t->s[p] == ' ' ? p + 1 : p;
}

/* An amount or a measure: '$' (any currency sign) or a currency or unit
 * word next to the run ("145 000 km", "talla 38", "1 299 000 EUR"). */
static int
phone_is_measure(const struct ntext *t, const struct phone_run *r)
{
	size_t k, ws, n;
	uint64_t cl;

	/* "3º 2ª", "12°": floors, ordinals and degrees inside the run */
	for (k = r->start + 1; k < r->end; k++)
		if (t->s[k] == NORM_OTHER && ch_digit(t->s[k - 1]) && t->at[k + 1] - t->at[k] == 2 &&
		    (unsigned char)t->src[t->at[k]] == 0xc2 &&
		    ((unsigned char)t->src[t->at[k] + 1] == 0xba ||
		    (unsigned char)t->src[t->at[k] + 1] == 0xaa ||
		    (unsigned char)t->src[t->at[k] + 1] == 0xb0))
			return 1;
	/* no amount opens with a 0 and runs to nine digits: "Prix final :
	 * 06.47.82.19.35 €" is a number dressed as a price */
	if (r->ndigits >= 9 && r->digits[0] == 0 && r->ngroups >= 2)
		return 0;
	k = r->start;
	if (k > 0 && t->s[k - 1] == ' ')
		k--;
	if (k > 0 && t->s[k - 1] == '$')
		return 1;
	n = word_before(t, r->start, " ", 1, &ws);
	if (n > 0 && lex_is(t->s + ws, n, LEX_CURRENCY))
		return 1;
	k = skip_one_space(t, r->end);
	if (k < t->len && (t->s[k] == '$' || t->s[k] == '%'))
		return 1;
	for (n = 0; k + n < t->len && ch_letter(t->s[k + n]); n++)
		;
	if (n == 0)
		return 0;
	cl = lex_classes(t->s + k, n);
	/* nothing is measured or priced in nine plain digits or more:
	 * "3471234567 mi raccomando", "07700900123 in case", "11987654321
	 * rs", "07700900123 try after 6", not miles, inches, reais or lira;
	 * but a list's last item may be ("2017, 138 000 km") */
	if (r->ndigits >= 9) {
		for (k = 1; k < r->ngroups && r->groups[k].sep != ',' && r->groups[k].sep != ';'; k++)
			;
		if (k == r->ngroups)
			cl &= ~(LEX_BIT(LEX_UNIT) | LEX_BIT(LEX_CURRENCY));
	}
	return (cl & (LEX_BIT(LEX_CURRENCY) | LEX_BIT(LEX_UNIT))) != 0;
}

/* The letters and digits of the token that ends at e (at most 8 back);
 * *letters and *digits say what it holds, *caps whether its letters were
 * capitals. Returns its start, or e when there is none. */
static size_t
phone_token_before(const struct ntext *t, size_t e, int *letters, int *digits, int *caps)
{
	size_t q = e;
	unsigned char c;

	*letters = *digits = 0;
	*caps = 1;
	while (q > 0 && e - q < 8 && (ch_letter(t->s[q - 1]) || ch_ascii_digit(t->s[q - 1]))) {
		q--;
		if (ch_letter(t->s[q])) {
			(*letters)++;
			c = (unsigned char)t->src[t->at[q]];
			if (!(c >= 'A' && c <= 'Z'))
				*caps = 0;
		} else
			(*digits)++;
	}
	if (q > 0 && e - q >= 8 && (ch_letter(t->s[q - 1]) || ch_ascii_digit(t->s[q - 1])))
		return e;	/* longer: a word */
	return q;
}

/* The run is part of a parcel's or a product's code: a UPU tracking
 * number with its letters apart ("DA 729 184 063 PT"), or the digits
 * after a group of letters and digits ("1Z 9A4 87V 03 4419 2860"). */
static int
phone_in_code(const struct ntext *t, const struct phone_run *r)
{
	size_t q, e;
	int letters, digits, caps, l2, d2, c2;

	if (r->start < 2 || t->s[r->start - 1] != ' ')
		return 0;
	q = phone_token_before(t, r->start - 1, &letters, &digits, &caps);
	if (q == r->start - 1 || (q > 0 && t->s[q - 1] != ' '))
		return 0;
	if (letters > 0 && digits > 0 && letters + digits >= 3 && letters + digits <= 6)
		return 1;
	if (letters != 2 || digits != 0 || !caps || r->ndigits != 9)
		return 0;
	e = r->end;
	if (e + 3 > t->len || t->s[e] != ' ' || !ch_letter(t->s[e + 1]) || !ch_letter(t->s[e + 2]) ||
	    (e + 3 < t->len && ch_alnum(t->s[e + 3])))
		return 0;
	(void)phone_token_before(t, e + 3, &l2, &d2, &c2);
	return l2 == 2 && c2;
}

/* '+' or "plus" just before the run ("+44", "(+1)", "plus 44"). */
static int
phone_has_plus(const struct ntext *t, size_t start)
{
	size_t k = start, n = 0;

	while (k > 0 && n < 3 && strchr(" ([", t->s[k - 1]) != NULL && t->s[k - 1] != 0) {
		k--;
		n++;
	}
	if (k > 0 && t->s[k - 1] == '+') {
		/* "450 + 320": a sum */
		for (k--, n = 0; k > 0 && t->s[k - 1] == ' ' && n < 2; n++)
			k--;
		return k == 0 || !ch_digit(t->s[k - 1]);
	}
	return k >= 4 && memcmp(t->s + k - 4, "plus", 4) == 0 && (k == 4 || !ch_alnum(t->s[k - 5]));
}

/* A German compound naming a reference ("Bestellnummer", "Sendungsnr"),
 * unless it names a phone ("Handynummer", "Telefonnummer"). */
static int
phone_ref_compound(const unsigned char *w, size_t n)
{
	static const char *const phone_first[] = {
		"telefon", "handy", "mobil", "ruf", "whatsapp", "fax", "kontakt", "festnetz", NULL
	};
	size_t k;

	if (!(n > 6 && memcmp(w + n - 6, "nummer", 6) == 0) &&
	    !(n > 4 && memcmp(w + n - 2, "nr", 2) == 0 && n < 16))
		return 0;
	for (k = 0; phone_first[k] != NULL; k++)
		if (strncmp((const char *)w, phone_first[k], strlen(phone_first[k])) == 0)
			return 0;
	return 1;
}

/* How many words of class c stand in s[from..to) (counting stops at 2). */
static int
phone_class_count(const struct ntext *t, enum lex_class c, size_t from, size_t to)
{
	size_t p = from, q;
	int n = 0;

	if (to > t->len)
		to = t->len;
	while (p > 0 && ch_letter(t->s[p - 1]))
		p--;
	while (p < to && n < 2) {
		if (!ch_letter(t->s[p])) {
			p++;
			continue;
		}
		for (q = p; q < t->len && ch_letter(t->s[q]); q++)
			;
		n += lex_is(t->s + p, q - p, c);
		p = q;
	}
	return n;
}

/* The word s[ws..ws+n) is the end of a compound written with a hyphen
 * ("Bestell-Nr", "Kunden-Nummer"): whether the two together name a
 * reference. */
static int
phone_ref_hyphenated(const struct ntext *t, size_t ws, size_t n)
{
	unsigned char w[PHONE_LETTERS];
	size_t fs, fn;

	if (ws < 2 || t->s[ws - 1] != '-' || !ch_letter(t->s[ws - 2]))
		return 0;
	fn = word_before(t, ws - 1, "", 0, &fs);
	if (fn + n > sizeof(w))
		return 0;
	memcpy(w, t->s + fs, fn);
	memcpy(w + fn, t->s + ws, n);
	return phone_ref_compound(w, fn + n) || lex_is(w, fn + n, LEX_REF);
}

/* "order #482131234", "pedido no 123456789", "numero de suivi 12345678".
 * A reference word that also tells a number in parts ("part", "rest")
 * names a reference only right before the number, with no other word
 * telling parts around it ("part 4421-0093-118", "part number is
 * 5304506526 ... before ordering", not "first part 0612"). */
#define PHONE_SEQUENCE_NEAR	32	/* characters around a part's word and its number */

/* A number's word ("numero", "number", "Nummer") one or two words before
 * the word at ws: "numero de dossier", "order number". */
static int
phone_named_ref(const struct ntext *t, size_t ws)
{
	size_t k, n, p = ws;

	for (k = 0; k < 2; k++) {
		if ((n = word_before(t, p, " ", 1, &p)) == 0)
			return 0;
		if (lex_is(t->s + p, n, LEX_NUMBER_NOUN))
			return 1;
	}
	return 0;
}

/* A reference word at s[ws..ws+n) that is also a word of everyday talk
 * and used so: "en caso de que no conteste", "in case the app dies",
 * "pour avoir plus d'infos", "je suis client depuis longtemps". It names a
 * reference only when a number, a number's word or a colon follows it
 * ("caso 2024-118", "avoir n° 12", "client : 4471"). */
static int
phone_ref_idiom(const struct ntext *t, size_t ws, size_t n)
{
	static const char *const idioms[] = { "caso", "case", "cas", "avoir", "charge", "client",
		"cliente", "kunde" };
	static const char *const before[] = { "in", "en", "em", "per", "ogni", "any", "just",
		"por", "each" };
	size_t k, q, m, wb;

	for (k = 0; k < sizeof(idioms) / sizeof(idioms[0]); k++)
		if (strlen(idioms[k]) == n && memcmp(t->s + ws, idioms[k], n) == 0)
			break;
	if (k == sizeof(idioms) / sizeof(idioms[0]))
		return 0;
	/* "in case", "en caso", "per ogni caso", "en cas" */
	if ((m = word_before(t, ws, " ", 1, &wb)) > 0)
		for (k = 0; k < sizeof(before) / sizeof(before[0]); k++)
			if (strlen(before[k]) == m && memcmp(t->s + wb, before[k], m) == 0)
				return 1;
	for (q = ws + n; q < t->len && t->s[q] == ' '; q++)
		;
	if (q >= t->len || ch_digit(t->s[q]) || t->s[q] == ':' || t->s[q] == '#' ||
	    t->s[q] == NORM_OTHER)
		return 0;
	for (m = q; m < t->len && ch_letter(t->s[m]); m++)
		;
	return m == q || !lex_is(t->s + q, m - q, LEX_REF_FILLER);
}

static int
phone_is_reference(const struct ntext *t, size_t start)
{
	size_t p = start, ws, n, words;
	uint64_t cl;
	int fillers = 1;	/* the words passed are all fillers ("no", "is") */
	int marked = 0;		/* the first of them written as a sign ("n°") */
	int content = 0;	/* words passed that say something of their own */
	int stopped = 0;	/* a sentence's end passed, after a word ("cinzento. 936...") */

	if (p > 0 && t->s[p - 1] == '#')
		return 1;
	/* up to PHONE_REF_WORDS words back, unless one talks about calling */
	for (words = 0; words < PHONE_REF_WORDS; words++) {
		n = word_before(t, p, " :.-#(,/\x80'", 4, &ws);
		/* a code's letters and digits before ("Colissimo : 6C 123 456
		 * 789 01"): past them to the word before */
		if (n > 0 && ws > 0 && ch_ascii_digit(t->s[ws - 1]) && words + 1 < PHONE_REF_WORDS) {
			while (ws > 0 && (ch_ascii_digit(t->s[ws - 1]) || ch_letter(t->s[ws - 1])))
				ws--;
			p = ws;
			continue;
		}
		if (n == 0)
			return 0;
		/* past the first word, a sentence's end or a comma stops, unless
		 * only fillers came after it ("dossier SAV, n° 2024..."); a stop
		 * after an abbreviation ("Bestell-Nr. ist") is none */
		if (words > 0 && !(fillers && marked) && (stopped || (ws + n < p &&
		    memchr(t->s + ws + n, ',', p - ws - n) != NULL)))
			return 0;
		if (n == 1 && ws >= 2 && t->s[ws - 1] == '/' && ch_letter(t->s[ws - 2]) &&
		    (ws < 3 || !ch_letter(t->s[ws - 3])) && t->s[ws - 2] == 's' && t->s[ws] == 'n')
			return 1;	/* "S/N" */
		cl = lex_classes(t->s + ws, n);
		/* where a detail is, with a number's sign: "annonce n° 2274 019
		 * 386", not "wegen der Anzeige: 0176 ..." */
		if ((cl & LEX_BIT(LEX_WHERE)) && marked)
			cl |= LEX_BIT(LEX_REF);
		if (words == 0)		/* "n°", "nº", "no.": a number's sign */
			marked = (cl & LEX_BIT(LEX_REF_FILLER)) && ws + n < t->len &&
			    (t->s[ws + n] == NORM_OTHER || t->s[ws + n] == '.' || t->s[ws + n] == ':');
		if ((cl & LEX_BIT(LEX_REF)) && (cl & LEX_BIT(LEX_SEQUENCE)))
			return fillers && phone_class_count(t, LEX_SEQUENCE,
			    ws > PHONE_SEQUENCE_NEAR ? ws - PHONE_SEQUENCE_NEAR : 0,
			    start + PHONE_SEQUENCE_NEAR) == 1;
		/* "im in charge of the house, 07700...", "estoy en el portal,
		 * 612...": a word the number follows after a comma names
		 * nothing, unless a number's word names it ("un numero de
		 * dossier, 2024-118273") */
		if (words == 0 && !marked && ws + n < start &&
		    memchr(t->s + ws + n, ',', start - ws - n) != NULL && !phone_named_ref(t, ws))
			return 0;
		if (((cl & LEX_BIT(LEX_REF)) || phone_ref_compound(t->s + ws, n) ||
		    phone_ref_hyphenated(t, ws, n)) &&
		    (content >= PHONE_REF_CONTENT || phone_ref_idiom(t, ws, n)))
			return 0;
		if ((cl & LEX_BIT(LEX_REF)) || phone_ref_compound(t->s + ws, n) ||
		    phone_ref_hyphenated(t, ws, n)) {
			/* "area code", "indicatif": the reference word names a
			 * phone's part after a word that talks about phones */
			n = word_before(t, ws, " -", 1, &ws);
			cl = n > 0 ? lex_classes(t->s + ws, n) : 0;
			return !((cl & LEX_BIT(LEX_PHONE_CUE)) && !(cl & LEX_BIT(LEX_REF_FILLER)));
		}
		if ((cl & (LEX_BIT(LEX_PHONE_CUE) | LEX_BIT(LEX_SEQUENCE))) &&
		    !(cl & LEX_BIT(LEX_REF_FILLER)))
			return 0;	/* "call", "the last digits are": a phone's parts */
		fillers &= (cl & LEX_BIT(LEX_REF_FILLER)) != 0;
		if (n > 3 && !(cl & (LEX_BIT(LEX_REF_FILLER) | LEX_BIT(LEX_IS) | LEX_BIT(LEX_URL_STOP) |
		    LEX_BIT(LEX_POSSESSIVE) | LEX_BIT(LEX_PREP) | LEX_BIT(LEX_INDEFINITE) |
		    LEX_BIT(LEX_NUMBER_NOUN))))
			content++;
		if (n >= 5 && ws + n < p && (memchr(t->s + ws + n, '.', p - ws - n) != NULL ||
		    memchr(t->s + ws + n, '!', p - ws - n) != NULL ||
		    memchr(t->s + ws + n, '?', p - ws - n) != NULL))
			stopped = 1;
		p = ws;
	}
	return 0;
}

#define IBAN_MIN	15
#define IBAN_MAX	34
#define IBAN_TOKENS	8	/* groups an IBAN's start may lie back */

/* The run ends an IBAN that begins before it ("GB29 NWBK 6016 1331 9268
 * 19"): a country's two letters and two check digits opening a word, then
 * letters and digits in groups up to the end of one of the run's groups,
 * and the ISO 7064 check (the first four moved to the end, letters as
 * 10-35, mod 97) gives 1. */
static int
phone_is_iban(const struct ntext *t, const struct phone_run *r)
{
	size_t p = r->start, cc, q, n, tokens;
	unsigned m, head;
	unsigned char c;

	for (tokens = 0; tokens < IBAN_TOKENS; tokens++) {
		if (p > 0 && t->s[p - 1] == ' ')
			p--;	/* groups are one space apart */
		if (p == 0 || !ch_alnum(t->s[p - 1]))
			return 0;
		while (p > 0 && (ch_letter(t->s[p - 1]) || ch_ascii_digit(t->s[p - 1])) &&
		    r->start - p <= IBAN_MAX)
			p--;
		if (r->start - p > IBAN_MAX)
			return 0;
		cc = p;
		if (cc + 4 <= t->len && ch_letter(t->s[cc]) && ch_letter(t->s[cc + 1]) &&
		    ch_ascii_digit(t->s[cc + 2]) && ch_ascii_digit(t->s[cc + 3]))
			break;
	}
	if (tokens == IBAN_TOKENS)
		return 0;
	/* the check digits' value of the country and check (moved last) */
	head = (unsigned)(t->s[cc] - 'a' + 10) * 10000 + (unsigned)(t->s[cc + 1] - 'a' + 10) * 100 +
	    (unsigned)(t->s[cc + 2] - '0') * 10 + (unsigned)(t->s[cc + 3] - '0');
	for (m = 0, n = 4, q = cc + 4; q < r->end && n < IBAN_MAX; q++) {
		c = t->s[q];
		if (c == ' ')
			continue;
		if (ch_letter(c))
			m = (m * 100 + (unsigned)(c - 'a' + 10)) % 97;
		else if (ch_ascii_digit(c))
			m = (m * 10 + (unsigned)(c - '0')) % 97;
		else
			return 0;
		n++;
		if (n >= IBAN_MIN && q >= r->start && (q + 1 == r->end || t->s[q + 1] == ' ') &&
		    (m * 1000000u % 97 + head) % 97 == 1)
			return 1;
	}
	return 0;
}

/* Digits glued to letters are a code (1Z999AA10123456784, SKU-AB1234567890),
 * unless the letters say "call" or "tel". */
static int
phone_is_embedded(const struct ntext *t, const struct phone_run *r)
{
	size_t ws, n;
	unsigned char c;

	if (r->start > 0) {
		c = t->s[r->start - 1];
		if (ch_letter(c)) {
			n = word_before(t, r->start, "", 0, &ws);
			/* Brazil's "0xx21": the trunk 0 and the carrier's place */
			if (n == 2 && memcmp(t->s + ws, "xx", 2) == 0 && ws > 0 && t->s[ws - 1] == '0')
				return 0;
			if (!lex_is(t->s + ws, n, LEX_PHONE_CUE))
				return 1;
		}
		if ((c == '-' || c == '_' || c == '/') && r->start >= 2 && ch_letter(t->s[r->start - 2]))
			return 1;
	}
	return !r->joined && r->end < t->len && ch_letter(t->s[r->end]);
}

/* A time ("10:30", "18h30"): a ':' or 'h' glued to the run. */
static int
phone_is_time(const struct ntext *t, const struct phone_run *r)
{
	if (r->end + 1 < t->len && (t->s[r->end] == ':' || t->s[r->end] == 'h') &&
	    ch_ascii_digit(t->s[r->end + 1]))
		return 1;
	return r->start >= 2 && (t->s[r->start - 1] == ':' || t->s[r->start - 1] == 'h') &&
	    ch_ascii_digit(t->s[r->start - 2]);
}

/* A run disguised by look-alike letters only, written as one token
 * ("27AAPFK1234L1Z5"): its letters are the code's own, not digits. */
static int
phone_lookalike_token(const struct ntext *t, const struct phone_run *r)
{
	return r->disguised && !r->strong && memchr(t->s + r->start, ' ', r->end - r->start) == NULL;
}

struct phone_judgement {
	int plus;		/* '+' or "00" before the run */
	int plain_ok;		/* plain digits may count (not a reference or a code) */
	int reference;		/* named as a reference ("rastreio: LB 123 456 789") */
	int code;		/* glued to letters on both sides ("VH5797S0001WX") */
	int strong;		/* the run's strong (struct phone_run) */
	int cue;		/* the text talks about calling; -1 until looked at */
};

static int
phone_cue(const struct ntext *t, struct phone_judgement *j)
{
	if (j->cue < 0)
		j->cue = text_has_class(t, LEX_PHONE_CUE);
	return j->cue;
}

/* Nine digits written as a national number without its trunk 0. */
static int
phone_national(const struct phone_run *r, size_t a, size_t b)
{
	size_t k, n = b - a;
	int first;

	if (r->groups[a].off >= PHONE_DIGITS)
		return 0;
	first = r->digits[r->groups[a].off];
	if (n == 1)
		return first == 6 || first == 7 || first == 9;
	if (first == 0 || first == 1)
		return 0;
	if (n == 2)	/* Brazil's mobiles without the area: 98765 4321 */
		return first == 9 && r->groups[a].len == 5;
	if (n == 3)
		return r->groups[a].len == 3 && r->groups[a + 1].len == 3;
	if (n == 4)
		return (r->groups[a].len == 3 && r->groups[a + 1].len == 2 &&
		    r->groups[a + 2].len == 2) ||
		    (r->groups[a].len == 2 && r->groups[a + 1].len == 3 && r->groups[a + 2].len == 2);
	if (n == 5) {
		for (k = a + 1; k < b; k++)
			if (r->groups[k].len != 2)
				return 0;
		return r->groups[a].len == 1;
	}
	return 0;
}

/* Whether groups a..b of the run make a phone number. */
static int
phone_segment(const struct ntext *t, const struct phone_run *r, size_t a, size_t b,
    struct phone_judgement *j)
{
	size_t k, m = 0, ones = 0, ellipses;
	int disguised = 0;

	for (k = a; k < b; k++) {
		m += r->groups[k].len;
		disguised |= r->groups[k].disguised;
		ones += r->groups[k].len == 1;
	}
	if (m < 7)
		return 0;
	/* digits one by one ("6-9-9-8-8...") are as much a disguise as words */
	/* nobody spells out or disguises a number named as an order's; a
	 * look-alike letter inside a code is the code's ("9872023VH5797S0001") */
	if ((disguised || ones >= 7) && m <= 20)
		return !j->reference && (j->strong || !j->code);
	if (!j->plain_ok)
		return 0;
	if (j->plus && a == 0 && m <= 15)
		return 1;
	/* "6 7 1 ... 20 ... 45 ... 88": groups apart by ellipses, written to
	 * dodge a filter */
	for (k = a + 1, ellipses = 0; k < b; k++)
		ellipses += r->groups[k].sep == '.' && r->groups[k].seplen >= 3;
	if (ellipses >= 2 && m >= 9 && m <= 13)
		return !j->reference;
	/* 612.345.678 is written like an amount, and is a number when the
	 * text talks about calling ("tlm 926.381.554") */
	if ((phone_thousands(r, a, b) && !(m == 9 && b - a == 3 && phone_national(r, a, b) &&
	    phone_cue(t, j))) || phone_years(r, a, b) || phone_decimals(r, a, b))
		return 0;
	if (m == 9 && phone_national(r, a, b))
		return b - a < 2 || r->groups[a + 1].sep != ',' || !phone_list(r, a, b) ||
		    phone_cue(t, j);	/* not the list "250, 300, 350" */
	if (phone_list(r, a, b))
		return m >= 9 && m <= 13 && phone_cue(t, j);
	if (m >= 10 && m <= 15)
		return 1;
	if (m <= 9)
		return phone_cue(t, j);
	for (k = a; k < b; k++)		/* a long run: one group may be a number */
		if (r->groups[k].len >= 10 && r->groups[k].len <= 15)
			return 1;
	return 0;
}

/* The run's digits from group a on, as "+digits" or "digits". */
static void
phone_value(const struct phone_run *r, size_t a, size_t b, int plus, char *buf, size_t size)
{
	size_t n = 0, i, from = r->groups[a].off, to;

	to = r->groups[b - 1].off + r->groups[b - 1].len;
	if (to > PHONE_DIGITS)
		to = PHONE_DIGITS;
	if (plus)
		buf[n++] = '+';
	for (i = from; i < to && n + 1 < size; i++)
		buf[n++] = (char)('0' + r->digits[i]);
	buf[n] = '\0';
}

/* 1 when the run is a phone number; its value goes to value. */
static int
phone_judge(const struct ntext *t, const struct phone_run *r, struct phone_judgement *j,
    char *value, size_t size)
{
	size_t k = 0, first = 0, skip, end = r->ngroups;
	int plus;

	/* a list's last item written as an amount or a postcode is no part
	 * of the number before it ("3021874, 42.000 scatti", "Rua de
	 * Cedofeita 412, 4050-174 Porto", "Av. Paulista 1578, 01310-200") */
	for (k = 1; k + 1 < r->ngroups; k++)
		if (r->groups[k].sep == ',' && r->groups[k].seplen >= 2 &&
		    (phone_thousands(r, k, r->ngroups) || (k + 2 == r->ngroups &&
		    (r->groups[k].len == 4 || r->groups[k].len == 5) &&
		    r->groups[k + 1].sep == '-' && r->groups[k + 1].len == 3))) {
			end = k;
			break;
		}
	k = 0;
	plus = j->plus = phone_has_plus(t, r->start);
	j->reference = !plus && phone_is_reference(t, r->start);
	j->strong = r->strong;
	j->code = r->start > 0 && ch_letter(t->s[r->start - 1]) &&
	    ((r->end < t->len && ch_letter(t->s[r->end])) || phone_lookalike_token(t, r)) &&
	    phone_is_embedded(t, r);
	j->plain_ok = j->plus || !(j->reference || phone_is_embedded(t, r) ||
	    phone_is_measure(t, r) || phone_is_iban(t, r) || phone_in_code(t, r));
	if (!plus && j->plain_ok && r->ngroups > 0 && r->groups[0].len >= 3 &&
	    r->digits[0] == 0 && r->digits[1] == 0 && r->digits[2] != 0 && r->ndigits >= 11)
		j->plus = 1;	/* "0044 7700 900123" */
	while (k < end) {
		if ((skip = phone_date_at(r, k)) == 0) {
			k++;
			continue;
		}
		if (phone_segment(t, r, first, k, j)) {
			phone_value(r, first, k, plus && first == 0, value, size);
			return 1;
		}
		k += skip;
		first = k;
		j->plus = 0;
	}
	if (first < end && phone_segment(t, r, first, end, j)) {
		phone_value(r, first, end, plus && first == 0, value, size);
		return 1;
	}
	return 0;
}

/* A word telling a part ("ends", "acaba") just before p, or before a
 * short word there ("ends in", "acaba en"). */
static int
phone_after_sequence(const struct ntext *t, size_t p)
{
	size_t n, ws;

	if ((n = word_before(t, p, " :", 2, &ws)) == 0)
		return 0;
	if (lex_is(t->s + ws, n, LEX_SEQUENCE))
		return 1;
	if (n > 4 && !lex_is(t->s + ws, n, LEX_PREP))
		return 0;
	n = word_before(t, ws, " ", 2, &ws);
	return n > 0 && lex_is(t->s + ws, n, LEX_SEQUENCE);
}

/* A part of a number that may be split over a message or several: 2-8
 * plain digits (3 at least unless disguised) that are no reference,
 * measure, date or time. */
static int
phone_part(const struct ntext *t, const struct phone_run *r)
{
	if (r->ndigits < 2 || r->ndigits > 8 || (r->ndigits < 3 && !r->disguised))
		return 0;
	/* "IB3166": a flight's or a product's code, its letters its own */
	if (phone_lookalike_token(t, r))
		return 0;
	if (phone_has_plus(t, r->start))
		return 1;
	if (phone_is_reference(t, r->start) || phone_is_embedded(t, r) ||
	    phone_is_measure(t, r) ||
	    phone_is_time(t, r) || phone_is_iban(t, r))
		return 0;
	/* a round amount ("12500", "450 000"), not a trunk-0 part */
	if (r->digits[0] != 0 && r->ndigits >= 5 && r->digits[r->ndigits - 1] == 0 &&
	    r->digits[r->ndigits - 2] == 0 && (r->ndigits == 5 || r->digits[r->ndigits - 3] == 0))
		return 0;
	if (r->ngroups == 1 && r->ndigits == 4 && !phone_after_sequence(t, r->start) &&
	    (r->digits[0] * 10 + r->digits[1] == 19 || r->digits[0] * 10 + r->digits[1] == 20))
		return 0;	/* a year, not "... y acaba en 2019" */
	return phone_date_at(r, 0) == 0 && !phone_thousands(r, 0, r->ngroups) &&
	    !phone_years(r, 0, r->ngroups);
}

/* Whether the text between two parts, s[a..b), lets them be one number:
 * it tells a part ("ends in", "and the rest"), or it is no more than a few
 * short or joining words ("415 555, 0144"), not "1427 West Addison St,
 * Chicago IL 60613" nor "350 tutti e 4, con le gomme 520". */
static int
phone_gap_joins(const struct ntext *t, size_t a, size_t b)
{
	size_t p = a, q, words = 0, plain = 0;
	int cue = 0;

	while (p < b) {
		if (!ch_letter(t->s[p])) {
			/* another sentence: see phone_told_part */
			if (t->s[p] != '\0' && strchr(".!?", t->s[p]) != NULL && p + 1 < b &&
			    t->s[p + 1] == ' ' && (p == 0 || t->s[p - 1] != '.'))
				return 0;	/* not "5418... los primeros" */
			p++;
			continue;
		}
		for (q = p; q < b && ch_letter(t->s[q]); q++)
			;
		if (lex_is(t->s + p, q - p, LEX_SEQUENCE))
			return 1;
		words++;
		/* a cue's noun is the cue's ("area code") */
		if (q - p > 3 && !cue && !lex_is(t->s + p, q - p, LEX_JOIN) &&
		    !lex_is(t->s + p, q - p, LEX_REF_FILLER) && !lex_is(t->s + p, q - p, LEX_PREP) &&
		    !lex_is(t->s + p, q - p, LEX_PHONE_CUE))
			plain++;
		cue = lex_is(t->s + p, q - p, LEX_PHONE_CUE);
		p = q;
	}
	return words <= 4 && plain == 0;
}

/* A word telling a part in the sentence of s[a..b), up to
 * PHONE_SEQUENCE_NEAR characters before it or, when after is set, after
 * it ("les 4 premiers chiffres c'est 0478", "+41 76 c'est le début", "et
 * la fin c'est 52 19 63"). */
static int
phone_told_part(const struct ntext *t, size_t a, size_t b, int after)
{
	size_t from = a > PHONE_SEQUENCE_NEAR ? a - PHONE_SEQUENCE_NEAR : 0, to = a, k;

	for (k = a; k > from; k--)
		if (strchr(".!?", t->s[k - 1]) != NULL && t->s[k - 1] != '\0' &&
		    (k < 2 || !ch_ascii_digit(t->s[k - 2])))
			break;
	from = k;
	if (after) {
		to = b + PHONE_SEQUENCE_NEAR < t->len ? b + PHONE_SEQUENCE_NEAR : t->len;
		for (k = b; k < to; k++)
			if (strchr(".!?", t->s[k]) != NULL && t->s[k] != '\0')
				break;
		to = k;
	}
	return phone_class_count(t, LEX_SEQUENCE, from, a) > 0 ||
	    (after && phone_class_count(t, LEX_SEQUENCE, b, to) > 0);
}

struct phone_parts {
	size_t n, digits, start[PHONE_PARTS], end[PHONE_PARTS];
	char   value[PHONE_PARTS * 9];	/* up to 8 digits and a space or the NUL each */
	size_t vlen;
	int    disguised;
};

static void
phone_parts_add(struct phone_parts *ps, const struct phone_run *r)
{
	size_t i, keep;

	if (ps->n == PHONE_PARTS) {	/* slide: drop the oldest */
		keep = ps->vlen - (size_t)(strchr(ps->value, ' ') + 1 - ps->value);
		memmove(ps->value, ps->value + (ps->vlen - keep), keep + 1);
		ps->vlen = keep;
		ps->digits = 0;
		for (i = 0; i + 1 < PHONE_PARTS; i++) {
			ps->start[i] = ps->start[i + 1];
			ps->end[i] = ps->end[i + 1];
		}
		ps->n--;
		for (i = 0; i < ps->vlen; i++)
			ps->digits += ps->value[i] != ' ';
	}
	if (ps->vlen > 0)
		ps->value[ps->vlen++] = ' ';
	for (i = 0; i < r->ndigits && i < 8; i++)
		ps->value[ps->vlen++] = (char)('0' + r->digits[i]);
	ps->value[ps->vlen] = '\0';
	ps->start[ps->n] = r->start;
	ps->end[ps->n++] = r->end;
	ps->digits += r->ndigits;
	ps->disguised |= r->disguised;
}

/* The parts kept make a number: 9-13 digits in 2 or 3 parts, in a text
 * that talks about calling or with a part disguised. */
static int
phone_parts_judge(const struct ntext *t, struct phone_parts *ps, struct phone_judgement *j,
    char *value, size_t size)
{
	size_t i, n = 0;

	if (ps->n < 2 || ps->digits < 9 || ps->digits > 13)
		return 0;
	if (!ps->disguised && !phone_cue(t, j) && !text_has_class(t, LEX_SEQUENCE))
		return 0;
	for (i = 0; i < ps->vlen && n + 1 < size; i++)
		if (ps->value[i] != ' ')
			value[n++] = ps->value[i];
	value[n] = '\0';
	return 1;
}

/* The token s[p..e) (letters, digits, hyphens) with its digits as letters
 * into w when that makes number words: returns the length, 0 otherwise. */
static size_t
phone_leet_word(const struct ntext *t, size_t p, size_t e, unsigned char *w)
{
	struct phone_piece pieces[PHONE_LETTERS];
	unsigned char c;
	size_t q, n;
	int letters = 0, digits = 0, l;

	if (e - p > PHONE_LETTERS)
		return 0;
	for (q = p; q < e; q++) {
		letters += ch_letter(t->s[q]) != 0;
		digits += ch_ascii_digit(t->s[q]) != 0;
	}
	if (letters == 0 || digits == 0)
		return 0;
	for (l = 0; l < 2; l++) {
		for (q = p, n = 0; q < e; q++) {
			c = t->s[q];
			if (c == '-')
				continue;	/* as phone_letters reads "dix-huit" */
			if (ch_ascii_digit(c) && (c = ch_leet(c, l)) == 0)
				break;
			w[n++] = c;
		}
		if (q == e && n > 0 && phone_split_words(w, n, 0, pieces) > 0)
			return n;
	}
	return 0;
}

/* The end of the token at p: letters, digits, hyphens. */
static size_t
phone_token_end(const struct ntext *t, size_t p)
{
	while (p < t->len && (ch_letter(t->s[p]) || ch_ascii_digit(t->s[p]) || t->s[p] == '-'))
		p++;
	return p;
}

/* Digits apart by one repeated character inside a token ("07x700x900x381",
 * "6x3x1x2x2x4x0x9x8"; not "120x80x45"): the separator, or 0. */
static unsigned char
phone_char_separated(const struct ntext *t, size_t p, size_t e)
{
	unsigned char sep = 0;
	size_t q, seps = 0, digits = 0;

	for (q = p; q < e; q++) {
		if (ch_ascii_digit(t->s[q])) {
			digits++;
			continue;
		}
		if (!ch_letter(t->s[q]) || q == p || !ch_ascii_digit(t->s[q - 1]) || q + 1 == e ||
		    !ch_ascii_digit(t->s[q + 1]) || (sep != 0 && t->s[q] != sep))
			return 0;
		sep = t->s[q];
		seps++;
	}
	return seps >= 3 && digits >= 9 ? sep : 0;
}

/* The words between one digit group and the next, when the same words
 * stand between it and the next group, or between the group before and
 * it ("6 ojo 12 ojo 345 ojo 789", "07700 no space 900 no space 612"): a
 * filler. The filler at w, from its first letter to the space before the
 * next group: its length, or 0. Not a currency, a unit or a list's word
 * ("1000 euros 2000 euros", "38 or 39 or 40" have few digits anyway). */
static size_t
phone_filler(const struct ntext *t, size_t w)
{
	size_t q, g, wn, seen = 0;

	if (w < 2 || t->s[w - 1] != ' ' || !ch_ascii_digit(t->s[w - 2]))
		return 0;
	for (q = w; q < t->len && q - w <= 16 && !ch_ascii_digit(t->s[q]); q++)
		;
	if (q >= t->len || q - w > 16 || t->s[q - 1] != ' ' || q - w < 3)
		return 0;
	wn = q - w - 1;		/* without the space before the group */
	for (g = w; g < w + wn; g++)
		if (!ch_letter(t->s[g]) && t->s[g] != ' ')
			return 0;
	if (lex_classes(t->s + w, wn) & (LEX_BIT(LEX_CURRENCY) | LEX_BIT(LEX_UNIT)))
		return 0;
	/* after the next group, the same words before another group */
	for (g = q; g < t->len && ch_ascii_digit(t->s[g]); g++)
		;
	if (g + 1 + wn + 1 < t->len && t->s[g] == ' ' && memcmp(t->s + g + 1, t->s + w, wn) == 0 &&
	    t->s[g + 1 + wn] == ' ' && ch_ascii_digit(t->s[g + 2 + wn]))
		seen++;
	/* before the group before, the same words after another group */
	for (g = w - 1; g > 0 && ch_ascii_digit(t->s[g - 1]); g--)
		;
	if (g >= wn + 3 && t->s[g - 1] == ' ' && memcmp(t->s + g - 1 - wn, t->s + w, wn) == 0 &&
	    t->s[g - 2 - wn] == ' ' && ch_ascii_digit(t->s[g - 3 - wn]))
		seen++;
	return seen > 0 ? wn : 0;
}

/* A second text for disguises that only the whole text shows: a filler
 * repeated between digit groups becomes " and " (a joining word the reader
 * takes), a repeated separating letter or a '#' before each group a space,
 * and a number word written with digits its letters. Returns the length,
 * 0 when nothing was rewritten. */
static size_t
phone_rewrite(const struct ntext *t, unsigned char *out, uint32_t *at, size_t cap)
{
	unsigned char w[PHONE_LETTERS + 1], sep;
	size_t p = 0, e, n = 0, wl, k, hashes = 0;
	int changed = 0;

	/* one look first: most texts have none of the three */
	for (k = 0, wl = 0; k + 1 < t->len; k++) {
		hashes += t->s[k] == '#' && ch_ascii_digit(t->s[k + 1]);
		if ((ch_letter(t->s[k]) && ch_ascii_digit(t->s[k + 1])) ||
		    (ch_ascii_digit(t->s[k]) && ch_letter(t->s[k + 1])))
			changed = 1;	/* digits and letters in one token */
		else if (k + 2 < t->len && ch_ascii_digit(t->s[k]) && t->s[k + 1] == ' ' &&
		    ch_letter(t->s[k + 2]))
			wl++;		/* a word after a group: a filler? */
	}
	if (!changed && hashes < 3 && wl < 2)
		return 0;
	changed = 0;
	while (p < t->len) {
		if (n + 8 > cap)
			return 0;
		if (!(ch_letter(t->s[p]) || ch_ascii_digit(t->s[p])) ||
		    (p > 0 && (ch_letter(t->s[p - 1]) || ch_ascii_digit(t->s[p - 1])))) {
			if (t->s[p] == '#' && hashes >= 3 && p + 1 < t->len && ch_ascii_digit(t->s[p + 1])) {
				at[n] = t->at[p];
				out[n++] = ' ';
				changed = 1;
			} else {
				at[n] = t->at[p];
				out[n++] = t->s[p];
			}
			p++;
			continue;
		}
		e = phone_token_end(t, p);
		if (e - p + n + 8 > cap)
			return 0;
		if ((wl = phone_leet_word(t, p, e, w)) > 0) {
			for (k = 0; k < wl; k++) {
				at[n] = t->at[p + k < e ? p + k : e - 1];
				out[n++] = w[k];
			}
			changed = 1;
		} else if ((sep = phone_char_separated(t, p, e)) != 0) {
			for (k = p; k < e; k++) {
				at[n] = t->at[k];
				out[n++] = t->s[k] == sep ? ' ' : t->s[k];
			}
			changed = 1;
		} else if (ch_letter(t->s[p]) && (wl = phone_filler(t, p)) > 0) {
			for (k = 0; k < 3; k++) {
				at[n] = t->at[p];
				out[n++] = (unsigned char)"and"[k];
			}
			e = p + wl;
			changed = 1;
		} else
			for (k = p; k < e; k++) {
				at[n] = t->at[k];
				out[n++] = t->s[k];
			}
		p = e;
	}
	at[n] = t->at[t->len];
	return changed ? n : 0;
}

/* Told to be read backwards ("read it backwards: 194 009 00770", "à
 * l'envers : 72 14 89 93 60"): a second text with each run of digits and
 * their separators written in reverse. Returns the length, 0 when none. */
static size_t
phone_reversed(const struct ntext *t, unsigned char *out, uint32_t *at)
{
	size_t p = 0, e, k, n = 0;
	int any = 0;

	for (k = 0; k < t->len && n < 7; k++)	/* digits enough first: cheaper */
		n += ch_ascii_digit(t->s[k]) != 0;
	if (n < 7 || !text_has_class(t, LEX_REVERSE))
		return 0;
	n = 0;
	while (p < t->len) {
		if (!ch_ascii_digit(t->s[p])) {
			at[n] = t->at[p];
			out[n++] = t->s[p++];
			continue;
		}
		for (e = p; e < t->len && (ch_ascii_digit(t->s[e]) || ((t->s[e] == ' ' ||
		    t->s[e] == '.' || t->s[e] == '-') && e + 1 < t->len && ch_ascii_digit(t->s[e + 1])));
		    e++)
			;
		for (k = e; k > p; k--) {
			at[n] = t->at[k - 1];
			out[n++] = t->s[k - 1];
		}
		any |= e - p >= 7;
		p = e;
	}
	at[n] = t->at[t->len];
	return any ? n : 0;
}

static void phone_scan_text(const struct ntext *t, struct detect_sink *k);

void
phone_scan(const struct ntext *t, struct detect_sink *k)
{
	unsigned char stack[NORM_STACK];
	uint32_t at[NORM_STACK + 1];
	struct ntext u;

	phone_scan_text(t, k);
	if (sink_done(k) || t->len > NORM_STACK / 2)
		return;
	u.s = stack;
	u.at = at;
	u.src = t->src;
	if ((u.len = phone_rewrite(t, stack, at, NORM_STACK)) > 0)
		phone_scan_text(&u, k);
	if (!sink_done(k) && (u.len = phone_reversed(t, stack, at)) > 0)
		phone_scan_text(&u, k);
}

/* "appelle moi au 0612345678 18h", "07700900123 1st floor": the run's
 * last group is one or two plain digits glued to a word (an hour, an
 * ordinal); the run without it goes to cut. */
static int
phone_glued_tail(const struct ntext *t, const struct phone_run *r, struct phone_run *cut)
{
	const struct phone_group *g;
	size_t e;

	if (r->ngroups < 2 || r->ndigits > PHONE_DIGITS)
		return 0;
	g = &r->groups[r->ngroups - 1];
	if (g->len > 2 || g->disguised || r->end >= t->len || !ch_letter(t->s[r->end]) ||
	    r->end < r->start + g->len)
		return 0;
	for (e = r->end - g->len; e < r->end; e++)
		if (!ch_ascii_digit(t->s[e]))
			return 0;
	*cut = *r;
	cut->ngroups--;
	cut->ndigits -= g->len;
	for (e = r->end - g->len; e > r->start && phone_is_sep(t->s[e - 1]); e--)
		;
	cut->end = e;
	return cut->ndigits >= 7;
}

/* "si juntas los precios ya sabes donde llamarme", "junta os dois e me
 * liga": the text tells the reader to put its numbers together. */
static int
phone_join_told(const struct ntext *t)
{
	static const char *const join[] = { "juntas", "junta", "juntar", "junten", "junte",
		"juntando", "junto", "juntos", "unes", "unir", "combine", "together", "ensemble",
		"colle", "collez", "zusammen", "insieme", "unisci" };
	size_t p = 0, q, w;

	while (p < t->len) {
		if (!ch_letter(t->s[p])) {
			p++;
			continue;
		}
		for (q = p; q < t->len && ch_letter(t->s[q]); q++)
			;
		for (w = 0; w < sizeof(join) / sizeof(join[0]); w++)
			if (q - p == strlen(join[w]) && memcmp(t->s + p, join[w], q - p) == 0)
				return 1;
		p = q;
	}
	return 0;
}

static void
phone_scan_text(const struct ntext *t, struct detect_sink *k)
{
	struct phone_run run, cut;
	struct phone_judgement j;
	struct phone_parts parts;
	char value[DETECT_VALUE_MAX], all[DETECT_VALUE_MAX];
	size_t i = 0, next, nall = 0, nruns = 0, d, from = 0, to = 0;
	int found = 0;
	unsigned char c;

	j.cue = -1;
	parts.n = parts.digits = parts.vlen = 0;
	parts.disguised = 0;
	parts.value[0] = '\0';
	while (i < t->len && !sink_done(k)) {
		c = t->s[i];
		if (!(ch_digit(c) || (ch_letter(c) && (i == 0 || !ch_letter(t->s[i - 1]))))) {
			i++;
			continue;
		}
		next = phone_read(t, i, &run);
		if (run.ndigits == 0) {
			i = next;
			continue;
		}
		/* every run's digits, in the order written, for phone_join_told */
		if (run.ndigits >= 2 && run.ndigits <= 8 && nall + run.ndigits < sizeof(all)) {
			if (nruns++ == 0)
				from = run.start;
			to = run.end;
			for (d = 0; d < run.ndigits; d++)
				all[nall++] = (char)('0' + run.digits[d]);
		}
		if (run.ndigits >= 7 && (phone_judge(t, &run, &j, value, sizeof(value)) ||
		    (phone_glued_tail(t, &run, &cut) && phone_judge(t, &cut, &j, value, sizeof(value))))) {
			sink_add(k, DETECT_PHONE, t, run.start, run.end, value);
			found = 1;
			parts.n = parts.digits = parts.vlen = 0;
			parts.disguised = 0;
		} else if (phone_part(t, &run)) {
			/* two parts each told as one may stand sentences apart
			 * ("first bit is 0412 555. anyway ... other bit 019"), the
			 * first with a trunk 0 or a country code or in a text
			 * about calling (not "first payment is 12500 ... the
			 * rest 34000") */
			if (parts.n > 0 && (run.start - parts.end[parts.n - 1] > PHONE_PART_GAP ||
			    !phone_gap_joins(t, parts.end[parts.n - 1], run.start)) &&
			    !(parts.n == 1 && run.start - parts.end[0] <= PHONE_PART_FAR &&
			    (parts.value[0] == '0' || phone_has_plus(t, parts.start[0]) || phone_cue(t, &j)) &&
			    phone_told_part(t, parts.start[0], parts.end[0], 1) &&
			    phone_told_part(t, run.start, run.end, 0))) {
				parts.n = parts.digits = parts.vlen = 0;
				parts.disguised = 0;
			}
			phone_parts_add(&parts, &run);
			if (phone_parts_judge(t, &parts, &j, value, sizeof(value))) {
				sink_add(k, DETECT_PHONE, t, parts.start[0], run.end, value);
				found = 1;
				parts.n = parts.digits = parts.vlen = 0;
				parts.disguised = 0;
			}
		}
		i = next;
	}
	/* the numbers of the text read as one when it says to, in a text
	 * about calling ("la cuna en 6.45 y la banera en 912.378, si juntas
	 * los precios ya sabes donde llamarme") */
	if (!found && nruns >= 2 && nruns <= 4 && nall >= 9 && nall <= 13 && !sink_done(k) &&
	    phone_cue(t, &j) && phone_join_told(t)) {
		all[nall] = '\0';
		sink_add(k, DETECT_PHONE, t, from, to, all);
	}
}

/* The parts of numbers in the text, as digit runs separated by spaces:
 * what is kept between messages to catch a number split over several. */
size_t
phone_runs(const struct ntext *t, char *out, size_t size)
{
	struct phone_run run;
	size_t i = 0, n = 0, d, next;
	unsigned char c;

	if (size == 0)
		return 0;
	out[0] = '\0';
	/* a fragment: a short text, or one that talks about calling */
	for (d = 0, next = 0; next < t->len; next++)
		if (ch_letter(t->s[next]) && (next == 0 || !ch_letter(t->s[next - 1])))
			d++;
	if (d > PHONE_FRAGMENT_WORDS && !text_has_class(t, LEX_PHONE_CUE))
		return 0;
	while (i < t->len) {
		c = t->s[i];
		if (!(ch_digit(c) || (ch_letter(c) && (i == 0 || !ch_letter(t->s[i - 1]))))) {
			i++;
			continue;
		}
		next = phone_read(t, i, &run);
		if (phone_part(t, &run) && n + run.ndigits + 2 <= size) {
			if (n > 0)
				out[n++] = ' ';
			for (d = 0; d < run.ndigits; d++)
				out[n++] = (char)('0' + run.digits[d]);
			out[n] = '\0';
		}
		i = next;
	}
	return n;
}
