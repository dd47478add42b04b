/*
 * detect_handle: the other party is asked to move to another app. A
 * messaging app (WhatsApp, Telegram, "zapzap", "wasap") named is enough
 * unless the text only mentions it ("I don't use WhatsApp, let's keep it
 * here": a negation before it, or talk of staying here, with no
 * invitation); a social network (Instagram, TikTok) needs "me", "my",
 * "add", "follow" or a handle nearby; a name that is also an everyday word
 * (signal, snap, ig, fb, zap) needs a tight pattern: "signal me", "add me
 * on signal", "my snap is bob_22", "mi ig es juanito", "snap: bob", "me
 * chama no zap". A written "@name" counts when a platform is named or the
 * name looks like a handle (bob_22), not for "@home". Platform names,
 * slang and the words around them come from the language tables.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhooks/base/utf8.h"

#include "detect_int.h"

#define HANDLE_STACK_TOKENS	1024
#define HANDLE_WORD_MAX		32

/* Names written as two words ("whats app", "tele gram"). */
static const struct {
	const char   *first, *second;
	unsigned char platform;
	const char   *canonical;
} platform_pairs[] = {
	{ "whats", "ap", PLATFORM_MESSAGING, "whatsapp" },
	{ "wats", "ap", PLATFORM_MESSAGING, "whatsapp" },
	{ "whts", "ap", PLATFORM_MESSAGING, "whatsapp" },
	{ "what", "ap", PLATFORM_MESSAGING, "whatsapp" },
	{ "zap", "zap", PLATFORM_MESSAGING, "whatsapp" },
	{ "tele", "gram", PLATFORM_MESSAGING, "telegram" },
	{ "snap", "chat", PLATFORM_MESSAGING, "snapchat" },
	{ "insta", "gram", PLATFORM_SOCIAL, "instagram" },
	{ "face", "bok", PLATFORM_SOCIAL, "facebook" },
	{ "tik", "tok", PLATFORM_SOCIAL, "tiktok" },
	/* WhatsApp and Telegram named by their look, not their name */
	{ "gren", "ap", PLATFORM_MESSAGING, "whatsapp" },
	{ "ap", "verde", PLATFORM_MESSAGING, "whatsapp" },
	{ "ap", "verdinho", PLATFORM_MESSAGING, "whatsapp" },
	{ "apli", "verte", PLATFORM_MESSAGING, "whatsapp" },
	{ "grune", "ap", PLATFORM_MESSAGING, "whatsapp" },
	{ "grunen", "ap", PLATFORM_MESSAGING, "whatsapp" },
	{ "blue", "ticks", PLATFORM_WEAK, "whatsapp" },
	{ "paper", "plane", PLATFORM_WEAK, "telegram" },
};

/* Emoji that stand for a platform before a user name ("\xf0\x9f\x91\xbb
 * tommy_b" for Snapchat's ghost): weak, a name or ':' must follow. */
static const struct {
	uint32_t    cp;
	const char *canonical;
} platform_emoji[] = {
	{ 0x1f47b, "snapchat" },	/* ghost */
	{ 0x1f4f7, "instagram" },	/* camera */
	{ 0x1f4f8, "instagram" },	/* camera with flash */
};

struct handle_token {
	uint32_t      start, end;	/* in the normalised text ("@" not included) */
	unsigned char handle;		/* written as "@name" */
	unsigned char platform;		/* enum platform, on the first word of the name */
	unsigned char span;		/* words the platform name covers */
	unsigned char verb;		/* the name made a verb ("whatsappami") */
	const char   *canonical;	/* the platform's name */
};

static int
handle_word_char(unsigned char c)
{
	return ch_letter(c) || ch_ascii_digit(c) || c == '_' || c == '\'';
}

/* The word's letters, digits, '_' and '@' into buf; 0 when it is too long. */
static size_t
handle_text(const struct ntext *t, const struct handle_token *k, char *buf, size_t size)
{
	size_t p, n = 0;
	unsigned char c;

	for (p = k->start; p < k->end; p++) {
		c = t->s[p];
		if (!ch_letter(c) && !ch_ascii_digit(c) && c != '_' && c != '@')
			continue;
		if (n + 1 >= size)
			return 0;
		buf[n++] = (char)c;
	}
	buf[n] = '\0';
	return n;
}

/* Where the token's first apostrophe stands ("m'envoies", "sull'app"), or
 * its end when it has none. */
static size_t
handle_apostrophe(const struct ntext *t, const struct handle_token *k)
{
	size_t p;

	for (p = k->start; p < k->end && t->s[p] != '\''; p++)
		;
	return p;
}

/* The classes of the word at i (0 for a handle or past the end). A word
 * in no table that follows an elision of one or two letters ("m'envoies",
 * "t'appeler", "c'hai", "qu'il") has the classes of what follows it; after
 * "n'" it is a negation. */
static uint64_t
handle_word_classes(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i)
{
	char w[HANDLE_WORD_MAX];
	size_t len, p;
	uint64_t cl;

	if (i >= n || tok[i].handle)
		return 0;
	len = handle_text(t, &tok[i], w, sizeof(w));
	if (len == 0)
		return 0;
	if ((cl = lex_classes((const unsigned char *)w, len)) != 0)
		return cl;
	p = handle_apostrophe(t, &tok[i]);
	if (p == tok[i].end || p - tok[i].start > 2 + (t->s[tok[i].start] == 'q') ||
	    tok[i].end - p < 3)
		return 0;
	/* "n'envoie pas ton numéro": the verb denied */
	if (p == tok[i].start + 1 && t->s[tok[i].start] == 'n')
		return LEX_BIT(LEX_NEGATION);
	return lex_classes(t->s + p + 1, tok[i].end - p - 1);
}

static int handle_word_is(const struct ntext *, const struct handle_token *, const char *);
static int handle_near(const struct ntext *, const struct handle_token *, size_t, size_t, size_t,
    enum lex_class, int);
static int handle_told(const struct ntext *, const struct handle_token *, size_t, size_t);

/* A word's classes where it stands: "das" asks only after "me" and before
 * "tu" or "un" ("me das tu numero?", not "me da igual tu numero"). */
static uint64_t
handle_classes(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i)
{
	uint64_t cl = handle_word_classes(t, tok, n, i);

	/* "je suis", "j'suis": I am, not "suis-moi" (follow me) */
	if ((cl & LEX_BIT(LEX_CONTACT)) && tok[i].end >= tok[i].start + 4 &&
	    memcmp(t->s + tok[i].end - 4, "suis", 4) == 0 &&
	    ((tok[i].end == tok[i].start + 6 && t->s[tok[i].start] == 'j' && t->s[tok[i].start + 1] == '\'') ||
	    (tok[i].end == tok[i].start + 4 && i > 0 && handle_word_is(t, &tok[i - 1], "je"))))
		cl &= ~(LEX_BIT(LEX_CONTACT) | LEX_BIT(LEX_SOCIAL_CONTEXT));
	/* "look" contacts only as "look me up", "look for me" (not "your
	 * cakes look great on insta"); "pm" after a number is the hour
	 * ("pickup at 5 pm on fb marketplace"); "trouves" only after "me"
	 * ("tu me trouves sur fb", not "tu trouves ça sur fb") */
	if ((cl & LEX_BIT(LEX_CONTACT)) && handle_word_is(t, &tok[i], "look") &&
	    !(i + 1 < n && ((handle_word_classes(t, tok, n, i + 1) & LEX_BIT(LEX_ME)) ||
	    handle_word_is(t, &tok[i + 1], "up") || handle_word_is(t, &tok[i + 1], "for"))))
		cl &= ~LEX_BIT(LEX_CONTACT);
	if ((cl & LEX_BIT(LEX_CONTACT)) && handle_word_is(t, &tok[i], "pm") && i > 0 &&
	    ch_ascii_digit(t->s[tok[i - 1].end - 1]))
		cl &= ~LEX_BIT(LEX_CONTACT);
	if ((cl & LEX_BIT(LEX_CONTACT)) &&
	    (handle_word_is(t, &tok[i], "trouves") || handle_word_is(t, &tok[i], "trouvez")) &&
	    !(i > 0 && (handle_word_classes(t, tok, n, i - 1) & LEX_BIT(LEX_ME))))
		cl &= ~LEX_BIT(LEX_CONTACT);
	if (cl & LEX_BIT(LEX_GIVE_AFTER_ME)) {
		/* "me da tu numero", "me dá o teu número", "dá-me o teu" */
		size_t nx = i + 1;
		int me = i > 0 && (handle_word_classes(t, tok, n, i - 1) & LEX_BIT(LEX_ME));

		if (!me && nx < n && tok[i].end < t->len && t->s[tok[i].end] == '-' &&
		    (handle_word_classes(t, tok, n, nx) & LEX_BIT(LEX_ME))) {
			me = 1;
			nx++;
		}
		if (me && nx + 1 < n && (handle_word_classes(t, tok, n, nx) & LEX_BIT(LEX_URL_STOP)) &&
		    (handle_word_classes(t, tok, n, nx + 1) & LEX_BIT(LEX_YOUR)))
			nx++;
		if (me && (handle_word_classes(t, tok, n, nx) & (LEX_BIT(LEX_YOUR) | LEX_BIT(LEX_INDEFINITE))))
			cl |= LEX_BIT(LEX_ASK);
	}
	return cl;
}

static int
handle_is(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i,
    enum lex_class list)
{
	return (handle_classes(t, tok, n, i) & LEX_BIT(list)) != 0;
}

/* Canonical spelling for platform names: '_' dropped, digits read as the
 * letters they imitate (wh4tsapp, te1egram), doubled letters written once. */
static void
handle_fold(const char *w, int one, char *out)
{
	int letters = 0, digits = 0;
	size_t i, n = 0;
	char c;

	for (i = 0; w[i] != '\0'; i++) {
		if (ch_letter((unsigned char)w[i]))
			letters = 1;
		else if (ch_ascii_digit((unsigned char)w[i]) || w[i] == '@')
			digits = 1;
	}
	for (i = 0; w[i] != '\0'; i++) {
		c = w[i];
		if (c == '_')
			continue;
		if (letters && digits) {
			switch (c) {
			case '0': c = 'o'; break;
			case '1': c = (char)one; break;
			case '3': c = 'e'; break;
			case '4': case '@': c = 'a'; break;
			case '5': c = 's'; break;
			case '7': c = 't'; break;
			case '8': c = 'b'; break;
			case '9': c = 'g'; break;
			default: break;
			}
		}
		if (n > 0 && out[n - 1] == c)
			continue;
		out[n++] = c;
	}
	out[n] = '\0';
}

/* An app's name made a verb ("whatsappami", "wasapeame", "telegrammami"):
 * the name before one of the languages' verb endings. */
static unsigned char
handle_platform_verb(const char *folded, const char **canonical)
{
	char stem[HANDLE_WORD_MAX];
	const char *const *e;
	size_t n = strlen(folded), k, el;
	unsigned char platform;

	if (n < 7)
		return PLATFORM_NONE;
	for (k = 0; k < detect_lang_count; k++)
		for (e = detect_langs[k]->words[LEX_PLATFORM_VERB]; e != NULL && *e != NULL; e++) {
			el = strlen(*e);
			if (el + 4 > n || memcmp(folded + n - el, *e, el) != 0)
				continue;
			memcpy(stem, folded, n - el);
			stem[n - el] = '\0';
			if ((platform = lex_platform(stem, canonical)) != PLATFORM_NONE)
				return platform;
		}
	return PLATFORM_NONE;
}

