/*
 * detect_email: e-mail addresses, plain or written out: "bob@example.com",
 * "bob at example dot com", "bob arroba gmail punto com", "jean chez
 * orange point fr", "b o b @ g m a i l . c o m", and a provider named with
 * a user name but no domain ("my gmail is jane.doe88", "jane.doe88 on
 * gmail"). The markers and domains are shared with links (detect_text.c);
 * the at and dot words, mail providers and stop words come from the
 * language tables.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "detect_int.h"

#define EMAIL_LOCAL_MAX	64

static int
email_local_char(unsigned char c)
{
	return ch_letter(c) || ch_ascii_digit(c) || (c != 0 && strchr("._%+-", c) != NULL);
}

/* Evidence enough for a weak TLD after a spelled-out at. */
static int
email_strong(const struct ntext *t, size_t a, size_t p, size_t q, const struct domain *d)
{
	size_t i, ws, n;

	if (lex_is(t->s + d->start, d->first_len, LEX_PROVIDER))
		return 1;
	for (i = a; i < p; i++)
		if (!ch_letter(t->s[i]))
			return 1;	/* "sophie.lambert", "davide88" */
	n = word_before(t, q, " ([{<)]}>", 2 * MARK_SPACES + 2, &ws);
	if (n > 0 && !lex_is(t->s + ws, n, LEX_AT_WEAK))
		return 1;
	/* both marks spelled out in a text about mail ("meine mail: lena
	 * punkt hofer at example punkt at"), or a dot told in the name too */
	if (!d->disguised)
		return 0;
	n = word_before(t, a, " ", 2, &ws);
	return (n > 0 && lex_is(t->s + ws, n, LEX_DOT)) || text_has_class(t, LEX_EMAIL_CUE);
}

/* A TLD written with digits for letters ("c0m", "d3") after a plain '@':
 * the address, with its letters, when the TLD is one. */
static int
email_leet_tld(const struct ntext *t, const struct domain *d, char *value, size_t size,
    size_t a, size_t p, size_t *end)
{
	char dom[DETECT_VALUE_MAX], tld[25];
	size_t i, n;

	if (d->tld_len < 2 || d->tld_len >= sizeof(tld) || !ch_letter(t->s[d->tld]))
		return 0;
	for (i = 0; i < d->tld_len; i++) {
		tld[i] = (char)t->s[d->tld + i];
		if (!ch_letter(t->s[d->tld + i]) &&
		    (!ch_ascii_digit(t->s[d->tld + i]) || (tld[i] = (char)ch_leet(t->s[d->tld + i], 0)) == 0))
			return 0;
	}
	if (tld_find((const unsigned char *)tld, d->tld_len) == NULL)
		return 0;
	n = domain_value(t, d, dom, sizeof(dom));
	if (n >= d->tld_len)
		memcpy(dom + n - d->tld_len, tld, d->tld_len);
	if (snprintf(value, size, "%.*s@%s", (int)(p - a), (const char *)t->s + a, dom) < 0)
		value[0] = '\0';
	*end = d->end;
	return 1;
}

/* The address whose at-marker ends at q, local part s[a..p); its value
 * goes to value and its end to *end. */
