/*
 * detect_text: what the detectors share. One pass normalises the text
 * (norm_char); the lexicon merges the language tables (lang_*.c) into one
 * hash table at first use; '@'/'.' markers, domains and TLDs are common to
 * e-mail addresses and links.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhooks/base/utf8.h"

#include "detect_int.h"

enum norm_how {
	NORM_CHAR,		/* the whole range becomes .to (0: removed) */
	NORM_DIGIT,		/* a run of decimal digits starting at value .to */
	NORM_STYLED_DIGIT,	/* the same, counted as a decorated digit */
	NORM_LETTER		/* a run of letters: (cp - first + .to) % 26 */
};

struct norm_range {
	uint32_t      first, last;
	unsigned char how, to;
};

/* Sorted by first; ranges do not overlap. */
static const struct norm_range norm_ranges[] = {
	{ 0x00a0, 0x00a0, NORM_CHAR, ' ' }, { 0x00a2, 0x00a5, NORM_CHAR, '$' },
	{ 0x00ad, 0x00ad, NORM_CHAR, 0 },
	{ 0x00b2, 0x00b3, NORM_STYLED_DIGIT, 2 }, { 0x00b7, 0x00b7, NORM_CHAR, '.' },
	{ 0x00b9, 0x00b9, NORM_STYLED_DIGIT, 1 },
	{ 0x0251, 0x0251, NORM_CHAR, 'a' }, { 0x0261, 0x0262, NORM_CHAR, 'g' },
	{ 0x026a, 0x026a, NORM_CHAR, 'i' }, { 0x0274, 0x0274, NORM_CHAR, 'n' },
	{ 0x0280, 0x0280, NORM_CHAR, 'r' }, { 0x028f, 0x028f, NORM_CHAR, 'y' },
	{ 0x0299, 0x0299, NORM_CHAR, 'b' }, { 0x029c, 0x029c, NORM_CHAR, 'h' },
	{ 0x029f, 0x029f, NORM_CHAR, 'l' }, { 0x02bc, 0x02bc, NORM_CHAR, '\'' },
	{ 0x0300, 0x036f, NORM_CHAR, 0 },
	{ 0x0391, 0x0391, NORM_CHAR, 'a' }, { 0x0392, 0x0392, NORM_CHAR, 'b' },
	{ 0x0395, 0x0395, NORM_CHAR, 'e' }, { 0x0396, 0x0396, NORM_CHAR, 'z' },
	{ 0x0397, 0x0397, NORM_CHAR, 'h' }, { 0x0399, 0x0399, NORM_CHAR, 'i' },
	{ 0x039a, 0x039a, NORM_CHAR, 'k' }, { 0x039c, 0x039c, NORM_CHAR, 'm' },
	{ 0x039d, 0x039d, NORM_CHAR, 'n' }, { 0x039f, 0x039f, NORM_CHAR, 'o' },
	{ 0x03a1, 0x03a1, NORM_CHAR, 'p' }, { 0x03a4, 0x03a4, NORM_CHAR, 't' },
	{ 0x03a5, 0x03a5, NORM_CHAR, 'y' }, { 0x03a7, 0x03a7, NORM_CHAR, 'x' },
	{ 0x03b1, 0x03b1, NORM_CHAR, 'a' }, { 0x03b9, 0x03b9, NORM_CHAR, 'i' },
	{ 0x03ba, 0x03ba, NORM_CHAR, 'k' }, { 0x03bd, 0x03bd, NORM_CHAR, 'v' },
	{ 0x03bf, 0x03bf, NORM_CHAR, 'o' }, { 0x03c1, 0x03c1, NORM_CHAR, 'p' },
	{ 0x03c5, 0x03c5, NORM_CHAR, 'u' }, { 0x03c7, 0x03c7, NORM_CHAR, 'x' },
	{ 0x0405, 0x0405, NORM_CHAR, 's' }, { 0x0406, 0x0406, NORM_CHAR, 'i' },
	{ 0x0408, 0x0408, NORM_CHAR, 'j' }, { 0x0410, 0x0410, NORM_CHAR, 'a' },
	{ 0x0412, 0x0412, NORM_CHAR, 'b' }, { 0x0415, 0x0415, NORM_CHAR, 'e' },
	{ 0x041a, 0x041a, NORM_CHAR, 'k' }, { 0x041c, 0x041c, NORM_CHAR, 'm' },
	{ 0x041d, 0x041d, NORM_CHAR, 'h' }, { 0x041e, 0x041e, NORM_CHAR, 'o' },
	{ 0x0420, 0x0420, NORM_CHAR, 'p' }, { 0x0421, 0x0421, NORM_CHAR, 'c' },
	{ 0x0422, 0x0422, NORM_CHAR, 't' }, { 0x0423, 0x0423, NORM_CHAR, 'y' },
	{ 0x0425, 0x0425, NORM_CHAR, 'x' }, { 0x0430, 0x0430, NORM_CHAR, 'a' },
	{ 0x0435, 0x0435, NORM_CHAR, 'e' }, { 0x043e, 0x043e, NORM_CHAR, 'o' },
	{ 0x0440, 0x0440, NORM_CHAR, 'p' }, { 0x0441, 0x0441, NORM_CHAR, 'c' },
	{ 0x0443, 0x0443, NORM_CHAR, 'y' }, { 0x0445, 0x0445, NORM_CHAR, 'x' },
	{ 0x0455, 0x0455, NORM_CHAR, 's' }, { 0x0456, 0x0456, NORM_CHAR, 'i' },
	{ 0x0458, 0x0458, NORM_CHAR, 'j' }, { 0x04bb, 0x04bb, NORM_CHAR, 'h' },
	{ 0x0501, 0x0501, NORM_CHAR, 'd' }, { 0x051b, 0x051b, NORM_CHAR, 'q' },
	{ 0x051d, 0x051d, NORM_CHAR, 'w' }, { 0x061c, 0x061c, NORM_CHAR, 0 },
	{ 0x0660, 0x0669, NORM_DIGIT, 0 }, { 0x06d4, 0x06d4, NORM_CHAR, '.' },
	{ 0x06f0, 0x06f9, NORM_DIGIT, 0 }, { 0x07c0, 0x07c9, NORM_DIGIT, 0 },
	{ 0x0966, 0x096f, NORM_DIGIT, 0 }, { 0x09e6, 0x09ef, NORM_DIGIT, 0 },
	{ 0x0a66, 0x0a6f, NORM_DIGIT, 0 }, { 0x0ae6, 0x0aef, NORM_DIGIT, 0 },
	{ 0x0b66, 0x0b6f, NORM_DIGIT, 0 }, { 0x0be6, 0x0bef, NORM_DIGIT, 0 },
	{ 0x0c66, 0x0c6f, NORM_DIGIT, 0 }, { 0x0ce6, 0x0cef, NORM_DIGIT, 0 },
	{ 0x0d66, 0x0d6f, NORM_DIGIT, 0 }, { 0x0de6, 0x0def, NORM_DIGIT, 0 },
	{ 0x0e50, 0x0e59, NORM_DIGIT, 0 }, { 0x0ed0, 0x0ed9, NORM_DIGIT, 0 },
	{ 0x0f20, 0x0f29, NORM_DIGIT, 0 }, { 0x1040, 0x1049, NORM_DIGIT, 0 },
	{ 0x1090, 0x1099, NORM_DIGIT, 0 }, { 0x115f, 0x1160, NORM_CHAR, 0 },
	{ 0x1680, 0x1680, NORM_CHAR, ' ' }, { 0x17b4, 0x17b5, NORM_CHAR, 0 },
	{ 0x17e0, 0x17e9, NORM_DIGIT, 0 }, { 0x180b, 0x180f, NORM_CHAR, 0 },
	{ 0x1810, 0x1819, NORM_DIGIT, 0 }, { 0x1946, 0x194f, NORM_DIGIT, 0 },
	{ 0x19d0, 0x19d9, NORM_DIGIT, 0 }, { 0x1a80, 0x1a89, NORM_DIGIT, 0 },
	{ 0x1a90, 0x1a99, NORM_DIGIT, 0 }, { 0x1ab0, 0x1aff, NORM_CHAR, 0 },
	{ 0x1b50, 0x1b59, NORM_DIGIT, 0 }, { 0x1bb0, 0x1bb9, NORM_DIGIT, 0 },
	{ 0x1c40, 0x1c49, NORM_DIGIT, 0 }, { 0x1c50, 0x1c59, NORM_DIGIT, 0 },
	{ 0x1d00, 0x1d00, NORM_CHAR, 'a' }, { 0x1d04, 0x1d04, NORM_CHAR, 'c' },
	{ 0x1d05, 0x1d05, NORM_CHAR, 'd' }, { 0x1d07, 0x1d07, NORM_CHAR, 'e' },
	{ 0x1d0a, 0x1d0a, NORM_CHAR, 'j' }, { 0x1d0b, 0x1d0b, NORM_CHAR, 'k' },
	{ 0x1d0d, 0x1d0d, NORM_CHAR, 'm' }, { 0x1d0f, 0x1d0f, NORM_CHAR, 'o' },
	{ 0x1d18, 0x1d18, NORM_CHAR, 'p' }, { 0x1d1b, 0x1d1b, NORM_CHAR, 't' },
	{ 0x1d1c, 0x1d1c, NORM_CHAR, 'u' }, { 0x1d20, 0x1d20, NORM_CHAR, 'v' },
	{ 0x1d21, 0x1d21, NORM_CHAR, 'w' }, { 0x1d22, 0x1d22, NORM_CHAR, 'z' },
	{ 0x1dc0, 0x1dff, NORM_CHAR, 0 },
	{ 0x2000, 0x200a, NORM_CHAR, ' ' }, { 0x200b, 0x200f, NORM_CHAR, 0 },
	{ 0x2010, 0x2015, NORM_CHAR, '-' }, { 0x2018, 0x201b, NORM_CHAR, '\'' },
	{ 0x201c, 0x201f, NORM_CHAR, '"' }, { 0x2022, 0x2022, NORM_CHAR, '.' },
	{ 0x2024, 0x2024, NORM_CHAR, '.' }, { 0x2027, 0x2027, NORM_CHAR, '.' },
	{ 0x2028, 0x2029, NORM_CHAR, ' ' }, { 0x202a, 0x202e, NORM_CHAR, 0 },
	{ 0x202f, 0x202f, NORM_CHAR, ' ' }, { 0x2032, 0x2032, NORM_CHAR, '\'' },
	{ 0x2043, 0x2043, NORM_CHAR, '-' }, { 0x2044, 0x2044, NORM_CHAR, '/' },
	{ 0x205f, 0x205f, NORM_CHAR, ' ' }, { 0x2060, 0x206f, NORM_CHAR, 0 },
	{ 0x2070, 0x2070, NORM_STYLED_DIGIT, 0 }, { 0x2074, 0x2079, NORM_STYLED_DIGIT, 4 },
	{ 0x207a, 0x207a, NORM_CHAR, '+' }, { 0x2080, 0x2089, NORM_STYLED_DIGIT, 0 },
	{ 0x208a, 0x208a, NORM_CHAR, '+' }, { 0x20a0, 0x20c0, NORM_CHAR, '$' },
	{ 0x20d0, 0x20ff, NORM_CHAR, 0 },
	{ 0x2102, 0x2102, NORM_CHAR, 'c' }, { 0x210a, 0x210a, NORM_CHAR, 'g' },
	{ 0x210b, 0x210e, NORM_CHAR, 'h' }, { 0x2110, 0x2111, NORM_CHAR, 'i' },
	{ 0x2112, 0x2113, NORM_CHAR, 'l' }, { 0x2115, 0x2115, NORM_CHAR, 'n' },
	{ 0x2119, 0x2119, NORM_CHAR, 'p' }, { 0x211a, 0x211a, NORM_CHAR, 'q' },
	{ 0x211b, 0x211d, NORM_CHAR, 'r' }, { 0x2124, 0x2124, NORM_CHAR, 'z' },
	{ 0x2128, 0x2128, NORM_CHAR, 'z' }, { 0x212c, 0x212c, NORM_CHAR, 'b' },
	{ 0x212d, 0x212d, NORM_CHAR, 'c' }, { 0x212f, 0x2130, NORM_CHAR, 'e' },
	{ 0x2131, 0x2131, NORM_CHAR, 'f' }, { 0x2133, 0x2133, NORM_CHAR, 'm' },
	{ 0x2134, 0x2134, NORM_CHAR, 'o' }, { 0x2212, 0x2212, NORM_CHAR, '-' },
	{ 0x2215, 0x2215, NORM_CHAR, '/' }, { 0x2219, 0x2219, NORM_CHAR, '.' },
	{ 0x2236, 0x2236, NORM_CHAR, ':' }, { 0x22c5, 0x22c5, NORM_CHAR, '.' },
	{ 0x2460, 0x2468, NORM_STYLED_DIGIT, 1 }, { 0x2474, 0x247c, NORM_STYLED_DIGIT, 1 },
	{ 0x2488, 0x2490, NORM_STYLED_DIGIT, 1 }, { 0x249c, 0x24b5, NORM_LETTER, 0 },
	{ 0x24b6, 0x24cf, NORM_LETTER, 0 }, { 0x24d0, 0x24e9, NORM_LETTER, 0 },
	{ 0x24ea, 0x24ea, NORM_STYLED_DIGIT, 0 }, { 0x24f5, 0x24fd, NORM_STYLED_DIGIT, 1 },
	{ 0x24ff, 0x24ff, NORM_STYLED_DIGIT, 0 }, { 0x2776, 0x277e, NORM_STYLED_DIGIT, 1 },
	{ 0x2780, 0x2788, NORM_STYLED_DIGIT, 1 }, { 0x278a, 0x2792, NORM_STYLED_DIGIT, 1 },
	{ 0x2795, 0x2795, NORM_CHAR, '+' }, { 0x29f8, 0x29f8, NORM_CHAR, '/' },
	{ 0x3000, 0x3000, NORM_CHAR, ' ' }, { 0x3002, 0x3002, NORM_CHAR, '.' },
	{ 0x3010, 0x3010, NORM_CHAR, '[' }, { 0x3011, 0x3011, NORM_CHAR, ']' },
	{ 0x3164, 0x3164, NORM_CHAR, 0 },
	{ 0xa620, 0xa629, NORM_DIGIT, 0 }, { 0xa8d0, 0xa8d9, NORM_DIGIT, 0 },
	{ 0xa900, 0xa909, NORM_DIGIT, 0 }, { 0xa9d0, 0xa9d9, NORM_DIGIT, 0 },
	{ 0xa9f0, 0xa9f9, NORM_DIGIT, 0 }, { 0xaa50, 0xaa59, NORM_DIGIT, 0 },
	{ 0xabf0, 0xabf9, NORM_DIGIT, 0 },
	{ 0xfe00, 0xfe0f, NORM_CHAR, 0 }, { 0xfe20, 0xfe2f, NORM_CHAR, 0 },
	{ 0xfe52, 0xfe52, NORM_CHAR, '.' }, { 0xfe55, 0xfe55, NORM_CHAR, ':' },
	{ 0xfe58, 0xfe58, NORM_CHAR, '-' }, { 0xfe59, 0xfe59, NORM_CHAR, '(' },
	{ 0xfe5a, 0xfe5a, NORM_CHAR, ')' }, { 0xfe62, 0xfe62, NORM_CHAR, '+' },
	{ 0xfe63, 0xfe63, NORM_CHAR, '-' }, { 0xfe6b, 0xfe6b, NORM_CHAR, '@' },
	{ 0xfeff, 0xfeff, NORM_CHAR, 0 }, { 0xff61, 0xff61, NORM_CHAR, '.' },
	{ 0xffa0, 0xffa0, NORM_CHAR, 0 },
	{ 0x1bca0, 0x1bca3, NORM_CHAR, 0 },
	{ 0x1d400, 0x1d6a3, NORM_LETTER, 0 }, { 0x1d7ce, 0x1d7ff, NORM_STYLED_DIGIT, 0 },
	{ 0x1f100, 0x1f10a, NORM_STYLED_DIGIT, 0 }, { 0x1f130, 0x1f149, NORM_LETTER, 0 },
	{ 0x1f150, 0x1f169, NORM_LETTER, 0 }, { 0x1f170, 0x1f189, NORM_LETTER, 0 },
	{ 0x1f1e6, 0x1f1ff, NORM_LETTER, 0 }, { 0x1fbf0, 0x1fbf9, NORM_STYLED_DIGIT, 0 },
	{ 0xe0000, 0xe0fff, NORM_CHAR, 0 },
};