/* The platform a word names; its fold (1 read as i) goes to folded. */
static unsigned char
handle_platform_word(const char *w, char *folded, const char **canonical)
{
	char other[HANDLE_WORD_MAX];
	unsigned char platform;

	handle_fold(w, 'i', folded);
	if ((platform = lex_platform(folded, canonical)) != PLATFORM_NONE ||
	    strchr(w, '1') == NULL)
		return platform;
	handle_fold(w, 'l', other);
	return lex_platform(other, canonical);
}

/* The platform an emoji at normalised p stands for, NULL if none. */
static const char *
handle_emoji(const struct ntext *t, size_t p)
{
	uint32_t cp;
	size_t k;

	if (t->s[p] != NORM_OTHER || utf8_decode(t->src + t->at[p], t->at[p + 1] - t->at[p], &cp) == 0)
		return NULL;
	for (k = 0; k < NITEMS(platform_emoji); k++)
		if (platform_emoji[k].cp == cp)
			return platform_emoji[k].canonical;
	return NULL;
}

/* Split into words and "@handles"; joins letters written one by one
 * ("w h a t s a p p"). Returns how many tokens (at most max). */
static size_t
handle_tokenise(const struct ntext *t, struct handle_token *tok, size_t max)
{
	size_t p = 0, q, n = 0, i, j, k;
	unsigned char c;

	while (p < t->len && n < max) {
		c = t->s[p];
		if (c == '@' && (p == 0 || !handle_word_char(t->s[p - 1])) && p + 1 < t->len &&
		    (ch_letter(t->s[p + 1]) || t->s[p + 1] == '_')) {
			for (q = p + 1; q < t->len && (ch_letter(t->s[q]) ||
			    ch_ascii_digit(t->s[q]) || t->s[q] == '_' || t->s[q] == '.'); q++)
				;
			while (t->s[q - 1] == '.')
				q--;
			tok[n].start = (uint32_t)(p + 1);
			tok[n].end = (uint32_t)q;
			tok[n].handle = 1;
			tok[n].platform = PLATFORM_NONE;
			tok[n].verb = 0;
			tok[n++].span = 1;
			p = q;
		} else if (handle_word_char(c)) {
			for (q = p; q < t->len && (handle_word_char(t->s[q]) ||
			    (t->s[q] == '@' && q + 1 < t->len && ch_letter(t->s[q + 1]))); q++)
				;
			for (k = p; k < q && t->s[k] == '\''; k++)
				;
			if (k < q) {
				tok[n].start = (uint32_t)p;
				tok[n].end = (uint32_t)q;
				tok[n].handle = 0;
				tok[n].platform = PLATFORM_NONE;
				tok[n].verb = 0;
				tok[n++].span = 1;
			}
			p = q;
		} else if ((tok[n].canonical = handle_emoji(t, p)) != NULL) {
			tok[n].start = (uint32_t)p;
			tok[n].end = (uint32_t)(p + 1);
			tok[n].handle = 0;
			tok[n].platform = PLATFORM_WEAK;
			tok[n].verb = 0;
			tok[n++].span = 1;
			p++;
		} else
			p++;
	}
	for (i = 0; i < n; i++) {
		for (j = i; j < n && !tok[j].handle && tok[j].end - tok[j].start == 1 &&
		    ch_letter(t->s[tok[j].start]) && (j == i || tok[j].start - tok[j - 1].end == 1);
		    j++)
			;
		if (j - i >= 3) {
			tok[i].end = tok[j - 1].end;
			memmove(&tok[i + 1], &tok[j], (n - j) * sizeof(tok[0]));
			n -= j - i - 1;
		}
	}
	return n;
}

static int
handle_compound(const struct ntext *t, const struct handle_token *k)
{
	if (k->end + 1 < t->len && t->s[k->end] == '-' && ch_letter(t->s[k->end + 1]))
		return 1;
	return k->start >= 2 && t->s[k->start - 1] == '-' && ch_letter(t->s[k->start - 2]);
}

/* The word after an elision of up to four letters ("l'appli", "sull'app"),
 * folded, into out ("" when there is none). */
static void
handle_elided(const struct ntext *t, const struct handle_token *k, char *out)
{
	char w[HANDLE_WORD_MAX];
	size_t p, n = 0;

	out[0] = '\0';
	p = handle_apostrophe(t, k);
	if (p == k->end || p - k->start > 4)
		return;
	for (p++; p < k->end && n + 1 < sizeof(w); p++)
		if (ch_letter(t->s[p]))
			w[n++] = (char)t->s[p];
	w[n] = '\0';
	if (n > 0)
		handle_fold(w, 'i', out);
}

/* A preposition before the name at i: the word before, the one before an
 * article ("sur le wats"), or glued to it by an elision ("sull'app"). */
static int
handle_prep_before(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i)
{
	size_t p;

	if (i < n && (p = handle_apostrophe(t, &tok[i])) < tok[i].end && p > tok[i].start &&
	    lex_is(t->s + tok[i].start, p - tok[i].start, LEX_PREP))
		return 1;
	return (i > 0 && handle_is(t, tok, n, i - 1, LEX_PREP)) || (i > 1 &&
	    handle_is(t, tok, n, i - 2, LEX_PREP) && handle_is(t, tok, n, i - 1, LEX_URL_STOP));
}

/* "la tele", "the tele", "sulla tele": the television after an article
 * or a determiner that Telegram's slang never takes ("on tele", "no
 * tele"). */
static int
handle_tv(const struct ntext *t, const struct handle_token *tok, size_t i)
{
	static const char *const before[] = { "the", "a", "la", "una", "ma", "ta", "sa", "cette",
		"della", "dalla", "alla", "nella", "sulla", "mia", "tua", "sua", "questa", "na", "da",
		"esta", "essa", "minha" };
	size_t k;

	if (!handle_word_is(t, &tok[i], "tele"))
		return 0;
	for (k = 0; k < NITEMS(before); k++)
		if (handle_word_is(t, &tok[i - 1], before[k]))
			return 1;
	return 0;
}

static void
handle_platforms(const struct ntext *t, struct handle_token *tok, size_t n)
{
	char w[HANDLE_WORD_MAX], f[HANDLE_WORD_MAX], f2[HANDLE_WORD_MAX], e[HANDLE_WORD_MAX];
	size_t i, k;
	uint32_t p;

	for (i = 0; i < n; i++) {
		for (p = tok[i].start; p < tok[i].end && !ch_letter(t->s[p]); p++)
			;
		if (tok[i].handle || p == tok[i].end || handle_text(t, &tok[i], w, sizeof(w)) == 0)
			continue;
		tok[i].platform = handle_platform_word(w, f, &tok[i].canonical);
		handle_elided(t, &tok[i], e);	/* "sull'insta", "l'aeroplanino" */
		if (tok[i].platform == PLATFORM_NONE && e[0] != '\0')
			tok[i].platform = lex_platform(e, &tok[i].canonical);
		if (tok[i].platform == PLATFORM_NONE)
			tok[i].verb = (tok[i].platform = handle_platform_verb(f,
			    &tok[i].canonical)) != PLATFORM_NONE;
		/* "insta-pot", "snap-on": part of another word */
		if (tok[i].platform != PLATFORM_MESSAGING && handle_compound(t, &tok[i]))
			tok[i].platform = PLATFORM_NONE;
		if (tok[i].platform != PLATFORM_NONE && i > 0 && handle_tv(t, tok, i))
			tok[i].platform = PLATFORM_NONE;
		/* "found ur listing on facebook marketplace": a market, no
		 * channel (but "find me on fb marketplace as Lisa Grant") */
		if (tok[i].platform != PLATFORM_NONE && i + 1 < n &&
		    handle_word_is(t, &tok[i + 1], "marketplace") &&
		    !handle_near(t, tok, n, i > 6 ? i - 6 : 0, i, LEX_CONTACT, 0))
			tok[i].platform = PLATFORM_NONE;
		if (i + 1 >= n || tok[i + 1].handle)
			continue;
		for (k = 0; k < NITEMS(platform_pairs); k++) {
			/* "l'appli verte", "sull'app verde" */
			if (strcmp(f, platform_pairs[k].first) != 0 && strcmp(e, platform_pairs[k].first) != 0)
				continue;
			if (handle_text(t, &tok[i + 1], w, sizeof(w)) == 0)
				break;
			handle_fold(w, 'i', f2);
			if (strcmp(f2, platform_pairs[k].second) == 0) {
				tok[i].platform = platform_pairs[k].platform;
				tok[i].canonical = platform_pairs[k].canonical;
				tok[i].span = 2;
				break;
			}
		}
	}
}

/* The token is the word w (folded, letters only). */
static int
handle_word_is(const struct ntext *t, const struct handle_token *k, const char *w)
{
	size_t len = strlen(w);

	return k->end - k->start == len && memcmp(t->s + k->start, w, len) == 0;
}

/* A word from list among tokens [from, to). */
static int
handle_near(const struct ntext *t, const struct handle_token *tok, size_t n, size_t from,
    size_t to, enum lex_class list, int handles)
{
	size_t k;

	for (k = from; k < to && k < n; k++)
		if ((handles && tok[k].handle) || handle_is(t, tok, n, k, list))
			return 1;
	return 0;
}

/* Whether "@name" at i is a handle. */
static int
handle_mention(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i,
    int any_platform)
{
	char w[HANDLE_WORD_MAX];
	size_t len, k;
	int marked = 0;

	if ((len = handle_text(t, &tok[i], w, sizeof(w))) < 2)
		return 0;
	if (any_platform)
		return 1;
	/* "Hey @Lerato_M, yes I saw the review": the other one, addressed
	 * by the platform's name at the start, a comma or "!" after it */
	for (k = 0; k < i && handle_is(t, tok, n, k, LEX_GREETING); k++)
		;
	if (k == i && i <= 2 && tok[i].end < t->len &&
	    (t->s[tok[i].end] == ',' || t->s[tok[i].end] == '!'))
		return 0;
	for (k = i > 4 ? i - 4 : 0; k < n && k < i + 5; k++)
		/* "suis-moi @x" follows, "je suis devant" is where one is */
		if (handle_is(t, tok, n, k, LEX_MENTION) && !(k > 0 &&
		    handle_is(t, tok, n, k, LEX_FINDME) && (handle_word_is(t, &tok[k - 1], "je") ||
		    handle_word_is(t, &tok[k - 1], "j"))))
			return 1;
	for (k = tok[i].start; k < tok[i].end; k++)	/* w has no '.' */
		if (ch_ascii_digit(t->s[k]) || t->s[k] == '_' || t->s[k] == '.')
			marked = 1;
	return marked && len >= 3;
}

/* A colon after a name ends at k: ":", "=", " : ", " - " ("snap - bob"). */
static int
handle_colon(const struct ntext *t, size_t k)
{
	int spaced = k + 1 < t->len && t->s[k] == ' ';

	if (spaced)
		k++;	/* "snap : bob" */
	if (k >= t->len)
		return 0;
	if (t->s[k] == ':' || t->s[k] == '=')
		return 1;
	return spaced && t->s[k] == '-' && k + 1 < t->len && t->s[k + 1] == ' ';
}

static int handle_marked(const struct ntext *t, const struct handle_token *k);

/* The user name after a platform at i: "@bob", ": bob", "is bob_22"; the
 * token's index, or n when none. */