static int
email_at(const struct ntext *t, size_t a, size_t p, size_t q, enum mark_kind at, char *value,
    size_t size, size_t *end)
{
	struct domain d;
	const struct tld *tld;
	char dom[DETECT_VALUE_MAX];
	size_t i, ws, n;
	int digits = 1, ok = 0;

	if (at == MARK_WORD) {
		/* "I'm at...", "see you at 10", "je suis chez moi" */
		if (a > 0 && t->s[a - 1] == '\'')
			return 0;
		if (lex_is(t->s + a, p - a, LEX_EMAIL_STOP))
			return 0;
		for (i = a; i < p; i++)
			if (!ch_ascii_digit(t->s[i]))
				digits = 0;
		/* "at 10 at example.com" is a time; "gomez 84 arroba gmail" an
		 * address told with spaces, its last part kept */
		n = word_before(t, q, " ([{<)]}>", 2 * MARK_SPACES + 2, &ws);
		if (digits && (n == 0 || lex_is(t->s + ws, n, LEX_AT_WEAK)))
			return 0;
	}
	if (domain_parse(t, q, &d) == 0)
		return 0;
	if (d.labels == 1) {
		ok = lex_is(t->s + d.start, d.first_len, LEX_PROVIDER) &&
		    (d.end >= t->len || !ch_alnum(t->s[d.end]));
	} else if (d.end < t->len && ch_alnum(t->s[d.end])) {
		return 0;
	} else {
		for (i = 0; i < d.tld_len; i++)
			if (!ch_letter(t->s[d.tld + i]))
				break;
		/* "k4t13.m0rr1s@gm41l.c0m": digits for letters in the TLD, which
		 * must then be one, after a plain '@' */
		if (i < d.tld_len)
			return at == MARK_TIGHT && email_leet_tld(t, &d, value, size, a, p, end);
		if (at == MARK_TIGHT && !d.disguised && d.tld_len >= 2)
			ok = 1;		/* the plain form: any TLD will do */
		else if (at != MARK_WORD && lex_is(t->s + d.start, d.first_len, LEX_PROVIDER))
			ok = 1;		/* "dave_r88 @ hotmial . con": a '@', a provider */
		else if ((tld = domain_tld(t, &d)) == NULL)
			return 0;
		else if (at == MARK_WORD)
			/* "the listing at example.com/item" is a link, not an address;
			 * a weak TLD ("it", "at") needs an unambiguous at-word
			 * ("chiocciola"), a provider or a local part like one */
			ok = !domain_has_path(t, d.end) && (!tld->weak || email_strong(t, a, p, q, &d));
		else
			ok = 1;
	}
	if (!ok)
		return 0;
	domain_value(t, &d, dom, sizeof(dom));
	if (snprintf(value, size, "%.*s@%s", (int)(p - a), (const char *)t->s + a, dom) < 0)
		value[0] = '\0';
	*end = d.end;
	return 1;
}

/* A user name as people write one: 3-40 of [a-z0-9._-], a letter or digit
 * first; marked when it holds a digit, '.' or '_'. Returns its length. */
static size_t
email_user(const struct ntext *t, size_t p, int *marked)
{
	size_t q;

	*marked = 0;
	if (p >= t->len || !(ch_letter(t->s[p]) || ch_ascii_digit(t->s[p])))
		return 0;
	for (q = p; q < t->len && q - p <= 40 && (ch_letter(t->s[q]) || ch_ascii_digit(t->s[q]) ||
	    t->s[q] == '.' || t->s[q] == '_' || t->s[q] == '-'); q++)
		if (!ch_letter(t->s[q]))
			*marked = 1;
	while (q > p && (t->s[q - 1] == '.' || t->s[q - 1] == '-'))
		q--;
	if (q - p < 3 || q - p > 40 || (q < t->len && t->s[q] == '@'))
		return 0;
	return q - p;
}

/* The user name at p (u long) into out, with the parts its dots written as
 * words join ("sam dot fixes dot homes" is "sam.fixes.homes"); *end is
 * where it ends. Returns its length, 0 when out is too small. */
static size_t
email_user_dotted(const struct ntext *t, size_t p, size_t u, char *out, size_t size, size_t *end)
{
	size_t n = u, q = p + u, d, w, k;

	if (u + 1 > size)
		return 0;
	memcpy(out, t->s + p, u);
	for (;;) {
		for (d = q; d < t->len && t->s[d] == ' '; d++)
			;
		for (k = d; k < t->len && ch_letter(t->s[k]); k++)
			;
		if (d == q || k == d || !lex_is(t->s + d, k - d, LEX_DOT))
			break;
		for (w = k; w < t->len && t->s[w] == ' '; w++)
			;
		for (k = w; k < t->len && (ch_letter(t->s[k]) || ch_ascii_digit(t->s[k]) ||
		    t->s[k] == '_'); k++)
			;
		if (w == k || k - w < 2 || n + 1 + (k - w) + 1 > size)
			break;
		out[n++] = '.';
		memcpy(out + n, t->s + w, k - w);
		n += k - w;
		q = k;
	}
	out[n] = '\0';
	*end = q;
	return n;
}