/* U+00C0-U+00FF and U+0100-U+017F without their accents ('?': no ASCII twin). */
static const char norm_latin1[] =
    "aaaaaaaceeeeiiiidnoooooxouuuuy?saaaaaaaceeeeiiiidnooooo?ouuuuy?y";
static const char norm_latin_ext[] =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
    "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
_Static_assert(sizeof(norm_latin1) == 0x40 + 1, "U+00C0-U+00FF");
_Static_assert(sizeof(norm_latin_ext) == 0x80 + 1, "U+0100-U+017F");
/* Decode one UTF-8 sequence; an invalid byte decodes as U+FFFD of length 1
 * so that a broken text is still judged rather than refused. */
static size_t
norm_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t n = utf8_decode((const char *)s, len, cp);

	if (n == 0) {
		*cp = 0xfffd;
		return 1;
	}
	return n;
}

/* The normalised byte for one character; 0 when it is dropped. */
static unsigned char
norm_char(uint32_t cp)
{
	size_t lo = 0, hi = NITEMS(norm_ranges), mid;
	const struct norm_range *r;
	char c;

	if (cp >= 0xff01 && cp <= 0xff5e)	/* full-width ASCII */
		cp -= 0xfee0;
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			return (unsigned char)(cp + ('a' - 'A'));
		if (cp < 0x20 || cp == 0x7f)
			return ' ';
		return (unsigned char)cp;
	}
	if (cp >= 0xc0 && cp < 0x180) {
		c = cp < 0x100 ? norm_latin1[cp - 0xc0] : norm_latin_ext[cp - 0x100];
		return c == '?' ? NORM_OTHER : (unsigned char)c;
	}
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = &norm_ranges[mid];
		if (cp < r->first)
			hi = mid;
		else if (cp > r->last)
			lo = mid + 1;
		else {
			switch (r->how) {
			case NORM_DIGIT:
				return (unsigned char)('0' + (cp - r->first + r->to) % 10);
			case NORM_STYLED_DIGIT:
				return (unsigned char)(NORM_STYLED + (cp - r->first + r->to) % 10);
			case NORM_LETTER:
				return (unsigned char)('a' + (cp - r->first + r->to) % 26);
			default:
				return r->to;
			}
		}
	}
	return NORM_OTHER;
}