static size_t
handle_user_after(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i)
{
	size_t nx = i + tok[i].span;

	if (nx >= n)
		return n;
	if (tok[nx].handle)
		return nx;
	if (handle_colon(t, tok[i + tok[i].span - 1].end) &&
	    !handle_is(t, tok, n, nx, LEX_DESCRIPTOR) && !handle_is(t, tok, n, nx, LEX_NEGATION))
		return nx;
	if (handle_is(t, tok, n, nx, LEX_ID))
		nx++;
	while (nx < n && handle_is(t, tok, n, nx, LEX_IS))
		nx++;
	/* not "mein WhatsApp ist seit dem Update kaputt": an everyday word
	 * with the app's trouble after it */
	if (nx < n && nx > i + tok[i].span && !handle_is(t, tok, n, nx, LEX_DESCRIPTOR) &&
	    !handle_is(t, tok, n, nx, LEX_NEGATION) && tok[nx].end - tok[nx].start >= 2 &&
	    (handle_marked(t, &tok[nx]) || !handle_near(t, tok, n, nx + 1, nx + 5, LEX_DESCRIPTOR, 0)))
		return nx;
	return n;
}

/* Only spaces between tokens a and b: "snap me", not "instagram, me
 * encantaron". */
static int
handle_adjacent(const struct ntext *t, const struct handle_token *tok, size_t n, size_t a,
    size_t b)
{
	uint32_t p;

	if (b >= n)
		return 0;
	for (p = tok[a].end; p < tok[b].start; p++)
		if (t->s[p] != ' ')
			return 0;
	return 1;
}

/* A user name marked as one: with a digit, '_' or '.' ("caro_nails",
 * "ju.doces"), not an everyday word. */
static int
handle_marked(const struct ntext *t, const struct handle_token *k)
{
	uint32_t p;

	for (p = k->start; p < k->end; p++)
		if (ch_ascii_digit(t->s[p]) || t->s[p] == '_')
			return 1;
	return (k->end + 1 < t->len && t->s[k->end] == '.' && ch_letter(t->s[k->end + 1])) ||
	    (k->start >= 2 && t->s[k->start - 1] == '.' && ch_letter(t->s[k->start - 2]));
}

/* Marked, a letter first and three at least: "caro.nails", "tommy_b", not
 * "2fa", "x200". */
static int
handle_marked_name(const struct ntext *t, const struct handle_token *k)
{
	uint32_t p;
	size_t letters = 0;

	for (p = k->start; p < k->end; p++)
		letters += ch_letter(t->s[p]) != 0;
	return !k->handle && ch_letter(t->s[k->start]) && letters >= 3 && handle_marked(t, k);
}

/* A marked name right after the platform at i, past nothing but spaces,
 * arrows and emoji ("telegram fletes_baires", "ig -> caro.nails", "insta
 * \xf0\x9f\x91\x89 caro.nails"). */
static int
handle_name_next(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i)
{
	size_t nx = i + tok[i].span;
	uint32_t p;

	if (nx >= n || !handle_marked_name(t, &tok[nx]))
		return 0;
	for (p = tok[nx - 1].end; p < tok[nx].start; p++)
		if (t->s[p] != ' ' && t->s[p] != '-' && t->s[p] != '>' && t->s[p] != NORM_OTHER)
			return 0;
	return tok[nx].start - tok[nx - 1].end <= 8;
}

/* "caro.nails en insta", "soy sofi_22 en tiktok": a marked name opening
 * the message or after "I am", a preposition, the platform; not "compre el
 * iphone_12 en instagram". */
static int
handle_name_before(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i)
{
	size_t a;

	if (i < 2 || !handle_is(t, tok, n, i - 1, LEX_PREP) || !handle_adjacent(t, tok, n, i - 1, i))
		return 0;
	a = i - 2;
	/* "caro.nails" is two words */
	if (a > 0 && tok[a].start == tok[a - 1].end + 1 && t->s[tok[a - 1].end] == '.')
		a--;
	if (!handle_marked_name(t, &tok[i - 2]) && !handle_marked_name(t, &tok[a]))
		return 0;
	return a == 0 || handle_is(t, tok, n, a - 1, LEX_FINDME) ||
	    handle_is(t, tok, n, a - 1, LEX_IS) || handle_is(t, tok, n, a - 1, LEX_CONTACT);
}

/* A user name as people write one: marked, or with a capital ("Joana
 * Silva Doces"), not an everyday word ("I'm busy"). */
static int
handle_named(const struct ntext *t, const struct handle_token *k)
{
	unsigned char c = (unsigned char)t->src[t->at[k->start]];

	return handle_marked(t, k) || (c >= 'A' && c <= 'Z');
}

/* The platform at i ends a question ("...tu ig?"). */
static int
handle_question(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i)
{
	size_t k = tok[i + tok[i].span - 1].end;

	(void)n;
	while (k < t->len && t->s[k] == ' ')
		k++;
	return k < t->len && t->s[k] == '?';
}

static int handle_to_me(const struct ntext *, const struct handle_token *, size_t, size_t);

/* Between tokens a and a + 1 stands one of the characters of marks. */
static int
handle_gap_has(const struct ntext *t, const struct handle_token *tok, size_t a, const char *marks)
{
	size_t k;

	for (k = tok[a].end; k < tok[a + 1].start; k++)
		if (t->s[k] != '\0' && strchr(marks, t->s[k]) != NULL)
			return 1;
	return 0;
}

/* A sentence ends between tokens a and a + 1 ('.', '?', '!'). */
static int
handle_sentence_end(const struct ntext *t, const struct handle_token *tok, size_t a)
{
	return handle_gap_has(t, tok, a, ".?!");
}

/* A word saying a social network is a channel ("my profile", "follow",
 * "@bob") among tokens [from, to); not the other's ("il tuo profilo"). */
static int
handle_social_context(const struct ntext *t, const struct handle_token *tok, size_t n,
    size_t from, size_t to)
{
	size_t k;

	for (k = from; k < to && k < n; k++)
		if (tok[k].handle || (handle_is(t, tok, n, k, LEX_SOCIAL_CONTEXT) &&
		    !(k > 0 && handle_is(t, tok, n, k - 1, LEX_YOUR)) &&
		    /* "écris moi ici": here, not there */
		    !(k + 1 < n && handle_is(t, tok, n, k + 1, LEX_STAY)) &&
		    !(k + 2 < n && handle_is(t, tok, n, k + 1, LEX_ME) &&
		    handle_is(t, tok, n, k + 2, LEX_STAY))))
			return 1;
	return 0;
}

/* "same name on insta", "stesso nome di qui, sull'app verde", "gleicher
 * Name auf der grünen App": the same name or number as here, said before
 * the app at i, in its sentence and not denied. */
static int
handle_same_name_before(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i)
{
	size_t k, from = i > 6 ? i - 6 : 0;

	for (k = i; k > from && !handle_sentence_end(t, tok, k - 1); k--)
		;
	for (; k < i; k++)
		if (handle_is(t, tok, n, k, LEX_SAME) && k + 1 < i &&
		    (handle_is(t, tok, n, k + 1, LEX_ID) || handle_is(t, tok, n, k + 1, LEX_NUMBER_NOUN)))
			return !handle_near(t, tok, n, from, i, LEX_NEGATION, 0);
	return 0;
}

/* After token from, a verb of contacting addressed to the writer and a
 * word for "there" right after it ("écrivez moi là-bas", "write me there",
 * "escribeme alli", "schreib mir dort"), not denied nor told of someone. */
static int
handle_there_asked(const struct ntext *t, const struct handle_token *tok, size_t n, size_t from)
{
	static const char *const there[] = { "there", "labas", "alli", "ahi", "dort", "dorthin" };
	size_t k, m, w;

	for (k = from; k < n; k++) {
		if (!(handle_is(t, tok, n, k, LEX_CONTACT) || handle_is(t, tok, n, k, LEX_REACH)) ||
		    handle_told(t, tok, n, k) ||
		    handle_near(t, tok, n, k > 3 ? k - 3 : 0, k, LEX_NEGATION, 0))
			continue;
		m = k + 1;
		if (handle_is(t, tok, n, m, LEX_ME))
			m++;
		else if (!handle_to_me(t, tok, n, k))
			continue;
		for (w = 0; m < n && w < NITEMS(there); w++)
			if (handle_word_is(t, &tok[m], there[w]))
				return 1;
		if (m + 1 < n && handle_word_is(t, &tok[m], "la") && handle_word_is(t, &tok[m + 1], "bas"))
			return 1;	/* "là-bas" as two words */
	}
	return 0;
}