/* The word at p (letters only) and where the next one starts. */
static size_t
email_word(const struct ntext *t, size_t p, size_t *next)
{
	size_t q = p;

	while (q < t->len && ch_letter(t->s[q]))
		q++;
	*next = q;
	while (*next < t->len && (t->s[*next] == ' ' || t->s[*next] == ':' ||
	    t->s[*next] == '=' || t->s[*next] == '\'' || t->s[*next] == ',' || t->s[*next] == '-'))
		(*next)++;
	return q - p;
}

/* A digit in s[p..p+n). */
static int
email_has_digit(const struct ntext *t, size_t p, size_t n)
{
	size_t i;

	for (i = p; i < p + n; i++)
		if (ch_ascii_digit(t->s[i]))
			return 1;
	return 0;
}

/* The text talks about mail: a word for it or for an address, of two
 * letters or more (not the "e" of "e mail", Italian's "and"). */
static int
email_text_cue(const struct ntext *t)
{
	return text_has_word(t, LEX_EMAIL_CUE, 2) || text_has_word(t, LEX_MAIL, 2);
}

/* A contact verb, then a preposition, just before p ("scrivimi su"). */
static int
email_after_contact(const struct ntext *t, size_t p)
{
	size_t ws, n;

	if ((n = word_before(t, p, " ", 2, &ws)) == 0 || !lex_is(t->s + ws, n, LEX_PREP))
		return 0;
	return (n = word_before(t, ws, " ", 2, &ws)) > 0 && lex_is(t->s + ws, n, LEX_CONTACT);
}

/* "my gmail is jane.doe88", "gmail: jane.doe88", "jane.doe88 on gmail":
 * a provider at p (length n) with a user name next to it. */
static int
email_provider(const struct ntext *t, size_t p, size_t n, char *value, size_t size,
    size_t *from, size_t *to)
{
	size_t q, w, next, ws, wn, u, hops;
	int marked, owned = 0, mine = 0, colon, loose = 0, weak;

	/* "my gmail", "mi correo de gmail" */
	for (q = p, hops = 0; hops < 3; hops++) {
		wn = word_before(t, q, " ", 2, &ws);
		if (wn == 0)
			break;
		if (lex_is(t->s + ws, wn, LEX_POSSESSIVE))
			owned = mine = 1;
		if (lex_is(t->s + ws, wn, LEX_EMAIL_CUE))
			owned = 1;
		q = ws;
	}
	/* after it: [":"] [is-word] user; "I am" words ("sur gmail je suis
	 * antoine.leroy.88", "bei gmail bin ich ...") before a marked name */
	email_word(t, p, &next);
	colon = next > p + n && memchr(t->s + p + n, ':', next - p - n) != NULL;
	/* a provider that is also an everyday word ("sono libero lun-ven",
	 * "orange, taille M") names mail only when it is owned ("ma orange"),
	 * followed by a colon, in a text about mail or after a contact verb
	 * ("scrivimi su libero"); or, below, after a name with a digit */
	weak = lex_is(t->s + p, n, LEX_PROVIDER_WEAK) && !mine && !colon &&
	    !email_text_cue(t) && !email_after_contact(t, p);
	q = next;
	for (hops = 0; hops < 2 && q < t->len; hops++) {
		w = email_word(t, q, &next);
		if (w == 0 || next == q + w)
			break;
		if (lex_is(t->s + q, w, LEX_IS) || lex_is(t->s + q, w, LEX_EMAIL_CUE) ||
		    lex_is(t->s + q, w, LEX_ADDRESS)) {
			q = next;
			continue;
		}
		/* the "I am" word, or a pronoun beside it ("je", "ich") */
		wn = email_word(t, next, &ws);
		if (!lex_is(t->s + q, w, LEX_FINDME) && !(w <= 3 && (loose ||
		    (wn > 0 && lex_is(t->s + next, wn, LEX_FINDME)))))
			break;
		loose = 1;
		q = next;
	}
	/* an unmarked name is no word of the tables ("meine gmx, gleicher name");
	 * its dots may be written out ("my gmail is sam dot fixes dot homes") */
	if (!weak && (u = email_user(t, q, &marked)) > 0 && (!loose || marked) &&
	    !lex_is(t->s + q, u, LEX_DESCRIPTOR) && !lex_is(t->s + q, u, LEX_EMAIL_STOP) &&
	    (q > p + n)) {
		char user[EMAIL_LOCAL_MAX + 1];
		size_t stop, len = email_user_dotted(t, q, u, user, sizeof(user), &stop);

		if (len > 0 && (marked || stop > q + u ||
		    ((owned || colon) && u >= 4 && lex_classes(t->s + q, u) == 0))) {
			snprintf(value, size, "%s@%.*s", user, (int)n, (const char *)t->s + p);
			*from = p;
			*to = stop;
			return 1;
		}
	}
	/* before it: user [prep] provider ("jane.doe88 on gmail", "lucia.gomez84
	 * de gmail", "joana82 do gmail": any short word will do after a marked name) */
	wn = word_before(t, p, " ", 2, &ws);
	if (wn > 0 && (wn <= 3 || lex_is(t->s + ws, wn, LEX_PREP)) && ws >= 2 && t->s[ws - 1] == ' ') {
		for (q = ws - 1; q > 0 && email_local_char(t->s[q - 1]) && ws - q < 40; q--)
			;
		if ((u = email_user(t, q, &marked)) > 0 && q + u == ws - 1 && marked &&
		    (!weak || email_has_digit(t, q, u))) {
			snprintf(value, size, "%.*s@%.*s", (int)u, (const char *)t->s + q, (int)n,
			    (const char *)t->s + p);
			*from = q;
			*to = p + n;
			return 1;
		}
	}
	/* the provider in brackets after a marked name: "giulia_rossi85 (gmail)",
	 * "tom.b99 [hotmail]" */
	if (p >= 3 && (t->s[p - 1] == '(' || t->s[p - 1] == '[') && p + n < t->len &&
	    t->s[p + n] == (t->s[p - 1] == '(' ? ')' : ']')) {
		ws = t->s[p - 2] == ' ' ? p - 2 : p - 1;
		for (q = ws; q > 0 && email_local_char(t->s[q - 1]) && ws - q < 40; q--)
			;
		if (q < ws && (u = email_user(t, q, &marked)) > 0 && q + u == ws && marked &&
		    (!weak || email_has_digit(t, q, u))) {
			snprintf(value, size, "%.*s@%.*s", (int)u, (const char *)t->s + q, (int)n,
			    (const char *)t->s + p);
			*from = q;
			*to = p + n + 1;
			return 1;
		}
	}
	return 0;
}