/* Normalise text[0..len) into out and at; returns the length. A keycap
 * (U+20E3) or a variation selector after a digit makes it a decorated
 * digit ("4️⃣"), as does the keycap ten (U+1F51F, "10"). */
size_t
norm_text(const char *text, size_t len, unsigned char *out, uint32_t *at)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, n = 0, step;
	uint32_t cp;
	unsigned char c;

	while (i < len) {
		if (s[i] < 0x80) {
			c = norm_char(s[i]);
			step = 1;
		} else {
			step = norm_decode(s + i, len - i, &cp);
			if (cp == 0x20e3 && n > 0 && ch_ascii_digit(out[n - 1]))
				out[n - 1] = (unsigned char)(NORM_STYLED + out[n - 1] - '0');
			if (cp == 0x1f51f && n + 2 <= len) {
				at[n] = (uint32_t)i;
				out[n++] = NORM_STYLED + 1;
				at[n] = (uint32_t)i;
				out[n++] = NORM_STYLED;
				i += step;
				continue;
			}
			c = norm_char(cp);
		}
		if (c != 0) {
			at[n] = (uint32_t)i;
			out[n++] = c;
		}
		i += step;
	}
	at[n] = (uint32_t)len;
	return n;
}

/*
 * The lexicon: an open-addressing hash table of every word in the language
 * tables with the classes it belongs to, and its platform. Built once, on
 * first use; read-only afterwards.
 */