/* A weak or social platform name at i used as a contact channel. */
static int
handle_channel(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i)
{
	char f[HANDLE_WORD_MAX];
	const char *canonical;
	size_t nx = i + tok[i].span, u;
	int social = tok[i].platform == PLATFORM_SOCIAL;

	if (social && handle_social_context(t, tok, n, i > 3 ? i - 3 : 0, nx + 3))
		return 1;
	/* "snap me", "signal me" but not "snap me a photo", nor "non ho più
	 * ig, me l'hanno bloccato" */
	if (handle_is(t, tok, n, nx, LEX_ME) && handle_adjacent(t, tok, n, nx - 1, nx) &&
	    (social || nx + 1 >= n || !handle_is(t, tok, n, nx + 1, LEX_AFTER_ME)) &&
	    !handle_near(t, tok, n, i > 3 ? i - 3 : 0, i, LEX_NEGATION, 0))
		return 1;
	/* "add me on signal", "hit me up on snap", "me chama no zap"; a
	 * preposition that is also a negation ("no") only right after the
	 * verb's words, not "lets go, no signal in the tunnel" */
	if (i > 0 && (handle_is(t, tok, n, i - 1, LEX_PREP) ||
	    handle_is(t, tok, n, i - 1, LEX_SOCIAL_CONTEXT)) &&
	    handle_near(t, tok, n, i > 6 ? i - 6 : 0, i - 1, LEX_CONTACT, 0) &&
	    !handle_is(t, tok, n, nx, LEX_STREET) &&
	    (!handle_is(t, tok, n, i - 1, LEX_NEGATION) || (i > 1 &&
	    handle_adjacent(t, tok, n, i - 2, i - 1) &&
	    handle_near(t, tok, n, i > 3 ? i - 3 : 0, i - 1, LEX_CONTACT, 0))))
		return 1;
	/* "continuiamo sull'aeroplanino": the preposition glued to the name */
	if (handle_prep_before(t, tok, n, i) && !(i > 0 && handle_is(t, tok, n, i - 1, LEX_PREP)) &&
	    handle_near(t, tok, n, i > 6 ? i - 6 : 0, i, LEX_CONTACT, 0) &&
	    !handle_near(t, tok, n, i > 3 ? i - 3 : 0, i, LEX_NEGATION, 0))
		return 1;
	/* "ma page fb c'est Nounou Sophie Bordeaux, écrivez moi là-bas": the
	 * writer asks to be written to there */
	if (handle_there_asked(t, tok, n, nx))
		return 1;
	/* "easier on WA", "lieber auf tg": a messaging app preferred (not
	 * "looks better on insta") */
	if (i > 1 && handle_is(t, tok, n, i - 1, LEX_PREP) && handle_is(t, tok, n, i - 2, LEX_PREFER) &&
	    tok[i].canonical != NULL && handle_platform_word(tok[i].canonical, f, &canonical) ==
	    PLATFORM_MESSAGING &&
	    !handle_near(t, tok, n, i > 4 ? i - 4 : 0, i, LEX_NEGATION, 0))
		return 1;
	/* "WA bitte", "on tg pls": asked for, opening the text or after a
	 * preposition (not "oh snap please") */
	if (handle_is(t, tok, n, nx, LEX_PLEASE) && handle_adjacent(t, tok, n, nx - 1, nx) &&
	    (i == 0 || handle_is(t, tok, n, i - 1, LEX_PREP)) &&
	    !handle_near(t, tok, n, nx + 1, nx + 5, LEX_DESCRIPTOR, 0))
		return 1;
	/* "sur le wats je reponds plus vite", "on snap i answer faster": the
	 * verb right after the name or its subject, in its clause (not "on ig
	 * your photos look great", nor "saw your cakes on insta, they look
	 * amazing") */
	if (handle_prep_before(t, tok, n, i) && !handle_is(t, tok, n, nx, LEX_STREET))
		for (u = nx; u < n && u < nx + 2; u++) {
			/* past a comma, only a verb to the writer ("su tele,
			 * cercami come ...") */
			if (handle_gap_has(t, tok, u - 1, ".;!?") ||
			    (handle_gap_has(t, tok, u - 1, ",") && !handle_to_me(t, tok, n, u) &&
			    !handle_is(t, tok, n, u + 1, LEX_ME)))
				break;
			if (handle_is(t, tok, n, u, LEX_CONTACT))
				return 1;
		}
	/* "WA pe ping karo", "snap pe add kar": the name, its postposition,
	 * then a contact verb or the verb-making word */
	if (handle_is(t, tok, n, nx, LEX_POSTPOSITION) && handle_adjacent(t, tok, n, nx - 1, nx) &&
	    (handle_near(t, tok, n, nx + 1, nx + 3, LEX_CONTACT, 0) ||
	    handle_near(t, tok, n, nx + 1, nx + 3, LEX_LIGHT_VERB, 0)))
		return 1;
	/* "snap: bob", "ig @bob" */
	if ((u = handle_user_after(t, tok, n, i)) < n && (tok[u].handle ||
	    handle_colon(t, tok[i].end)))
		return 1;
	/* "ajoute moi sur le snap", "mandami un whats" */
	if (i > 1 && handle_is(t, tok, n, i - 1, LEX_URL_STOP) &&
	    handle_near(t, tok, n, i > 6 ? i - 6 : 0, i - 1, LEX_CONTACT, 0))
		return 1;
	/* "same name as here", "same name on insta" */
	if (handle_near(t, tok, n, nx, nx + 4, LEX_SAME, 0) || handle_same_name_before(t, tok, n, i))
		return 1;
	/* "cual es tu ig?", "me da seu insta?": asks for theirs */
	if (i > 0 && handle_is(t, tok, n, i - 1, LEX_YOUR) && handle_question(t, tok, n, i))
		return 1;
	/* "no face sou Joana Silva", "en insta soy caro_nails", "su instagram mi
	 * trovi come sara.nails": who one is there */
	for (u = nx; u < nx + 2 && u < n && !handle_is(t, tok, n, u, LEX_FINDME); u++)
		;
	/* not "pas de Facebook, je suis vieille école" */
	if (u < n && u < nx + 2 && handle_is(t, tok, n, u, LEX_FINDME) &&
	    handle_adjacent(t, tok, n, u - 1, u) &&
	    !(i > 0 && handle_is(t, tok, n, i - 1, LEX_NEGATION) && !handle_is(t, tok, n, i - 1, LEX_PREP)) &&
	    !(i > 1 && handle_is(t, tok, n, i - 2, LEX_NEGATION) && !handle_is(t, tok, n, i - 2, LEX_PREP))) {
		/* "auf Insta bin ich catsitting_lisa": a marked name only, as
		 * German nouns have capitals ("bin ich Anfänger") */
		if (u + 2 < n && handle_word_is(t, &tok[u + 1], "ich") && !tok[u + 2].handle &&
		    handle_marked(t, &tok[u + 2]))
			return 1;
		if (u + 1 < n && handle_is(t, tok, n, u + 1, LEX_IS))
			u++;
		if (u + 1 < n && !tok[u + 1].handle && handle_named(t, &tok[u + 1]) &&
		    !handle_is(t, tok, n, u + 1, LEX_NEGATION))
			return 1;
	}
	if (handle_name_next(t, tok, n, i) || handle_name_before(t, tok, n, i))
		return 1;
	/* "snap is lea.b2002", "insta c caro_nails": a marked name past an
	 * is-word, without "my" */
	if ((u = handle_user_after(t, tok, n, i)) < n && u > nx && handle_marked_name(t, &tok[u]))
		return 1;
	/* "my snap is bob_22", "mi ig es juanito", "my fb id", "mi instagram
	 * caro_nails" */
	if (i > 0 && handle_is(t, tok, n, i - 1, LEX_POSSESSIVE) && nx < n) {
		if (tok[nx].handle || handle_is(t, tok, n, nx, LEX_ID) ||
		    (handle_adjacent(t, tok, n, nx - 1, nx) && handle_marked(t, &tok[nx])))
			return 1;
		if (handle_user_after(t, tok, n, i) < n)
			return 1;
	}
	return 0;
}

/* A word of staying at k, but for a writer's name given with it ("le
 * chauffeur Ibrahima ici, ...", "Hi, Jack here!"): a capitalised word of
 * three letters or more before it, a comma, stop or the end after it. */
static int
handle_stay_at(const struct ntext *t, const struct handle_token *tok, size_t n, size_t k)
{
	unsigned char c;
	size_t p;

	if (!handle_is(t, tok, n, k, LEX_STAY))
		return 0;
	/* "que por aquí no cargan", "hier geht das nicht": a complaint
	 * about here, the reason to leave; not "aqui no app" */
	for (p = k + 1; p < n && p < k + 4 && !handle_sentence_end(t, tok, p - 1); p++)
		if (handle_is(t, tok, n, p, LEX_NEGATION) && (p + 1 >= n ||
		    (tok[p + 1].platform == PLATFORM_NONE && !handle_is(t, tok, n, p + 1, LEX_STAY) &&
		    !handle_is(t, tok, n, p + 1, LEX_URL_STOP) &&
		    !handle_is(t, tok, n, p + 1, LEX_INDEFINITE))))
			return 0;
	if (k == 0 || tok[k - 1].platform != PLATFORM_NONE || tok[k - 1].end - tok[k - 1].start < 3 ||
	    handle_is(t, tok, n, k - 1, LEX_NEGATION))
		return 1;
	c = (unsigned char)t->src[t->at[tok[k - 1].start]];
	if (c < 'A' || c > 'Z')
		return 1;
	for (p = tok[k].end; p < t->len && t->s[p] == ' '; p++)
		;
	return !(p == t->len || t->s[p] == ',' || t->s[p] == '.' || t->s[p] == '!');
}

/* Talk of staying here counts against the messaging app at i ("let's
 * keep it here, not on whatsapp", "on whatsapp I get spam. here is
 * fine"), unless the app's sentence is a question and the talk of here
 * is in another ("per WhatsApp klären? hier dauert alles ewig": a
 * complaint about here, which is the reason to leave). Called when the
 * text holds such a word. */
static int
handle_stay(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i)
{
	size_t k;

	for (k = i; k > 0 && !handle_sentence_end(t, tok, k - 1); k--)
		if (handle_stay_at(t, tok, n, k - 1))
			return 1;
	for (k = i + tok[i].span; k < n && !handle_sentence_end(t, tok, k - 1); k++)
		if (handle_stay_at(t, tok, n, k))
			return 1;
	/* k: the first token of the next sentence, or n */
	for (k = k > 0 ? tok[k - 1].end : 0; k < t->len && t->s[k] == ' '; k++)
		;
	return k >= t->len || t->s[k] != '?';
}

/* Whether a word of preference at k ("prefere", "lieber", "rather") turns
 * from the app at i: "plutot que WhatsApp", "rather than telegram",
 * "lieber hier als auf WhatsApp", not "je prefere qu'on continue sur
 * WhatsApp" nor "lieber auf WhatsApp". */
static int
handle_prefer_denies(const struct ntext *t, const struct handle_token *tok, size_t n, size_t k,
    size_t i)
{
	size_t m;

	if (k + 1 < n && (handle_word_is(t, &tok[k + 1], "than") || handle_word_is(t, &tok[k + 1], "als") ||
	    handle_word_is(t, &tok[k + 1], "of") || handle_word_is(t, &tok[k + 1], "que") ||
	    handle_word_is(t, &tok[k + 1], "statt")))
		return 1;
	for (m = k + 1; m < i; m++)
		if (handle_is(t, tok, n, m, LEX_STAY) || handle_is(t, tok, n, m, LEX_NEGATION))
			return 1;
	return 0;
}

/* A word of staying said outside the platforms' names ("ici", not the
 * "appli" of "l'appli verte"). */
static int
handle_stay_said(const struct ntext *t, const struct handle_token *tok, size_t n)
{
	size_t i;

	for (i = 0; i < n; i += tok[i].platform != PLATFORM_NONE ? tok[i].span : 1)
		if (tok[i].platform == PLATFORM_NONE && handle_stay_at(t, tok, n, i))
			return 1;
	return 0;
}

/* A negation among the three words before i that is no preposition too
 * ("j'ai pas WhatsApp moi", "don't whatsapp me"; not "me chama no zap"). */
static int
handle_denied_before(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i)
{
	size_t k;

	for (k = i > 3 ? i - 3 : 0; k < i; k++)
		if (handle_is(t, tok, n, k, LEX_NEGATION) && !handle_is(t, tok, n, k, LEX_PREP) &&
		    !handle_is(t, tok, n, k, LEX_PREFER))
			return 1;
	return 0;
}

/* A messaging app named: an invitation unless only mentioned. */
static int
handle_messaging(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i,
    int stay)
{
	size_t nx = i + tok[i].span, k, from = i > 5 ? i - 5 : 0;

	/* invitations: "whatsapp me", "add me on telegram", "my wasap is",
	 * "telegram fletes_baires", "fletes_baires en telegram" */
	if ((handle_is(t, tok, n, nx, LEX_ME) && handle_adjacent(t, tok, n, nx - 1, nx) &&
	    !handle_denied_before(t, tok, n, i)) ||
	    handle_user_after(t, tok, n, i) < n || handle_name_next(t, tok, n, i) ||
	    handle_name_before(t, tok, n, i))
		return 1;
	/* "my wasap", not "my whatsapp broke after the update" */
	if (i > 0 && handle_is(t, tok, n, i - 1, LEX_POSSESSIVE) &&
	    !handle_near(t, tok, n, nx, nx + 5, LEX_DESCRIPTOR, 0))
		return 1;
	/* a word both negation and preposition ("no": "me chama no zap") is
	 * the preposition right before the name after another word, the
	 * negation opening the text ("no snapchat, sorry"); one both negation
	 * and article ("ne": "schick ne whatsi") the article there */
	for (k = from; k < i; k++)
		if (handle_is(t, tok, n, k, LEX_NEGATION) &&
		    !(k + 1 == i && k > 0 && handle_is(t, tok, n, k, LEX_PREP)) &&
		    !(k + 1 == i && handle_is(t, tok, n, k, LEX_URL_STOP)) &&
		    !(handle_is(t, tok, n, k, LEX_PREFER) && !handle_prefer_denies(t, tok, n, k, i)))
			return 0;
	/* "the last guy wanted to move to telegram, i only deal on here":
	 * someone else's wish, told by one who stays */
	if (stay && handle_near(t, tok, n, i > 7 ? i - 7 : 0, i, LEX_REPORTED, 0))
		return 0;
	/* "sull'app verde rispondo subito, qui ci metto ore": the verb of
	 * answering right after the app, whatever is said of here */
	if (handle_prep_before(t, tok, n, i) && nx < n && !handle_gap_has(t, tok, nx - 1, ",.;!?") &&
	    (handle_is(t, tok, n, nx, LEX_CONTACT) || (nx + 1 < n &&
	    !handle_gap_has(t, tok, nx, ",.;!?") && handle_is(t, tok, n, nx + 1, LEX_CONTACT))))
		return 1;
	/* "let's move to telegram" */
	if (i > 0 && handle_near(t, tok, n, i > 4 ? i - 4 : 0, i, LEX_CONTACT, 0))
		return 1;
	/* "whatsapp kar do": the app made a verb by the word after it */
	if (handle_is(t, tok, n, nx, LEX_LIGHT_VERB))
		return 1;
	/* "whatsapp pls", "wtsp stp", "bitte WhatsApp" */
	if (handle_is(t, tok, n, nx, LEX_PLEASE) || (i > 0 && handle_is(t, tok, n, i - 1, LEX_PLEASE)))
		return 1;
	/* "on whatsapp", "por el wasap", "auf telegram"; preferred to here
	 * ("mejor por guasap que por aqui") even with "here" said */
	if (handle_prep_before(t, tok, n, i) || handle_is(t, tok, n, nx, LEX_POSTPOSITION))
		return !stay || handle_near(t, tok, n, i > 3 ? i - 3 : 0, i, LEX_PREFER, 0);
	/* "same number as here", "stesso nome di qui, sull'app verde" */
	if (handle_near(t, tok, n, nx, nx + 4, LEX_SAME, 0) || handle_same_name_before(t, tok, n, i))
		return 1;
	/* "WhatsApp?", "telegram" alone at the end; not "whatsapp keeps
	 * logging me out", the app as the subject of a sentence */
	k = tok[nx - 1].end;
	while (k < t->len && t->s[k] == ' ')
		k++;
	if (nx >= n || (k < t->len && t->s[k] == '?'))
		return !stay;
	return 0;
}