static void
email_scan_text(const struct ntext *t, struct detect_sink *k)
{
	char value[DETECT_VALUE_MAX];
	enum mark_kind kind;
	size_t p, q, a, end, n;

	for (p = 1; p <= t->len && !sink_done(k); p++) {
		if (!email_local_char(t->s[p - 1]) || (p < t->len && email_local_char(t->s[p])))
			continue;
		if ((q = mark_parse(t, p, '@', LEX_AT, &kind)) == 0 || q >= t->len)
			continue;
		for (a = p; a > 0 && email_local_char(t->s[a - 1]) && p - a < EMAIL_LOCAL_MAX; a--)
			;
		while (a < p && !ch_letter(t->s[a]) && !ch_ascii_digit(t->s[a]))
			a++;
		if (a < p && email_at(t, a, p, q, kind, value, sizeof(value), &end))
			sink_add(k, DETECT_EMAIL, t, a, end, value);
	}
	for (p = 0; p < t->len && !sink_done(k); p = q) {
		if (!ch_letter(t->s[p]) || (p > 0 && (ch_alnum(t->s[p - 1]) || t->s[p - 1] == '@' ||
		    t->s[p - 1] == '.'))) {
			q = p + 1;
			continue;
		}
		for (q = p; q < t->len && ch_letter(t->s[q]); q++)
			;
		n = q - p;
		if (q < t->len && (t->s[q] == '.' || t->s[q] == '@' || ch_ascii_digit(t->s[q])))
			continue;
		if (lex_is(t->s + p, n, LEX_PROVIDER) &&
		    email_provider(t, p, n, value, sizeof(value), &a, &end))
			sink_add(k, DETECT_EMAIL, t, a, end, value);
	}
}

void
email_scan(const struct ntext *t, struct detect_sink *k)
{
	scan_unspaced(t, k, email_scan_text);
}