#define LEX_SLOTS	8192	/* a power of two, well above the words listed */
#define LEX_WORD_MAX	24
#define LEX_PHRASES	64
#define LEX_NUMBERS	1024

struct lex_entry {
	char                        word[LEX_WORD_MAX];
	unsigned char               len;
	unsigned char               platform;
	const char                 *canonical;
	uint64_t                    classes;
};

static struct lex_entry lex_table[LEX_SLOTS];
static struct {
	const char    *text;
	size_t         len;
	enum lex_class c;
} lex_phrases[LEX_PHRASES];
static size_t lex_phrase_count;

static const struct lang_number *num_words[LEX_NUMBERS];
static unsigned char num_lens[LEX_NUMBERS];
static uint16_t num_bucket_start[27 * 27 + 1];
static uint16_t num_bucket[LEX_NUMBERS];
static struct lex_numbers num_index;
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

static uint32_t
lex_hash(const unsigned char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

static struct lex_entry *
lex_slot(const unsigned char *s, size_t n, int create)
{
	uint32_t h = lex_hash(s, n) & (LEX_SLOTS - 1);
	struct lex_entry *e;

	for (;;) {
		e = &lex_table[h];
		if (e->len == 0) {
			if (!create)
				return NULL;
			memcpy(e->word, s, n);
			e->len = (unsigned char)n;
			return e;
		}
		if (e->len == n && memcmp(e->word, s, n) == 0)
			return e;
		h = (h + 1) & (LEX_SLOTS - 1);
	}
}

static int
num_bucket_of(const char *w)
{
	int a = w[0] >= 'a' && w[0] <= 'z' ? w[0] - 'a' + 1 : 0;
	int b = w[1] >= 'a' && w[1] <= 'z' ? w[1] - 'a' + 1 : 0;

	return a * 27 + b;
}

/* The tables are the program's own: a word too long or too many words is
 * a mistake in them, caught by the first test run. */
static void
lex_build(void)
{
	const struct detect_lang *l;
	const struct lang_platform *p;
	const struct lang_number *nw;
	struct lex_entry *e;
	size_t i, c, n, count = 0, k;
	const char *const *w;
	uint16_t fill[27 * 27];
	int b;

	for (i = 0; i < detect_lang_count; i++) {
		l = detect_langs[i];
		for (c = 0; c < LEX_CLASSES; c++) {
			for (w = l->words[c]; w != NULL && *w != NULL; w++) {
				n = strlen(*w);
				if (n == 0 || n >= LEX_WORD_MAX)
					abort();
				if (strchr(*w, ' ') != NULL) {
					if (lex_phrase_count == LEX_PHRASES)
						abort();
					lex_phrases[lex_phrase_count].text = *w;
					lex_phrases[lex_phrase_count].len = n;
					lex_phrases[lex_phrase_count++].c = (enum lex_class)c;
					continue;
				}
				e = lex_slot((const unsigned char *)*w, n, 1);
				e->classes |= LEX_BIT(c);
			}
		}
		for (p = l->platforms; p != NULL && p->text != NULL; p++) {
			char folded[LEX_WORD_MAX];

			for (n = 0, k = 0; p->text[k] != '\0'; k++)
				if (n == 0 || folded[n - 1] != p->text[k]) {
					if (n + 1 >= LEX_WORD_MAX)
						abort();
					folded[n++] = p->text[k];
				}
			if (n == 0)
				abort();
			e = lex_slot((const unsigned char *)folded, n, 1);
			if (p->platform > e->platform) {
				e->platform = p->platform;
				e->canonical = p->canonical;
			}
		}
		for (nw = l->numbers; nw != NULL && nw->text != NULL; nw++) {
			if (count == LEX_NUMBERS || strlen(nw->text) < 1)
				abort();
			num_words[count] = nw;
			num_lens[count++] = (unsigned char)strlen(nw->text);
		}
	}
	memset(num_bucket_start, 0, sizeof(num_bucket_start));
	for (k = 0; k < count; k++)
		num_bucket_start[num_bucket_of(num_words[k]->text) + 1]++;
	for (k = 1; k <= 27 * 27; k++)
		num_bucket_start[k] = (uint16_t)(num_bucket_start[k] + num_bucket_start[k - 1]);
	memcpy(fill, num_bucket_start, sizeof(fill));
	for (k = 0; k < count; k++) {
		b = num_bucket_of(num_words[k]->text);
		num_bucket[fill[b]++] = (uint16_t)k;
	}
	num_index.words = num_words;
	num_index.lens = num_lens;
	num_index.bucket_start = num_bucket_start;
	num_index.bucket = num_bucket;
}

static void
lex_ready(void)
{
	pthread_once(&lex_once, lex_build);
}

uint64_t
lex_classes(const unsigned char *s, size_t n)
{
	const struct lex_entry *e;

	if (n == 0 || n >= LEX_WORD_MAX)
		return 0;
	lex_ready();
	e = lex_slot(s, n, 0);
	return e != NULL ? e->classes : 0;
}

unsigned char
lex_platform(const char *folded, const char **canonical)
{
	const struct lex_entry *e;
	size_t n = strlen(folded);

	if (n == 0 || n >= LEX_WORD_MAX)
		return PLATFORM_NONE;
	lex_ready();
	e = lex_slot((const unsigned char *)folded, n, 0);
	if (e == NULL || e->platform == PLATFORM_NONE)
		return PLATFORM_NONE;
	if (canonical != NULL)
		*canonical = e->canonical;
	return e->platform;
}

const struct lex_numbers *
lex_numbers(void)
{
	lex_ready();
	return &num_index;
}

size_t
word_at(const struct ntext *t, size_t p, enum lex_class c)
{
	size_t n, k;

	if (p >= t->len || (p > 0 && ch_alnum(t->s[p - 1])))
		return 0;
	for (k = 0; k < lex_phrase_count; k++) {
		n = lex_phrases[k].len;
		if (lex_phrases[k].c == c && n <= t->len - p &&
		    memcmp(t->s + p, lex_phrases[k].text, n) == 0 &&
		    (p + n == t->len || !ch_alnum(t->s[p + n])))
			return n;
	}
	for (n = 0; p + n < t->len && ch_letter(t->s[p + n]); n++)
		;
	if (n == 0 || (p + n < t->len && ch_ascii_digit(t->s[p + n])))
		return 0;
	return lex_is(t->s + p, n, c) ? n : 0;
}

size_t
word_before(const struct ntext *t, size_t p, const char *skip, size_t max, size_t *start)
{
	size_t q = p, n = 0;

	while (q > 0 && n < max && t->s[q - 1] != 0 && strchr(skip, t->s[q - 1]) != NULL) {
		q--;
		n++;
	}
	*start = q;
	while (*start > 0 && ch_letter(t->s[*start - 1]))
		(*start)--;
	return q - *start;
}

size_t
skip_spaces(const struct ntext *t, size_t p, size_t max)
{
	size_t n = 0;

	while (p < t->len && t->s[p] == ' ' && n < max) {
		p++;
		n++;
	}
	return p;
}

int
text_has_class(const struct ntext *t, enum lex_class c)
{
	return text_has_word(t, c, 1);
}

int
text_has_word(const struct ntext *t, enum lex_class c, size_t min_len)
{
	size_t p = 0, q;

	while (p < t->len) {
		if (!ch_letter(t->s[p])) {
			p++;
			continue;
		}
		for (q = p; q < t->len && ch_letter(t->s[q]); q++)
			;
		if (q - p >= min_len && lex_is(t->s + p, q - p, c))
			return 1;
		p = q;
	}
	return 0;
}

int
sink_done(const struct detect_sink *k)
{
	return k->max == 0 ? k->n > 0 : k->n >= k->max;
}

int
sink_add(struct detect_sink *k, enum detect_kind kind, const struct ntext *t, size_t a,
    size_t b, const char *value)
{
	struct detect_found *f;
	size_t i;

	if (sink_done(k))
		return 1;
	if (k->max > 0) {
		for (i = 0; i < k->n; i++)	/* overlapping spans of one kind: once */
			if (k->out[i].kind == kind && k->out[i].start < t->at[b] &&
			    t->at[a] < k->out[i].end)
				return 0;
		f = &k->out[k->n];
		f->kind = kind;
		f->start = t->at[a];
		f->end = t->at[b];
		snprintf(f->value, sizeof(f->value), "%s", value);
	}
	k->n++;
	return sink_done(k);
}

/*
 * E-mail addresses and links share their parts: a marker is '@' or '.' as
 * written, spaced ("name @ example . com"), bracketed ("(at)", "[.]") or
 * spelled out ("at", "dot"); a domain is labels joined by dot markers ending
 * in a known top-level domain. Spelled-out forms need a TLD from the table;
 * those TLDs that are also everyday words or abbreviations ("in", "me",
 * "it", "st", "app") are "weak": they count only with stronger evidence (a
 * path, a scheme, "www", a written '@').
 */
static const struct tld tlds[] = {
	{ "ac", 0 }, { "ad", 1 }, { "ae", 0 }, { "af", 0 }, { "ag", 0 }, { "ai", 0 },
	{ "al", 1 }, { "am", 1 }, { "ao", 1 }, { "app", 1 }, { "aq", 0 }, { "ar", 0 },
	{ "as", 1 }, { "at", 1 }, { "au", 0 }, { "aw", 0 }, { "ax", 0 }, { "az", 0 },
	{ "ba", 0 }, { "bb", 0 }, { "bd", 0 }, { "be", 1 }, { "bf", 0 }, { "bg", 0 },
	{ "bh", 0 }, { "bi", 0 }, { "bio", 1 }, { "biz", 0 }, { "bj", 0 }, { "blog", 1 },
	{ "bm", 0 }, { "bn", 0 }, { "bo", 0 }, { "br", 0 }, { "bs", 0 }, { "bt", 0 },
	{ "bw", 0 }, { "by", 1 }, { "bz", 0 }, { "ca", 0 }, { "cc", 0 }, { "cd", 0 },
	{ "cf", 0 }, { "cg", 0 }, { "ch", 0 }, { "ci", 1 }, { "ck", 0 }, { "cl", 0 },
	{ "cloud", 1 }, { "club", 1 }, { "cm", 1 }, { "cn", 0 }, { "co", 0 }, { "com", 0 },
	{ "cr", 0 }, { "cu", 0 }, { "cv", 0 }, { "cw", 0 }, { "cx", 0 }, { "cy", 0 },
	{ "cz", 0 }, { "de", 0 }, { "dev", 1 }, { "dj", 0 }, { "dk", 0 }, { "dm", 0 },
	{ "do", 1 }, { "dz", 0 }, { "ec", 0 }, { "edu", 0 }, { "ee", 0 }, { "eg", 1 },
	{ "er", 0 }, { "es", 0 }, { "et", 1 }, { "eu", 0 }, { "example", 0 }, { "fi", 0 }, { "fj", 0 },
	{ "fk", 0 }, { "fm", 0 }, { "fo", 0 }, { "fr", 0 }, { "fun", 1 }, { "ga", 0 },
	{ "gd", 0 }, { "ge", 0 }, { "gf", 0 }, { "gg", 0 }, { "gh", 0 }, { "gi", 0 },
	{ "gl", 0 }, { "gm", 0 }, { "gn", 0 }, { "gov", 0 }, { "gp", 0 }, { "gq", 0 },
	{ "gr", 0 }, { "gs", 0 }, { "gt", 0 }, { "gu", 0 }, { "gw", 0 }, { "gy", 0 },
	{ "hk", 0 }, { "hm", 1 }, { "hn", 0 }, { "hr", 1 }, { "ht", 0 }, { "hu", 0 },
	{ "icu", 0 }, { "id", 1 }, { "ie", 1 }, { "il", 1 }, { "im", 1 }, { "in", 1 },
	{ "info", 0 }, { "int", 0 }, { "io", 0 }, { "iq", 0 }, { "ir", 0 }, { "is", 1 },
	{ "it", 1 }, { "je", 1 }, { "jm", 0 }, { "jo", 0 }, { "jp", 0 }, { "ke", 0 },
	{ "kg", 1 }, { "kh", 0 }, { "ki", 0 }, { "km", 1 }, { "kn", 0 }, { "kp", 0 },
	{ "kr", 0 }, { "kw", 0 }, { "ky", 0 }, { "kz", 0 }, { "la", 1 }, { "lb", 1 },
	{ "lc", 0 }, { "li", 0 }, { "life", 1 }, { "link", 1 }, { "live", 1 }, { "lk", 0 },
	{ "lr", 0 }, { "ls", 0 }, { "lt", 0 }, { "lu", 0 }, { "lv", 0 }, { "ly", 0 },
	{ "ma", 0 }, { "mc", 0 }, { "md", 1 }, { "me", 1 }, { "mg", 1 }, { "mh", 0 },
	{ "mil", 0 }, { "mk", 0 }, { "ml", 1 }, { "mm", 1 }, { "mn", 0 }, { "mo", 1 },
	{ "mobi", 0 }, { "mp", 0 }, { "mq", 0 }, { "mr", 1 }, { "ms", 1 }, { "mt", 0 },
	{ "mu", 0 }, { "mv", 0 }, { "mw", 0 }, { "mx", 0 }, { "my", 1 }, { "mz", 0 },
	{ "na", 1 }, { "name", 1 }, { "nc", 0 }, { "ne", 1 }, { "net", 0 }, { "news", 1 },
	{ "nf", 0 }, { "ng", 0 }, { "ni", 0 }, { "nl", 0 }, { "no", 1 }, { "np", 1 },
	{ "nr", 1 }, { "nu", 1 }, { "nz", 0 }, { "om", 0 }, { "one", 1 }, { "online", 1 },
	{ "org", 0 }, { "pa", 0 }, { "page", 1 }, { "pe", 0 }, { "pf", 0 }, { "pg", 0 },
	{ "ph", 0 }, { "pk", 0 }, { "pl", 0 }, { "pm", 1 }, { "pn", 0 }, { "pr", 0 },
	{ "pro", 1 }, { "ps", 1 }, { "pt", 0 }, { "pw", 0 }, { "py", 1 }, { "qa", 0 },
	{ "re", 1 }, { "ro", 0 }, { "rs", 1 }, { "ru", 0 }, { "rw", 0 }, { "sa", 0 },
	{ "sb", 0 }, { "sc", 0 }, { "sd", 0 }, { "se", 0 }, { "sg", 0 }, { "sh", 1 },
	{ "shop", 1 }, { "si", 1 }, { "site", 1 }, { "sk", 0 }, { "sl", 0 }, { "sm", 0 },
	{ "sn", 0 }, { "so", 1 }, { "space", 1 }, { "sr", 0 }, { "ss", 0 }, { "st", 1 },
	{ "store", 1 }, { "sv", 0 }, { "sx", 0 }, { "sy", 0 }, { "sz", 0 }, { "tc", 0 },
	{ "td", 0 }, { "tech", 1 }, { "test", 1 }, { "tf", 0 }, { "tg", 0 }, { "th", 0 }, { "tj", 0 },
	{ "tk", 0 }, { "tl", 0 }, { "tm", 0 }, { "tn", 0 }, { "to", 1 }, { "today", 1 },
	{ "top", 1 }, { "tr", 0 }, { "tt", 0 }, { "tv", 0 }, { "tw", 0 }, { "tz", 0 },
	{ "ua", 0 }, { "ug", 0 }, { "uk", 0 }, { "us", 1 }, { "uy", 0 }, { "uz", 0 },
	{ "va", 0 }, { "vc", 0 }, { "ve", 0 }, { "vg", 0 }, { "vi", 0 }, { "vn", 0 },
	{ "vu", 0 }, { "website", 1 }, { "wf", 0 }, { "world", 1 }, { "ws", 0 }, { "xyz", 0 },
	{ "ye", 0 }, { "yt", 0 }, { "za", 0 }, { "zm", 0 }, { "zw", 0 },
};

const struct tld *
tld_find(const unsigned char *s, size_t n)
{
	size_t lo = 0, hi = NITEMS(tlds), mid, l;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		l = strlen(tlds[mid].name);
		c = memcmp(s, tlds[mid].name, n < l ? n : l);
		if (c == 0)
			c = (n > l) - (n < l);
		if (c == 0)
			return &tlds[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Parse a marker at p (the end of the word before it): the literal character
 * or one of the words, optionally spaced or bracketed. Returns where the
 * next part starts, 0 when there is no marker. */
size_t
mark_parse(const struct ntext *t, size_t p, unsigned char literal, enum lex_class words,
    enum mark_kind *kind)
{
	size_t q, sp1, sp2, n, r;
	int open = 0, lit = 0;

	q = skip_spaces(t, p, MARK_SPACES);
	sp1 = q - p;
	if (q < t->len && t->s[q] != 0 && strchr("([{<", t->s[q]) != NULL) {
		open = 1;
		q = skip_spaces(t, q + 1, MARK_SPACES);
	}
	if (q < t->len && t->s[q] == literal) {
		lit = 1;
		q++;
	} else if (open && literal == '@' && q + 1 < t->len && t->s[q] == 'a' &&
	    (r = skip_spaces(t, q + 1, MARK_SPACES)) < t->len && t->s[r] != 0 &&
	    strchr(")]}>", t->s[r]) != NULL) {
		lit = 1;	/* "nath.girard(a)example.be" */
		q++;
	} else if ((n = word_at(t, q, words)) > 0)
		q += n;
	else
		return 0;
	if (open) {
		q = skip_spaces(t, q, MARK_SPACES);
		if (q >= t->len || t->s[q] == 0 || strchr(")]}>", t->s[q]) == NULL)
			return 0;
		q++;
	}
	r = q;
	q = skip_spaces(t, q, MARK_SPACES);
	sp2 = q - r;
	if (open)
		*kind = MARK_BRACKET;
	else if (lit) {
		/* "end. Then" is a sentence, "example . com" is not. */
		if (literal == '.' && (sp1 > 0) != (sp2 > 0))
			return 0;
		*kind = sp1 > 0 || sp2 > 0 ? MARK_SPACED : MARK_TIGHT;
	} else {
		if (sp1 == 0 || sp2 == 0)
			return 0;
		*kind = MARK_WORD;
	}
	return q;
}

/* The letter a digit stands for when digits are written for letters
 * ("sev3n", "Nu11", "gm41l.c0m"); 0 when none. */
unsigned char
ch_leet(unsigned char c, int one_is_l)
{
	switch (c) {
	case '0': return 'o';
	case '1': return one_is_l ? 'l' : 'i';
	case '3': return 'e';
	case '4': return 'a';
	case '5': return 's';
	case '7': return 't';
	default: return 0;
	}
}

int
ch_label(unsigned char c)
{
	return ch_letter(c) || ch_ascii_digit(c) || c == '-';
}

/* Parse labels joined by dot markers from p; returns how many. */
size_t
domain_parse(const struct ntext *t, size_t p, struct domain *d)
{
	enum mark_kind kind;
	size_t q = p, e, m;

	memset(d, 0, sizeof(*d));
	d->start = p;
	while (d->labels < 16) {
		if (q >= t->len || t->s[q] == '-')
			break;
		for (e = q; e < t->len && ch_label(t->s[e]) && e - q < 63; e++)
			;
		while (e > q && t->s[e - 1] == '-')
			e--;
		if (e == q)
			break;
		d->label_at[d->labels] = q;
		d->label_len[d->labels] = e - q;
		if (d->labels++ == 0)
			d->first_len = e - q;
		d->tld = q;
		d->tld_len = e - q;
		d->end = e;
		m = mark_parse(t, e, '.', LEX_DOT, &kind);
		if (m == 0 || m >= t->len || !(ch_letter(t->s[m]) || ch_ascii_digit(t->s[m])))
			break;
		if (kind != MARK_TIGHT)
			d->disguised = 1;
		q = m;
	}
	return d->labels;
}

/* The last label is a TLD from the table and the domain ends at a word
 * boundary; returns the entry or NULL. */
const struct tld *
domain_tld(const struct ntext *t, const struct domain *d)
{
	size_t i;

	if (d->labels < 2 || d->tld_len < 2 || d->tld_len > 24)
		return NULL;
	if (d->end < t->len && ch_alnum(t->s[d->end]))
		return NULL;
	for (i = 0; i < d->tld_len; i++)
		if (!ch_letter(t->s[d->tld + i]))
			return NULL;
	return tld_find(t->s + d->tld, d->tld_len);
}

/* A path, query or port right after a domain: "/abc", "?ref=1", ":8080". */
int
domain_has_path(const struct ntext *t, size_t e)
{
	if (e + 1 >= t->len)
		return 0;
	if (t->s[e] == '/' || t->s[e] == '?')
		return ch_alnum(t->s[e + 1]) || t->s[e + 1] == '_' || t->s[e + 1] == '@';
	return t->s[e] == ':' && ch_ascii_digit(t->s[e + 1]);
}

size_t
domain_value(const struct ntext *t, const struct domain *d, char *buf, size_t size)
{
	size_t i, n = 0, l;

	buf[0] = '\0';
	for (i = 0; i < d->labels; i++) {
		l = d->label_len[i];
		if (n + l + 2 > size)
			break;
		if (i > 0)
			buf[n++] = '.';
		memcpy(buf + n, t->s + d->label_at[i], l);
		n += l;
	}
	buf[n] = '\0';
	return n;
}

/*
 * Letters written one by one ("j a n e . d o e @ g m a i l . c o m"):
 * the spaces between single characters are dropped into a second text,
 * judged the same way. Only when three single characters come in a row.
 */
size_t
text_unspace(const struct ntext *t, unsigned char *out, uint32_t *at)
{
	size_t p, n = 0, singles = 0, best = 0;

#define UNSPACE_SEP(c)	((c) == ' ' || (c) == '-')
/* what a hyphen may join: "s-o-p-h-i-e-@-g-m-a-i-l-.-c-o-m" */
#define UNSPACE_PIECE(c) (ch_alnum(c) || (c) == '@' || (c) == '.')
/* what may follow the last single character: "... c h, dort", "c o m." */
#define UNSPACE_AFTER(q) ((q) + 1 == t->len || UNSPACE_SEP(t->s[(q) + 1]) || \
	memchr(",;:!?)", t->s[(q) + 1], 6) != NULL || (t->s[(q) + 1] == '.' && \
	((q) + 2 == t->len || t->s[(q) + 2] == ' ')))
#define UNSPACE_SINGLE(q) (t->s[q] != ' ' && t->s[q] != '-' && \
	((q) == 0 || UNSPACE_SEP(t->s[(q) - 1])) && UNSPACE_AFTER(q))
	for (p = 0; p < t->len; p++) {
		if (UNSPACE_SINGLE(p)) {
			if (ch_alnum(t->s[p]) && ++singles > best)
				best = singles;
		} else if (!UNSPACE_SEP(t->s[p]))
			singles = 0;
		/* a space or hyphen between two single characters goes */
		if (UNSPACE_SEP(t->s[p]) && p > 0 && p + 1 < t->len && UNSPACE_SINGLE(p - 1) &&
		    UNSPACE_SINGLE(p + 1) && (t->s[p] == ' ' || (UNSPACE_PIECE(t->s[p - 1]) &&
		    UNSPACE_PIECE(t->s[p + 1]) && (ch_alnum(t->s[p - 1]) || ch_alnum(t->s[p + 1])))))
			continue;
		at[n] = t->at[p];
		out[n++] = t->s[p];
	}
#undef UNSPACE_SEP
#undef UNSPACE_PIECE
#undef UNSPACE_SINGLE
#undef UNSPACE_AFTER
	at[n] = t->at[t->len];
	return best >= 3 ? n : 0;
}


void
scan_unspaced(const struct ntext *t, struct detect_sink *k,
    void (*scan)(const struct ntext *, struct detect_sink *))
{
	unsigned char stack[NORM_STACK];
	uint32_t at[NORM_STACK + 1];
	struct ntext u;

	scan(t, k);
	if (sink_done(k) || t->len > NORM_STACK)
		return;
	u.s = stack;
	u.at = at;
	u.src = t->src;
	if ((u.len = text_unspace(t, stack, at)) > 0 && u.len < t->len)
		scan(&u, k);
}