/* The name at [*from, *to) with the dots that join its parts
 * ("caro.nails"), which *from and *to then take in. */
static void
handle_dotted(const struct ntext *t, size_t *from, size_t *to, char *w, size_t size)
{
	size_t p, n = 0, a = *from, b = *to;

	while (a >= 2 && t->s[a - 1] == '.' && handle_word_char(t->s[a - 2]))
		for (a--; a > 0 && handle_word_char(t->s[a - 1]); a--)
			;
	while (b + 1 < t->len && t->s[b] == '.' && handle_word_char(t->s[b + 1]))
		for (b++; b < t->len && handle_word_char(t->s[b]); b++)
			;
	for (p = a; p < b && n + 1 < size; p++)
		if (ch_letter(t->s[p]) || ch_ascii_digit(t->s[p]) || t->s[p] == '_' || t->s[p] == '.')
			w[n++] = (char)t->s[p];
	w[n] = '\0';
	*from = a;
	*to = b;
}

static void
handle_value(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i,
    char *value, size_t size, size_t *start, size_t *end)
{
	char w[HANDLE_WORD_MAX];
	size_t u = handle_user_after(t, tok, n, i), nx = i + tok[i].span;
	const char *name = tok[i].canonical != NULL ? tok[i].canonical : "platform";

	*start = tok[i].start;
	*end = tok[nx - 1].end;
	if (u < n && handle_text(t, &tok[u], w, sizeof(w)) > 0) {
		snprintf(value, size, "%s %s", name, w);
		*end = tok[u].end;
	} else if (handle_name_next(t, tok, n, i)) {
		*start = tok[nx].start;
		*end = tok[nx].end;
		handle_dotted(t, start, end, w, sizeof(w));
		snprintf(value, size, "%s %s", name, w);
		*start = tok[i].start;
	} else if (handle_name_before(t, tok, n, i)) {
		*start = tok[i - 2].start;
		*end = tok[i - 2].end;
		handle_dotted(t, start, end, w, sizeof(w));
		snprintf(value, size, "%s %s", name, w);
		*end = tok[nx - 1].end;
	} else
		snprintf(value, size, "%s", name);
}

/* The app itself named ("the app", "l'appli", "dall'app", "plataforma"). */
static int
handle_app(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i)
{
	size_t p, len;
	const unsigned char *q;

	if (i >= n || tok[i].handle)
		return 0;
	/* after an elision ("dall'app", "l'appli"): handle_text drops the '\'' */
	for (p = tok[i].end; p > tok[i].start && t->s[p - 1] != '\''; p--)
		;
	q = t->s + p;
	len = tok[i].end - p;
	return (len == 3 && memcmp(q, "app", 3) == 0) || (len == 5 && memcmp(q, "appli", 5) == 0) ||
	    handle_is(t, tok, n, i, LEX_STAY);
}

/* The verb at i is addressed to the writer: a "me" before it ("me
 * procura") or glued to it ("escribime", "mandamelo", "scrivimi"). */
static int
handle_to_me(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i)
{
	size_t len = tok[i].end - tok[i].start;
	const unsigned char *e = t->s + tok[i].end;

	if (i > 0 && handle_is(t, tok, n, i - 1, LEX_ME) && handle_adjacent(t, tok, n, i - 1, i))
		return 1;
	return len > 4 && (memcmp(e - 2, "me", 2) == 0 || memcmp(e - 2, "mi", 2) == 0 ||
	    (len > 6 && memcmp(e - 4, "melo", 4) == 0));
}

/* An e-mail word at m, not "by email via the app" nor after a negation
 * ("don't email me", "schreib mir keine Mail"); "lieber", "plutot" prefer
 * e-mail ("schreib mir lieber ne Mail"), and between the asking word and
 * the e-mail word an article is one ("ne Mail"), not the Italian "ne". */
static int
handle_mail_at(const struct ntext *t, const struct handle_token *tok, size_t n, size_t m,
    size_t i)
{
	size_t k;

	if (!handle_is(t, tok, n, m, LEX_MAIL) && !handle_is(t, tok, n, m, LEX_PROVIDER))
		return 0;
	for (k = m + 1; k < n && k <= m + 3; k++) {
		if (handle_gap_has(t, tok, k - 1, ",."))
			break;	/* "ne Mail, hier kommt nix an": another clause */
		if (handle_app(t, tok, n, k))
			return 0;
	}
	for (k = i > 3 ? i - 3 : 0; k < m; k++)
		if (handle_is(t, tok, n, k, LEX_NEGATION) && !handle_is(t, tok, n, k, LEX_PREP) &&
		    !handle_is(t, tok, n, k, LEX_PREFER) &&
		    !(k > i && handle_is(t, tok, n, k, LEX_URL_STOP)))
			return 0;
	return 1;
}

/* "caso", "case", "cas" at r said as "in case": "me passa teu numero caso
 * eu me perca", "tu me laisses ton 06 au cas ou ?", not "ton numero de
 * cas". A number or a number's word after it makes it a reference. */
static int
handle_ref_idiom(const struct ntext *t, const struct handle_token *tok, size_t n, size_t r)
{
	if (!handle_word_is(t, &tok[r], "caso") && !handle_word_is(t, &tok[r], "case") &&
	    !handle_word_is(t, &tok[r], "cas"))
		return 0;
	return r + 1 >= n || !(ch_ascii_digit(t->s[tok[r + 1].start]) ||
	    handle_is(t, tok, n, r + 1, LEX_REF_FILLER));
}

/* "your number", "deine Handynummer", "ton numero", "your email" at k; not
 * "your order number", "ton numero de commande", "your number in the
 * queue", nor "your address" (a delivery needs one). */
static int
handle_your_detail(const struct ntext *t, const struct handle_token *tok, size_t n, size_t k)
{
	size_t m = k + 1, r;
	int mail_before = 0;

	if (!handle_is(t, tok, n, k, LEX_YOUR) || m >= n)
		return 0;
	/* "schick ich dir per Mail, gib mir deine Adresse": the address is
	 * the e-mail the message sends by (not "i got your email, whats your
	 * address for the delivery?") */
	for (r = 1; r < k && !mail_before; r++)
		mail_before = handle_is(t, tok, n, r, LEX_MAIL) && handle_is(t, tok, n, r - 1, LEX_PREP) &&
		    handle_mail_at(t, tok, n, r, r) && !handle_near(t, tok, n, r, n, LEX_NEGATION, 0);
	/* "ton adresse mail", "tu direccion de correo", "seu e-mail" */
	if (handle_is(t, tok, n, m, LEX_ADDRESS))
		for (r = m + 1; r < n && r <= m + 2; r++)
			if (handle_is(t, tok, n, r, LEX_MAIL)) {
				m = r;
				break;
			}
	if (m + 1 < n && tok[m].end - tok[m].start == 1 && t->s[tok[m].start] == 'e' &&
	    tok[m].end < t->len && t->s[tok[m].end] == '-' && handle_is(t, tok, n, m + 1, LEX_MAIL))
		m++;
	if (!(handle_is(t, tok, n, m, LEX_PHONE_CUE) || handle_is(t, tok, n, m, LEX_MAIL) ||
	    (mail_before && handle_is(t, tok, n, m, LEX_ADDRESS)) ||
	    tok[m].platform != PLATFORM_NONE || (ch_ascii_digit(t->s[tok[m].start]) &&
	    tok[m].end - tok[m].start == 2 && t->s[tok[m].start] == '0')))
		return 0;
	for (r = m + 1; r < n && r <= m + 3; r++)
		if (handle_is(t, tok, n, r, LEX_REF) && !handle_ref_idiom(t, tok, n, r))
			return 0;
	return 1;
}

/* Whether the sentence of token i ends with a question mark. */
static int
handle_asked(const struct ntext *t, const struct handle_token *tok, size_t i)
{
	size_t p;

	for (p = tok[i].end; p < t->len; p++) {
		if (t->s[p] == '?')
			return 1;
		if (t->s[p] == '.' || t->s[p] == '!' || t->s[p] == ';')
			return 0;
	}
	return 0;
}

/* The other side as the object of the verb at j: "call you", "te pueda
 * llamar", "dich anrufen", "t'appeler", "chiamarti". */
static int
handle_you_reached(const struct ntext *t, const struct handle_token *tok, size_t n, size_t j,
    size_t from)
{
	size_t k;

	if (tok[j].end - tok[j].start > 2 && t->s[tok[j].start] == 't' &&
	    t->s[tok[j].start + 1] == '\'')
		return 1;
	for (k = j >= from + 2 ? j - 2 : from; k <= j + 1 && k < n; k++)
		if (handle_is(t, tok, n, k, LEX_YOU_OBJ))
			return 1;
	return 0;
}

/* "do you have a number I can call you on?", "tienes un numero donde te
 * pueda llamar?", "hast du ne Nummer, unter der ich dich erreiche?",
 * "t'as un 06 ?": a number of theirs asked for, named by the noun at i.
 * Not "I have your number, I'll call you" (theirs is known), nor "the
 * order number", nor "I don't have a number you can call". */
static int
handle_number_asked(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i,
    size_t *end)
{
	size_t k, j, p;
	int have = 0, ask = 0;

	if (i == 0 || handle_is(t, tok, n, i - 1, LEX_YOUR) ||
	    handle_is(t, tok, n, i - 1, LEX_POSSESSIVE) || handle_is(t, tok, n, i - 1, LEX_REF) ||
	    handle_near(t, tok, n, i + 1, i + 3, LEX_REF, 0) ||
	    (i + 1 < n && handle_word_is(t, &tok[i + 1], "of")))	/* "a number of" */
		return 0;
	for (k = i > 3 ? i - 3 : 0; k < i; k++) {
		have |= handle_is(t, tok, n, k, LEX_HAVE);
		ask |= handle_is(t, tok, n, k, LEX_ASK);
	}
	if (!have && !ask)
		return 0;
	if (handle_near(t, tok, n, i > 4 ? i - 4 : 0, i, LEX_NEGATION, 0) && !handle_asked(t, tok, i))
		return 0;
	/* "hast du ne Nummer?", "t'as un 06 ?": the question ends at it (not
	 * "do you have a house number?") */
	if (have && handle_is(t, tok, n, i - 1, LEX_INDEFINITE)) {
		for (p = tok[i].end; p < t->len && t->s[p] == ' '; p++)
			;
		if (p < t->len && t->s[p] == '?') {
			*end = tok[i].end;
			return 1;
		}
	}
	/* the verb in the same clause, or in one the noun opens ("Nummer,
	 * unter der ich dich erreiche"), not "hay un numero en la puerta, te
	 * llamo cuando llegue" */
	for (j = i + 1; j < n && j <= i + 6; j++) {
		if (handle_gap_has(t, tok, j - 1, ".!?;") ||
		    (j - 1 != i && handle_gap_has(t, tok, j - 1, ",")))
			return 0;
		if (handle_is(t, tok, n, j, LEX_REACH) && (have || handle_you_reached(t, tok, n, j, i + 1))) {
			*end = tok[j].end;
			return 1;
		}
	}
	return 0;
}

/* A verb at i told of someone, not asked of the reader: a modal before it
 * whose subject is not "you" ("the app will email me", "support would
 * call", not "you can email me", "will you email me"). */
static int
handle_told(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i)
{
	if (i == 0 || !handle_is(t, tok, n, i - 1, LEX_MODAL))
		return 0;
	return i < 2 || !handle_is(t, tok, n, i - 2, LEX_YOU_OBJ);
}

/* "on peut continuer par texto ?", "seguimos por sms", "can we move this to
 * text": the talk moved to text messages; "sms plutot ?", "sms easier
 * tbh", "schreib mir lieber per SMS", "mandami un sms": preferred, or
 * asked for to the writer. Not "continue to text me the updates", "the
 * driver contacts you by sms", "the app sends you an sms". */
static int
handle_sms_move(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i)
{
	size_t k, from = i > 3 ? i - 3 : 0;

	if (handle_is(t, tok, n, i + 1, LEX_ME) || handle_is(t, tok, n, i + 1, LEX_YOU_OBJ))
		return 0;
	/* denied, a preference aside ("plutot", "lieber" are both) */
	for (k = i > 4 ? i - 4 : 0; k <= i + 1 && k < n; k++)
		if (k != i && handle_is(t, tok, n, k, LEX_NEGATION) && !handle_is(t, tok, n, k, LEX_PREFER))
			return 0;
	/* a preference between adds a word: "envoyez moi plutot un texto" */
	if (from > 0 && handle_near(t, tok, n, from, i, LEX_PREFER, 0))
		from--;
	/* "par sms ça ira plus vite qu'ici", "by text, faster than here":
	 * texts compared with here */
	for (k = i + 1; k < n && k <= i + 8 && !handle_sentence_end(t, tok, k - 1); k++)
		if (handle_is(t, tok, n, k, LEX_STAY) && ((tok[k].end - tok[k].start > 3 &&
		    memcmp(t->s + tok[k].start, "qu'", 3) == 0) || handle_word_is(t, &tok[k - 1], "than") ||
		    handle_word_is(t, &tok[k - 1], "que") || handle_word_is(t, &tok[k - 1], "als") ||
		    handle_word_is(t, &tok[k - 1], "che")))
			return 1;
	/* preferred: "sms plutot ?", "sms easier", "lieber per SMS" */
	if ((i + 1 < n && handle_is(t, tok, n, i + 1, LEX_PREFER) &&
	    !handle_gap_has(t, tok, i, ",.;!?")) ||
	    (i > 1 && handle_is(t, tok, n, i - 1, LEX_PREP) && handle_is(t, tok, n, i - 2, LEX_PREFER)))
		return 1;
	for (k = i; k-- > from;) {
		if (handle_gap_has(t, tok, k, ",.;!?"))
			return 0;
		/* "mandami un sms", "schreib mir per SMS": to the writer */
		if ((handle_is(t, tok, n, k, LEX_CONTACT) || handle_is(t, tok, n, k, LEX_ASK)) &&
		    (handle_to_me(t, tok, n, k) || handle_is(t, tok, n, k + 1, LEX_ME)) &&
		    !handle_told(t, tok, n, k))
			return 1;
		if (handle_is(t, tok, n, k, LEX_MOVE) && (handle_is(t, tok, n, i - 1, LEX_PREP) ||
		    handle_word_is(t, &tok[i - 1], "to")))
			return 1;
		/* "we sort it by text", "lets arrange this over text" */
		if (k + 3 == i && handle_is(t, tok, n, k, LEX_CONTACT) &&
		    handle_is(t, tok, n, i - 1, LEX_PREP) && !handle_told(t, tok, n, k) &&
		    (handle_word_is(t, &tok[k + 1], "it") || handle_word_is(t, &tok[k + 1], "this") ||
		    handle_word_is(t, &tok[k + 1], "everything")))
			return 1;
	}
	return 0;
}

/* "ur email?", "ton 06 ?", "tem zap?", "hast du Tele?", "u on whats?",
 * "tel stp", "Handynr?", "mi dai il num?", "gib ma dei Nummer": a short
 * question for a detail or an app, the detail at i. Before it, in its
 * clause, at most three short or asking words; after it a question mark
 * or a please, or the message's end after an asking word. Not "num de
 * pedido?", "is this your phone?", "wsp no funciona?". */
static int
handle_short_question(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i,
    size_t *end)
{
	uint64_t cl = handle_classes(t, tok, n, i);
	size_t nx = i + tok[i].span, k, from = i;
	int asked = 0, negated = 0, q;

	if (!(cl & (LEX_BIT(LEX_NUMBER_NOUN) | LEX_BIT(LEX_MAIL))) && tok[i].platform == PLATFORM_NONE)
		return 0;
	while (from > 0 && !handle_gap_has(t, tok, from - 1, ",.;!?:"))
		from--;
	if (i - from > 3)
		return 0;
	for (k = from; k < i; k++) {
		uint64_t c = handle_classes(t, tok, n, k);

		/* "t'aurais pas whats ?", "no tienes wsp?": asked all the same */
		if ((c & LEX_BIT(LEX_NEGATION)) && ((k > from && handle_is(t, tok, n, k - 1, LEX_HAVE)) ||
		    (k + 1 < i && handle_is(t, tok, n, k + 1, LEX_HAVE)))) {
			negated = 1;
			continue;
		}
		if (tok[k].handle || (c & LEX_BIT(LEX_NEGATION)) || tok[k].platform != PLATFORM_NONE ||
		    (k + 1 == i && (c & LEX_BIT(LEX_POSSESSIVE))))
			return 0;	/* "my phone?" is the writer's; "mi dai" is not */
		if (c & (LEX_BIT(LEX_ASK) | LEX_BIT(LEX_YOUR) | LEX_BIT(LEX_HAVE) | LEX_BIT(LEX_YOU_OBJ)))
			asked = 1;
		else if (!(c & (LEX_BIT(LEX_ME) | LEX_BIT(LEX_PREP) | LEX_BIT(LEX_INDEFINITE))) &&
		    tok[k].end - tok[k].start > 3)
			return 0;
	}
	/* "the number?" asks nothing of the other unless an asking word or
	 * "you" comes before, or the detail opens the clause */
	if (i > from && !asked)
		return 0;
	q = handle_question(t, tok, n, i);
	if (negated && !q)
		return 0;
	if (q || (nx < n && handle_is(t, tok, n, nx, LEX_PLEASE) && !handle_gap_has(t, tok, nx - 1, ".,;!?")) ||
	    (asked && nx >= n && from == 0)) {
		*end = tok[nx - 1].end;
		return 1;
	}
	return 0;
}

/* The talk taken private, away from here: "ti scrivo in privato, qui
 * leggono tutto", "ich schreib dir mal privat, hier liest das Portal mit".
 * A contact verb at i, a private word ("privato", "privat", "prive",
 * "privado", "private") within three words in its clause, and a word of
 * here in a later clause; not "te escribo en privado aquí mismo". */
static int
handle_private_move(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i,
    size_t *end)
{
	size_t k, m;
	int broke = 0;

	if (handle_near(t, tok, n, i > 3 ? i - 3 : 0, i, LEX_NEGATION, 0))
		return 0;
	for (k = i + 1; k < n && k <= i + 4 && !handle_gap_has(t, tok, k - 1, ",.;!?"); k++) {
		if (tok[k].end - tok[k].start < 5 || memcmp(t->s + tok[k].start, "priv", 4) != 0 ||
		    !handle_is(t, tok, n, k, LEX_DESCRIPTOR))
			continue;
		for (m = k + 1; m < n; m++) {
			broke |= handle_gap_has(t, tok, m - 1, ",.;!?");
			if (broke && handle_is(t, tok, n, m, LEX_STAY)) {
				*end = tok[k].end;
				return 1;
			}
		}
		return 0;
	}
	return 0;
}

/* The word at i said under a condition told as a rule ("if you pay
 * outside the app you lose all protection"): "if" among the three words
 * before it in its sentence, which is no question ("what if we do it
 * outside the app?" proposes). */
static int
handle_conditional(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i)
{
	size_t k, p;

	for (k = i; k > 0 && k + 3 >= i && !handle_sentence_end(t, tok, k - 1); k--)
		if (handle_is(t, tok, n, k - 1, LEX_IF))
			break;
	if (k == 0 || k + 3 < i || !handle_is(t, tok, n, k - 1, LEX_IF))
		return 0;
	/* an offer, not a rule: "i can knock £40 off if we sort it off the
	 * app", a price cut or the fee in the sentence */
	for (k = i; k > 0 && !handle_sentence_end(t, tok, k - 1); k--)
		;
	for (; k < n && (k == 0 || !handle_sentence_end(t, tok, k - 1)); k++)
		if (k != i && (handle_is(t, tok, n, k, LEX_CHEAPER) || handle_is(t, tok, n, k, LEX_FEE) ||
		    handle_is(t, tok, n, k, LEX_AVOID)))
			return 0;
	for (p = tok[i].end; p < t->len && !memchr(".!?", t->s[p], 3); p++)
		;
	return p == t->len || t->s[p] != '?';
}

/* "how do I get hold of u outside of here", "como te ubico fuera de la
 * app?", "wie erreich ich dich außerhalb von der Plattform?", "a donde te
 * puedo escribir directo sin que nos cobren la comision?", "how do i reach
 * u when im not on the app?": a way to reach the other past the platform
 * asked for or offered, the verb at i. Not "I can't reach you outside the
 * app", nor "the driver calls you outside the building". */
static int
handle_reach_outside(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i,
    size_t *end)
{
	size_t k, m;

	if (!handle_near(t, tok, n, i > 2 ? i - 2 : 0, i + 3, LEX_YOU_OBJ, 0) ||
	    handle_near(t, tok, n, i > 3 ? i - 3 : 0, i, LEX_NEGATION, 0) ||
	    handle_conditional(t, tok, n, i))
		return 0;
	for (k = i + 1; k < n && k <= i + 8 && !handle_sentence_end(t, tok, k - 1); k++) {
		/* "outside the app", "fuera de la app", "en dehors d'ici", not
		 * "outside, through the app" */
		if (handle_is(t, tok, n, k, LEX_OUTSIDE))
			for (m = k + 1; m < n && m <= k + 3 && !handle_gap_has(t, tok, m - 1, ",.;!?"); m++) {
				if (handle_app(t, tok, n, m)) {
					*end = tok[m].end;
					return 1;
				}
				if (tok[m].end - tok[m].start > 3 && !handle_is(t, tok, n, m, LEX_URL_STOP))
					break;
			}
		if (!handle_asked(t, tok, i))
			continue;
		/* asked: dodging the fee, or when the app (or here) is not there */
		if (handle_is(t, tok, n, k, LEX_FEE)) {
			*end = tok[k].end;
			return 1;
		}
		if (handle_is(t, tok, n, k, LEX_NEGATION))
			for (m = k + 1; m < n && m <= k + 3; m++)
				if (handle_app(t, tok, n, m)) {
					*end = tok[k].end;
					return 1;
				}
	}
	return 0;
}

/* "tienes algun otro medio donde te pueda escribir?", "tem outro jeito de
 * falar contigo?", "any other way to reach you?", "gibt es eine andere
 * Möglichkeit dich zu erreichen?": another way to reach the other asked
 * for, the way's noun at i. Not "another way to pay", "otra forma de
 * llegar", nor "no hay otro modo de contactarte". */
static int
handle_other_way(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i,
    size_t *end)
{
	static const char *const contact_nouns[] = { "contacto", "contato", "contact", "kontakt",
		"contatto" };
	size_t k, c;
	int you = 0, reach = 0;

	if (!(i > 0 && handle_is(t, tok, n, i - 1, LEX_OTHER)) &&
	    !(i > 1 && handle_is(t, tok, n, i - 2, LEX_OTHER) && handle_adjacent(t, tok, n, i - 2, i - 1)))
		return 0;
	if (handle_near(t, tok, n, i > 4 ? i - 4 : 0, i, LEX_NEGATION, 0))
		return 0;
	for (k = i > 4 ? i - 4 : 0; k < i; k++)
		if (handle_is(t, tok, n, k, LEX_HAVE) || handle_is(t, tok, n, k, LEX_YOU_OBJ))
			you = 1;
	for (k = i + 1; k < n && k <= i + 6 && !handle_gap_has(t, tok, k - 1, ".;!?"); k++) {
		if (handle_is(t, tok, n, k, LEX_YOU_OBJ))
			you = 1;
		if (handle_is(t, tok, n, k, LEX_REACH))
			reach = 1;
		for (c = 0; c < NITEMS(contact_nouns); c++)
			if (handle_word_is(t, &tok[k], contact_nouns[c]))
				reach = 1;
		if (reach && you) {
			*end = tok[k].end;
			return 1;
		}
	}
	return 0;
}

/* "can u just ring me on my mobile instead?", "llamame a mi celular",
 * "ruf mich auf meinem Handy an": the writer's own phone asked to be
 * called on, the verb at i. Not "the driver will call me on my mobile",
 * "don't call me on my mobile". */
static int
handle_on_my_phone(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i,
    size_t *end)
{
	size_t k, from;

	if (i + 1 < n && handle_is(t, tok, n, i + 1, LEX_ME))
		from = i + 2;
	else if (handle_to_me(t, tok, n, i))
		from = i + 1;
	else
		return 0;
	if (handle_told(t, tok, n, i) || handle_near(t, tok, n, i > 3 ? i - 3 : 0, i, LEX_NEGATION, 0))
		return 0;
	for (k = from; k < n && k <= from + 2 && !handle_gap_has(t, tok, k - 1, ",.;!?"); k++) {
		if (handle_is(t, tok, n, k, LEX_NUMBER_NOUN) && handle_is(t, tok, n, k - 1, LEX_POSSESSIVE)) {
			*end = tok[k].end;
			return 1;
		}
		if (!handle_is(t, tok, n, k, LEX_PREP) && !handle_is(t, tok, n, k, LEX_POSSESSIVE) &&
		    !handle_is(t, tok, n, k, LEX_URL_STOP))
			return 0;
	}
	return 0;
}

/* "el correo es igual a mi usuario de aca, en gmail", "Mail is die
 * gleiche wie mein Nutzername hier", "my email is just my username on here
 * at outlook": the address told as the user name here, the mail word at i.
 * Not "my email isn't my username". */
static int
handle_mail_as_name(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i,
    size_t *end)
{
	size_t k;
	int same = 0;

	for (k = i + 1; k < n && k <= i + 9 && !handle_sentence_end(t, tok, k - 1); k++) {
		if (handle_is(t, tok, n, k, LEX_NEGATION))
			return 0;
		if (handle_is(t, tok, n, k, LEX_SAME) || handle_word_is(t, &tok[k], "igual") ||
		    handle_word_is(t, &tok[k], "uguale"))
			same = 1;
		/* the user name the writer's, here ("mi usuario", "de aca"),
		 * not "el mismo de la cuenta" */
		if (handle_is(t, tok, n, k, LEX_ID) && (handle_is(t, tok, n, k - 1, LEX_POSSESSIVE) ||
		    handle_is(t, tok, n, k - 2, LEX_POSSESSIVE) ||
		    handle_near(t, tok, n, k + 1, k + 4, LEX_STAY, 0) ||
		    (k + 1 < n && handle_word_is(t, &tok[k + 1], "daqui")) ||
		    (k + 2 < n && handle_word_is(t, &tok[k + 2], "daqui"))) &&
		    (same || text_has_class(t, LEX_PROVIDER))) {
			*end = tok[k].end;
			return 1;
		}
	}
	return 0;
}

/* "dejame un mail y te mando la factura", "deixa um e-mail": an address
 * left for the writer, the leaving verb at i (not "leave a review"). */
static int
handle_mail_left(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i,
    size_t *end)
{
	size_t k;

	if (handle_near(t, tok, n, i > 3 ? i - 3 : 0, i, LEX_NEGATION, 0))
		return 0;
	for (k = i + 1; k < n && k <= i + 3; k++) {
		if (handle_gap_has(t, tok, k - 1, ",.;!?"))
			break;
		if (handle_is(t, tok, n, k, LEX_MAIL) && handle_mail_at(t, tok, n, k, i) &&
		    (handle_is(t, tok, n, k - 1, LEX_INDEFINITE) || (k > i + 1 &&
		    handle_is(t, tok, n, k - 2, LEX_INDEFINITE)))) {
			*end = tok[k].end;
			return 1;
		}
	}
	return 0;
}

/* "si me pasas el tuyo", "me passa o teu que eu te dou um toque": theirs
 * asked for, the noun left out, in a message about phones; the asking
 * word at i. */
static int
handle_yours_asked(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i,
    size_t *end)
{
	if (i + 2 >= n || !handle_is(t, tok, n, i + 1, LEX_URL_STOP) ||
	    !handle_is(t, tok, n, i + 2, LEX_YOURS))
		return 0;
	/* the pronoun ends its clause, not "el tuyo pedido" */
	if (!(i + 3 >= n || handle_gap_has(t, tok, i + 2, ",.;!?") ||
	    handle_is(t, tok, n, i + 3, LEX_JOIN) || handle_word_is(t, &tok[i + 3], "que")))
		return 0;
	if ((!text_has_class(t, LEX_PHONE_CUE) && !text_has_class(t, LEX_SMS)) ||
	    handle_near(t, tok, n, i > 3 ? i - 3 : 0, i, LEX_NEGATION, 0))
		return 0;
	*end = tok[i + 2].end;
	return 1;
}

/* A deal past the platform for a price: "hors appli et je te fais 20
 * balles de moins", "fuori dall'app e ti tolgo 30 euro", "te pago no pix
 * direto e vc economiza os 12%", "überweis mir direkt per PayPal, dann
 * kostet's dich 40 weniger". At i, a word of leaving with the app after it
 * ("outside the app", "por fora") or of paying past it ("cash", "pix",
 * "direct", "cancel"); in the text, a price cut or the fee, and a digit
 * for the price when the fee is not named. Not negated nor told as a rule. */
static int
handle_deal_outside(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i,
    uint64_t cl, size_t *end)
{
	size_t k, p, at = i;
	int leaving = 0, digit = 0, cut = 0;

	if (handle_conditional(t, tok, n, i))
		return 0;
	/* "NOT going to wreck that by going off app": a negation in its
	 * sentence before it */
	for (k = i; k > 0 && k + 8 > i && !handle_sentence_end(t, tok, k - 1); k--)
		if (handle_is(t, tok, n, k - 1, LEX_NEGATION) && !handle_is(t, tok, n, k - 1, LEX_PREFER))
			return 0;
	if (cl & LEX_BIT(LEX_OUTSIDE)) {
		if (i > 0 && handle_word_is(t, &tok[i - 1], "por"))
			leaving = 1;
		/* "can we take this offline? the fee ...": moved there */
		if (handle_word_is(t, &tok[i], "offline"))
			for (k = i > 3 ? i - 3 : 0; k < i; k++)
				if (handle_is(t, tok, n, k, LEX_CONTACT) || handle_is(t, tok, n, k, LEX_MOVE) ||
				    handle_word_is(t, &tok[k], "take") || handle_word_is(t, &tok[k], "taking"))
					leaving = 1;
		for (k = i + 1; k < n && k <= i + 3 && !handle_gap_has(t, tok, k - 1, ",.;!?"); k++)
			if (handle_app(t, tok, n, k)) {
				leaving = 1;
				i = k;
				break;
			}
		if (!leaving)
			return 0;
	} else if (!(cl & LEX_BIT(LEX_PAY)))
		return 0;
	if (text_has_class(t, LEX_FEE)) {
		*end = tok[i].end;
		return 1;
	}
	/* the price cut another word than the one of leaving ("off") */
	for (k = 0; k < n && !cut; k++)
		cut = k != at && (handle_is(t, tok, n, k, LEX_CHEAPER) ||
		    handle_is(t, tok, n, k, LEX_AVOID));
	if (!cut)
		return 0;
	for (p = 0; p < t->len && !digit; p++)
		digit = ch_ascii_digit(t->s[p]);
	/* paying alone needs a second word of paying past it or of the two
	 * of them ("me", "te", "dich"): not "its 1,250 cash, less than new" */
	if (!(cl & LEX_BIT(LEX_OUTSIDE)) && !text_has_class(t, LEX_ME) &&
	    !text_has_class(t, LEX_YOU_OBJ))
		return 0;
	if (!digit)
		return 0;
	*end = tok[i].end;
	return 1;
}

/* "text me outside the app", "fuera de la app", "gib mir deine
 * Handynummer", "dammi il tuo numero", "kannst du mir deine Nummer geben":
 * asked to leave, or for a detail; "email me", "schreib mir ne Mail",
 * "envoie moi un mail", "envoie sur mon gmail": asked to write by e-mail. */
static int
handle_off_platform(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i,
    size_t *end)
{
	uint64_t cl = handle_classes(t, tok, n, i);
	size_t k, m;

	if ((cl & LEX_BIT(LEX_NUMBER_NOUN)) && handle_number_asked(t, tok, n, i, end))
		return 1;
	if (handle_short_question(t, tok, n, i, end))
		return 1;
	if ((cl & (LEX_BIT(LEX_MAIL) | LEX_BIT(LEX_PROVIDER))) && !(cl & LEX_BIT(LEX_PROVIDER_WEAK)) &&
	    handle_mail_as_name(t, tok, n, i, end))
		return 1;
	if ((cl & LEX_BIT(LEX_LEAVE)) && handle_mail_left(t, tok, n, i, end))
		return 1;
	if ((cl & LEX_BIT(LEX_ASK)) && handle_yours_asked(t, tok, n, i, end))
		return 1;
	if ((cl & LEX_BIT(LEX_REACH)) && handle_reach_outside(t, tok, n, i, end))
		return 1;
	if ((cl & LEX_BIT(LEX_MEANS)) && handle_other_way(t, tok, n, i, end))
		return 1;
	if ((cl & (LEX_BIT(LEX_REACH) | LEX_BIT(LEX_CONTACT))) && handle_on_my_phone(t, tok, n, i, end))
		return 1;
	if ((cl & LEX_BIT(LEX_SMS)) && handle_sms_move(t, tok, n, i)) {
		*end = tok[i].end;
		return 1;
	}
	if ((cl & (LEX_BIT(LEX_OUTSIDE) | LEX_BIT(LEX_PAY))) && handle_deal_outside(t, tok, n, i, cl, end))
		return 1;
	if ((cl & LEX_BIT(LEX_CONTACT)) && handle_private_move(t, tok, n, i, end))
		return 1;

	/* "we can do it outside the app and skip the fee" */
	if ((cl & LEX_BIT(LEX_OUTSIDE)) && !(cl & LEX_BIT(LEX_NEGATION)) &&
	    !handle_near(t, tok, n, i > 3 ? i - 3 : 0, i, LEX_NEGATION, 0))
		for (k = i + 1; k < n && k <= i + 3; k++)
			if (handle_app(t, tok, n, k) &&
			    (handle_near(t, tok, n, k + 1, k + 9, LEX_FEE, 0) ||
			    handle_near(t, tok, n, i > 8 ? i - 8 : 0, i, LEX_FEE, 0))) {
				*end = tok[k].end;
				return 1;
			}
	/* "außerhalb der App mach ich's dir 30 € billiger": a price for leaving */
	if ((cl & LEX_BIT(LEX_OUTSIDE)) && !handle_near(t, tok, n, i > 3 ? i - 3 : 0, i, LEX_NEGATION, 0))
		for (k = i + 1; k < n && k <= i + 3; k++)
			if (handle_app(t, tok, n, k) && handle_near(t, tok, n, k + 1, k + 8, LEX_CHEAPER, 0)) {
				*end = tok[k].end;
				return 1;
			}
	/* "pay cash and we both skip the fee", "sparen wir beide die Gebühr":
	 * the platform's fee dodged by paying past it */
	if ((cl & LEX_BIT(LEX_AVOID)) && !handle_near(t, tok, n, i > 2 ? i - 2 : 0, i, LEX_NEGATION, 0) &&
	    handle_near(t, tok, n, i + 1, i + 5, LEX_FEE, 0) && text_has_class(t, LEX_PAY)) {
		*end = tok[i].end;
		return 1;
	}
	if (!(cl & (LEX_BIT(LEX_MAIL) | LEX_BIT(LEX_PROVIDER) | LEX_BIT(LEX_CONTACT) | LEX_BIT(LEX_ASK) |
	    LEX_BIT(LEX_YOUR) | LEX_BIT(LEX_PHONE_CUE) | LEX_BIT(LEX_URL_CUE))))
		return 0;
	/* "nao me passa teu zap, fica por aqui", "no voy a dar mi mail"; not
	 * "no, pasame tu numero" (the negation is another clause's) */
	for (k = i; k-- > 0 && k + 3 >= i && !handle_gap_has(t, tok, k, ",.;!?");)
		if (handle_is(t, tok, n, k, LEX_NEGATION))
			return 0;
	/* "email me", "gmail me", "email it to me"; not "the app will email
	 * me the receipt" (told, not asked) */
	if ((cl & (LEX_BIT(LEX_MAIL) | LEX_BIT(LEX_PROVIDER))) && !(cl & LEX_BIT(LEX_PROVIDER_WEAK)) &&
	    handle_mail_at(t, tok, n, i, i) && !handle_told(t, tok, n, i)) {
		m = i + 1;
		if (m + 2 < n && handle_word_is(t, &tok[m + 1], "to") &&
		    handle_is(t, tok, n, m + 2, LEX_ME) && !handle_is(t, tok, n, m, LEX_ME))
			m += 2;		/* "email it to me" */
		if (handle_is(t, tok, n, m, LEX_ME)) {
			*end = tok[m].end;
			return 1;
		}
	}
	if (cl & (LEX_BIT(LEX_CONTACT) | LEX_BIT(LEX_ASK))) {
		for (k = i + 1; k < n && k <= i + 2; k++)
			if (handle_is(t, tok, n, k, LEX_ME))
				for (m = k + 1; m < n && m <= k + 4; m++)
					if (handle_mail_at(t, tok, n, m, i)) {
						*end = tok[m].end;
						return 1;
					}
		/* "mandamelo a tu mail": the verb to me, glued */
		if (handle_to_me(t, tok, n, i))
			for (m = i + 1; m < n && m <= i + 3; m++)
				if (handle_mail_at(t, tok, n, m, i)) {
					*end = tok[m].end;
					return 1;
				}
		/* "envoie sur mon gmail", "manda no meu gmail", "write to my email" */
		for (k = i + 1; k < n && k <= i + 3; k++)
			if (handle_is(t, tok, n, k, LEX_POSSESSIVE) && handle_mail_at(t, tok, n, k + 1, i)) {
				*end = tok[k + 1].end;
				return 1;
			}
		/* "escribime al hotmail", "me procura no gmail": to me, at a
		 * provider (not "busca en gmail el correo") */
		if (handle_to_me(t, tok, n, i) && handle_is(t, tok, n, i + 1, LEX_PREP) &&
		    i + 2 < n && handle_is(t, tok, n, i + 2, LEX_PROVIDER) &&
		    handle_mail_at(t, tok, n, i + 2, i)) {
			*end = tok[i + 2].end;
			return 1;
		}
	}
	/* "link na bio", "te dejo mi numero en la descripcion del perfil": the
	 * detail left where the other will find it */
	if ((cl & (LEX_BIT(LEX_PHONE_CUE) | LEX_BIT(LEX_URL_CUE) | LEX_BIT(LEX_MAIL))) &&
	    !(cl & LEX_BIT(LEX_REF)) && !handle_asked(t, tok, i))	/* not "... the phone field on my profile, any idea?" */
		for (k = i + 1; k < n && k <= i + 6; k++) {
			if (handle_is(t, tok, n, k, LEX_REF) || handle_is(t, tok, n, k, LEX_NEGATION))
				break;
			if (handle_is(t, tok, n, k, LEX_WHERE) &&
			    (handle_is(t, tok, n, k - 1, LEX_POSSESSIVE) ||
			    (k > 2 && handle_is(t, tok, n, k - 3, LEX_POSSESSIVE)) ||	/* "ma photo de profil" */
			    (k > 1 && handle_is(t, tok, n, k - 2, LEX_ME)) ||	/* "bei mir im Profil" */
			    (i > 0 && handle_is(t, tok, n, i - 1, LEX_POSSESSIVE)) ||
			    (tok[k].end - tok[k].start == 3 && memcmp(t->s + tok[k].start, "bio", 3) == 0))) {
				*end = tok[k].end;
				return 1;
			}
		}
	/* "your number, give it to me"; not "i got your email, what is your
	 * address" (another clause asks) */
	if ((cl & LEX_BIT(LEX_YOUR)) && handle_your_detail(t, tok, n, i))
		for (k = i + 2; k < n && k <= i + 4 && !handle_gap_has(t, tok, k - 1, ",.;!?"); k++)
			if (handle_is(t, tok, n, k, LEX_ASK)) {
				*end = tok[k].end;
				return 1;
			}
	/* "fechamos por fora do app", "podemos combinar por fora e eu tiro a
	 * taxa": a deal outside the app, or outside for the fee; not "if you
	 * pay outside the app you lose all protection" */
	if ((cl & LEX_BIT(LEX_CONTACT)) && !handle_conditional(t, tok, n, i)) {
		for (k = i + 1; k < n && k <= i + 4; k++) {
			if (!handle_is(t, tok, n, k, LEX_OUTSIDE))
				continue;
			/* not "text me when you're outside, through the app" */
			for (m = k + 1; m < n && m <= k + 3 && !handle_gap_has(t, tok, m - 1, ",.;!?"); m++)
				if (handle_app(t, tok, n, m)) {
					*end = tok[m].end;
					return 1;
				}
			if (handle_word_is(t, &tok[k - 1], "por")) {
				*end = tok[k].end;
				return 1;
			}
			for (m = k + 1; m < n && m <= k + 8; m++)
				if (handle_is(t, tok, n, m, LEX_FEE)) {
					*end = tok[m].end;
					return 1;
				}
		}
	}
	if (cl & LEX_BIT(LEX_ASK)) {
		/* not "envoie pas ton numero ici" */
		for (k = i + 1; k < n && k <= i + 3 && !handle_is(t, tok, n, k, LEX_NEGATION); k++)
			if (handle_your_detail(t, tok, n, k)) {
				*end = tok[k + 1].end;
				return 1;
			}
	}
	return 0;
}

void
handle_scan(const struct ntext *t, struct detect_sink *k)
{
	struct handle_token stack[HANDLE_STACK_TOKENS], *tok = stack;
	char value[DETECT_VALUE_MAX], w[HANDLE_WORD_MAX];
	size_t n, i, max = HANDLE_STACK_TOKENS, start, end;
	int found, any_platform = 0, stay = -1;

	if (t->len / 2 + 2 > max) {
		struct handle_token *heap = malloc((t->len / 2 + 2) * sizeof(*heap));

		/* Out of memory: judge the first words rather than nothing. */
		if (heap != NULL) {
			tok = heap;
			max = t->len / 2 + 2;
		}
	}
	n = handle_tokenise(t, tok, max);
	handle_platforms(t, tok, n);
	for (i = 0; i < n; i++)
		if (tok[i].platform != PLATFORM_NONE)
			any_platform = 1;
	for (i = 0; i < n && !sink_done(k); i++) {
		found = 0;
		if (tok[i].handle) {
			if (handle_mention(t, tok, n, i, any_platform) &&
			    handle_text(t, &tok[i], w, sizeof(w)) > 0) {
				snprintf(value, sizeof(value), "@%s", w);
				sink_add(k, DETECT_HANDLE, t, tok[i].start - 1, tok[i].end, value);
			}
			continue;
		}
		if (tok[i].verb)	/* "whatsappami", unless "non" before it */
			found = !handle_near(t, tok, n, i > 3 ? i - 3 : 0, i, LEX_NEGATION, 0);
		else if (tok[i].platform == PLATFORM_MESSAGING) {
			if (stay < 0)
				stay = handle_stay_said(t, tok, n);
			found = handle_messaging(t, tok, n, i, stay && handle_stay(t, tok, n, i));
		} else if (tok[i].platform != PLATFORM_NONE)
			found = handle_channel(t, tok, n, i);
		if (found) {
			handle_value(t, tok, n, i, value, sizeof(value), &start, &end);
			sink_add(k, DETECT_HANDLE, t, start, end, value);
		}
	}
	for (i = 0; i < n && !sink_done(k); i++)
		if (handle_off_platform(t, tok, n, i, &end)) {
			sink_add(k, DETECT_HANDLE, t, tok[i].start, end, "off-platform");
			break;
		}
	if (tok != stack)
		free(tok);
}
