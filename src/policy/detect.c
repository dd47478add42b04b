/*
 * detect: contact details in message text, written plainly or disguised.
 *
 * One pass normalises the text (see norm_char), then each detector scans the
 * normalised bytes once, looking back or ahead a few characters at most.
 * Everything is table-driven so that a new spelling is one more line.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhooks/policy/detect.h"
#include "proxyhooks/base/utf8.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Every detector reads a normalised copy: one byte per character, ASCII in
 * lower case, control characters as spaces, look-alikes from other scripts
 * (full-width, Cyrillic, Greek, circled, mathematical bold...) as their ASCII
 * twins, currency signs as '$', invisible characters removed. A character with no ASCII meaning
 * becomes NORM_OTHER; a decorated digit (circled, bold, superscript) becomes
 * NORM_STYLED + its value, so the phone detector can count it as disguise.
 */
#define NORM_OTHER	0x80
#define NORM_STYLED	0x90
#define NORM_STACK	4096

struct ntext {
	const unsigned char *s;
	size_t               len;
};

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

/* Normalise text[0..len) into out (at least len bytes); returns the length. */
static size_t
norm_text(const char *text, size_t len, unsigned char *out)
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
			c = norm_char(cp);
		}
		if (c != 0)
			out[n++] = c;
		i += step;
	}
	return n;
}

/* Character classes of normalised bytes. */
static int
ch_letter(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

static int
ch_ascii_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int
ch_digit(unsigned char c)
{
	return ch_ascii_digit(c) || (c >= NORM_STYLED && c <= NORM_STYLED + 9);
}

static int
ch_digit_value(unsigned char c)
{
	return ch_ascii_digit(c) ? c - '0' : c - NORM_STYLED;
}

static int
ch_alnum(unsigned char c)
{
	return ch_letter(c) || ch_digit(c);
}

/* 1 when s[0..n) is one of the words in the NULL-terminated list. */
static int
word_in(const unsigned char *s, size_t n, const char *const *list)
{
	if (n == 0)
		return 0;
	for (; *list != NULL; list++)
		if ((*list)[0] == s[0] && strlen(*list) == n && memcmp(*list, s, n) == 0)
			return 1;
	return 0;
}

/* Length of the list's word written at p as a whole word, 0 if none. */
static size_t
word_at(const struct ntext *t, size_t p, const char *const *list)
{
	size_t n;

	if (p > 0 && ch_alnum(t->s[p - 1]))
		return 0;
	for (; *list != NULL; list++) {
		n = strlen(*list);
		if (n <= t->len - p && memcmp(t->s + p, *list, n) == 0 &&
		    (p + n == t->len || !ch_alnum(t->s[p + n])))
			return n;
	}
	return 0;
}

/* The letters ending just before p, skipping up to max characters from skip;
 * returns the word's length (0 if none) with its start in *start. */
static size_t
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

/* p, or p + 1 past one space. */
static size_t
skip_one_space(const struct ntext *t, size_t p)
{
	return p < t->len && t->s[p] == ' ' ? p + 1 : p;
}

/*
 * Phone numbers. A run is a sequence of digits, number words ("four",
 * "oh", "double five", "ninety nine") and short separators; it is cut into
 * groups at the separators. A run is a phone number when one of its
 * segments (dates and time ranges cut it) has:
 *  - 7 or more digits with some spelled out or decorated: nobody writes
 *    "four one five..." for anything else;
 *  - 7 to 15 digits after '+';
 *  - 10 to 15 digits (NANP is 10, E.164 at most 15);
 *  - 7 to 9 digits when the text also talks about calling or texting.
 * Plain digits right after "order", "#", "ref"... or glued to letters
 * (tracking codes, SKUs) are not; neither are thousands (1,299,000) or lists
 * of sizes (36, 38, 40), nor amounts next to a currency.
 */

/* Words that make a 7-9 digit number likely a phone number. */
static const char *const phone_cue_words[] = {
	"call", "calls", "called", "calling", "caller", "text", "texts", "texting", "txt",
	"phone", "fone", "ph", "tel", "telephone", "cell", "cellphone", "mobile", "mob",
	"number", "num", "digits", "sms", "ring", "dial", "reach", "contact", "hmu",
	"whatsapp", "watsapp", "wa", "viber", "signal", "telegram", "cel", "celular",
	"movil", "numero", "tlf", "handy", "landline", NULL
};

/* Words that say the number after them is an order, account or ticket number. */
static const char *const phone_reference_words[] = {
	"order", "orders", "ref", "reference", "tracking", "track", "confirmation", "conf",
	"invoice", "inv", "booking", "receipt", "transaction", "txn", "account", "acct",
	"acc", "sku", "item", "model", "serial", "case", "ticket", "parcel", "package",
	"shipment", "awb", "code", "pin", "otp", "voucher", "coupon", "id", "pedido",
	"card", "iban", "routing", "policy", "member", "membership", "customer", "claim",
	"reservation", "flight", "imei", "vin", "plate", "isbn", "queue", "table", "seat",
	"room", "unit", "apt", "apartment", "suite", "gate", "locker", "floor", "building",
	"bay", "platform", "lot", "stall", "slot", "batch", "part", "product", "listing",
	"ad", "auction", "bid", "zip", "zipcode", "postcode", "postal", NULL
};

/* Currencies written next to an amount ("1 299 000 VND", "Rp 1500000"). */
static const char *const phone_currency_words[] = {
	"usd", "eur", "euro", "euros", "gbp", "vnd", "idr", "rp", "inr", "rs", "dollar",
	"dollars", "bucks", "peso", "pesos", "reais", "rupees", "yen", "won", "naira",
	"shillings", "dirhams", "chf", "aud", "cad", "sgd", "myr", "thb", "pln", "czk",
	"try", "lira", "aed", "sar", "php", "ngn", "kes", "mxn", "brl", "cop", "ars", "k",
	NULL
};

/* Words that may stand between a reference word and its number. */
static const char *const phone_reference_fillers[] = {
	"no", "nr", "num", "number", "is", "was", "nbr", NULL
};

#define PHONE_DIGITS	128
#define PHONE_GROUPS	64
#define PHONE_LETTERS	48
#define PHONE_SEP_MAX	4

enum phone_unit { UNIT_DIGIT, UNIT_TEEN, UNIT_TENS, UNIT_REPEAT, UNIT_FLANKED };

struct phone_word {
	const char   *text;
	unsigned char unit, value;
};

static const struct phone_word phone_words[] = {
	{ "zero", UNIT_DIGIT, 0 }, { "oh", UNIT_DIGIT, 0 }, { "o", UNIT_DIGIT, 0 },
	{ "nought", UNIT_DIGIT, 0 }, { "naught", UNIT_DIGIT, 0 }, { "nil", UNIT_DIGIT, 0 },
	{ "one", UNIT_DIGIT, 1 }, { "two", UNIT_DIGIT, 2 }, { "three", UNIT_DIGIT, 3 },
	{ "four", UNIT_DIGIT, 4 }, { "five", UNIT_DIGIT, 5 }, { "six", UNIT_DIGIT, 6 },
	{ "seven", UNIT_DIGIT, 7 }, { "eight", UNIT_DIGIT, 8 }, { "nine", UNIT_DIGIT, 9 },
	{ "niner", UNIT_DIGIT, 9 },
	{ "cero", UNIT_DIGIT, 0 }, { "uno", UNIT_DIGIT, 1 }, { "dos", UNIT_DIGIT, 2 },
	{ "tres", UNIT_DIGIT, 3 }, { "cuatro", UNIT_DIGIT, 4 }, { "cinco", UNIT_DIGIT, 5 },
	{ "seis", UNIT_DIGIT, 6 }, { "siete", UNIT_DIGIT, 7 }, { "ocho", UNIT_DIGIT, 8 },
	{ "nueve", UNIT_DIGIT, 9 },
	{ "ten", UNIT_TEEN, 10 }, { "eleven", UNIT_TEEN, 11 }, { "twelve", UNIT_TEEN, 12 },
	{ "thirteen", UNIT_TEEN, 13 }, { "fourteen", UNIT_TEEN, 14 },
	{ "fifteen", UNIT_TEEN, 15 }, { "sixteen", UNIT_TEEN, 16 },
	{ "seventeen", UNIT_TEEN, 17 }, { "eighteen", UNIT_TEEN, 18 },
	{ "nineteen", UNIT_TEEN, 19 },
	{ "twenty", UNIT_TENS, 2 }, { "thirty", UNIT_TENS, 3 }, { "forty", UNIT_TENS, 4 },
	{ "fourty", UNIT_TENS, 4 }, { "fifty", UNIT_TENS, 5 }, { "sixty", UNIT_TENS, 6 },
	{ "seventy", UNIT_TENS, 7 }, { "eighty", UNIT_TENS, 8 }, { "ninety", UNIT_TENS, 9 },
	{ "double", UNIT_REPEAT, 1 }, { "triple", UNIT_REPEAT, 2 },
	/* Look-alikes of 1, only between two digits ("4l5", "4 I 5"). */
	{ "i", UNIT_FLANKED, 1 }, { "l", UNIT_FLANKED, 1 },
};

struct phone_piece {
	unsigned char unit, value;
};

struct phone_group {
	size_t off, len;	/* digits[off..off+len) */
	int    sep;		/* the separator before it (first non-space one), 0 first */
	int    disguised;	/* holds a spelled-out or decorated digit */
};

struct phone_run {
	size_t             start, end;
	size_t             ndigits;	/* counted past PHONE_DIGITS, stored up to it */
	unsigned char      digits[PHONE_DIGITS];
	struct phone_group groups[PHONE_GROUPS];
	size_t             ngroups;
	/* reading state */
	int                full;	/* PHONE_GROUPS groups: later digits are only counted */
	int                split;	/* a separator came: the next digit opens a group */
	int                sep;
	int                tens;	/* "ninety" waits for "nine" or becomes 90 */
	int                repeat;	/* "double"/"triple" waits for its digit */
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

/* The number words by the byte they begin with, in the order of
 * phone_words (the first that fits a place wins, as before), with their
 * lengths: most words of a message begin with no number word's letter
 * and are passed over at once, and the others try only their few. */
#define PHONE_FIRST_MAX	12
static unsigned char phone_word_first[256];	/* how many words begin with the byte */
static unsigned char phone_word_by_first[256][PHONE_FIRST_MAX];
static unsigned char phone_word_len[NITEMS(phone_words)];
static int phone_words_ready;

static void
phone_word_first_init(void)
{
	size_t w;
	unsigned char c;

	if (phone_words_ready)
		return;
	for (w = 0; w < NITEMS(phone_words); w++) {
		c = (unsigned char)phone_words[w].text[0];
		phone_word_len[w] = (unsigned char)strlen(phone_words[w].text);
		if (phone_word_first[c] == PHONE_FIRST_MAX)
			abort();	/* the list grew: PHONE_FIRST_MAX must too */
		phone_word_by_first[c][phone_word_first[c]++] = (unsigned char)w;
	}
	phone_words_ready = 1;
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

/* Split the letters s[a..b) into number words; returns how many pieces, 0
 * when they are not all number words. */
static size_t
phone_split_words(const struct ntext *t, size_t a, size_t b, struct phone_piece *out)
{
	int from[PHONE_LETTERS + 1];
	size_t prev[PHONE_LETTERS + 1];
	size_t len = b - a, k, w, wl, n, i, j;
	int flanked;

	if (len == 0 || len > PHONE_LETTERS)
		return 0;
	phone_word_first_init();
	if (phone_word_first[(unsigned char)t->s[a]] == 0)
		return 0;
	flanked = phone_flanked(t, a, b);
	for (k = 0; k <= len; k++)
		from[k] = -1;
	from[0] = -2;
	for (k = 0; k < len; k++) {
		const unsigned char c = (unsigned char)t->s[a + k];

		if (from[k] == -1)
			continue;
		for (j = 0; j < phone_word_first[c]; j++) {
			w = phone_word_by_first[c][j];
			wl = phone_word_len[w];
			if (wl > len - k || from[k + wl] != -1)
				continue;
			if (phone_words[w].unit == UNIT_FLANKED && !flanked)
				continue;
			if (memcmp(t->s + a + k, phone_words[w].text, wl) != 0)
				continue;
			from[k + wl] = (int)w;
			prev[k + wl] = k;
		}
	}
	if (from[len] == -1)
		return 0;
	for (n = 0, k = len; k > 0; k = prev[k])
		n++;
	for (i = n, k = len; k > 0; k = prev[k]) {
		out[--i].unit = phone_words[from[k]].unit;
		out[i].value = phone_words[from[k]].value;
	}
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
	if (r->ndigits < PHONE_DIGITS)
		r->digits[r->ndigits] = (unsigned char)value;
	r->ndigits++;
}

/* Add one piece; gap is how many separator characters came before it. */
static void
phone_add(struct phone_run *r, const struct phone_piece *pc, int word, int disguised,
    size_t gap)
{
	int split, i;

	if (r->tens) {
		r->tens = 0;
		split = r->split;
		r->split = 0;
		if (word && pc->unit == UNIT_DIGIT && pc->value > 0 && gap <= 1) {
			phone_push(r, pc->value, 1);	/* "ninety nine" */
			return;
		}
		phone_push(r, 0, 1);			/* "ninety" alone */
		r->split = split;
	}
	switch (pc->unit) {
	case UNIT_TEEN:
		phone_push(r, 1, 1);
		phone_push(r, pc->value - 10, 1);
		r->repeat = 0;
		break;
	case UNIT_TENS:
		phone_push(r, pc->value, 1);
		r->tens = 1;
		r->repeat = 0;
		break;
	case UNIT_REPEAT:
		r->repeat += pc->value;
		if (r->repeat > 2)
			r->repeat = 2;
		break;
	default:
		for (i = 0; i <= r->repeat; i++)
			phone_push(r, pc->value, disguised);
		r->repeat = 0;
		break;
	}
}

/* Read the run starting at i; returns where scanning goes on. */
static size_t
phone_read(const struct ntext *t, size_t i, struct phone_run *r)
{
	struct phone_piece pieces[PHONE_LETTERS], one;
	size_t p = i, gap = 0, j, k, n;

	r->start = r->end = i;
	r->ndigits = r->ngroups = 0;
	r->full = r->split = r->sep = r->tens = r->repeat = 0;
	while (p < t->len) {
		if (ch_digit(t->s[p])) {
			one.unit = UNIT_DIGIT;
			one.value = (unsigned char)ch_digit_value(t->s[p]);
			phone_add(r, &one, 0, t->s[p] >= NORM_STYLED, gap);
			r->end = ++p;
			gap = 0;
		} else if (ch_letter(t->s[p])) {
			for (j = p; j < t->len && ch_letter(t->s[j]); j++)
				;
			if ((n = phone_split_words(t, p, j, pieces)) == 0) {
				if (r->end == r->start)
					return j;	/* a word that is no number */
				break;
			}
			for (k = 0; k < n; k++)
				phone_add(r, &pieces[k], 1, 1, k == 0 ? gap : 0);
			r->end = p = j;
			gap = 0;
		} else if (r->end > r->start && phone_is_sep(t->s[p])) {
			for (j = p; j < t->len && phone_is_sep(t->s[j]) && j - p <= PHONE_SEP_MAX; j++)
				;
			if (j - p > PHONE_SEP_MAX)
				break;
			r->sep = ' ';
			for (k = p; k < j; k++)
				if (t->s[k] != ' ') {
					r->sep = t->s[k];
					break;
				}
			r->split = 1;
			gap = j - p;
			p = j;
		} else
			break;
	}
	if (r->tens) {
		r->tens = 0;
		r->split = 0;
		phone_push(r, 0, 1);
	}
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
	for (k = a + 1; k < b; k++) {
		if (k == b - 1 && k > a + 1 && r->groups[k].sep != sep &&
		    (r->groups[k].sep == ',' || r->groups[k].sep == '.') && r->groups[k].len <= 2)
			continue;	/* the decimals */
		if (r->groups[k].sep != sep || r->groups[k].len != 3)
			return 0;
	}
	return 1;
}

/* Groups a..b written as a list of small numbers: "sizes 36, 38, 40, 42",
 * "10 20 30 40 50". Numbers written in pairs start with a trunk 0
 * (06 12 34 56 78); digits one by one (4 1 5 5...) stay suspect. */
static int
phone_list(const struct phone_run *r, size_t a, size_t b)
{
	size_t k, longest = 0;
	int sep, uniform = 1;

	if (b - a < 2)
		return 0;
	sep = r->groups[a + 1].sep;
	for (k = a; k < b; k++) {
		if (k > a && r->groups[k].sep != sep)
			uniform = 0;
		if (r->groups[k].len > longest)
			longest = r->groups[k].len;
	}
	if (uniform && (sep == ',' || sep == '/' || sep == ';') && longest >= 2 && longest <= 3)
		return 1;
	return longest == 2 && r->groups[a].off < PHONE_DIGITS && r->digits[r->groups[a].off] != 0;
}

/* An amount: '$' (any currency sign) or a currency next to the run. */
static int
phone_is_money(const struct ntext *t, const struct phone_run *r)
{
	size_t k, ws, n;

	k = r->start;
	if (k > 0 && t->s[k - 1] == ' ')
		k--;
	if (k > 0 && t->s[k - 1] == '$')
		return 1;
	n = word_before(t, r->start, " ", 1, &ws);
	if (n > 0 && word_in(t->s + ws, n, phone_currency_words))
		return 1;
	k = skip_one_space(t, r->end);
	if (k < t->len && t->s[k] == '$')
		return 1;
	for (n = 0; k + n < t->len && ch_letter(t->s[k + n]); n++)
		;
	return n > 0 && word_in(t->s + k, n, phone_currency_words);
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
	if (k > 0 && t->s[k - 1] == '+')
		return 1;
	return k >= 4 && memcmp(t->s + k - 4, "plus", 4) == 0 && (k == 4 || !ch_alnum(t->s[k - 5]));
}

/* "order #482131234", "tracking no. 1234567890", "ref: 12345678". */
static int
phone_is_reference(const struct ntext *t, size_t start)
{
	size_t p = start, ws, n, words;

	if (p > 0 && t->s[p - 1] == '#')
		return 1;
	for (words = 0; words < 3; words++) {
		n = word_before(t, p, " :.-#(,", 4, &ws);
		if (n == 0)
			return 0;
		if (word_in(t->s + ws, n, phone_reference_words))
			return 1;
		if (!word_in(t->s + ws, n, phone_reference_fillers))
			return 0;
		p = ws;
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
			if (!word_in(t->s + ws, n, phone_cue_words))
				return 1;
		}
		if ((c == '-' || c == '_' || c == '/') && r->start >= 2 && ch_letter(t->s[r->start - 2]))
			return 1;
	}
	return r->end < t->len && ch_letter(t->s[r->end]);
}

static int
phone_has_cue(const struct ntext *t)
{
	size_t p = 0, q;

	while (p < t->len) {
		if (!ch_letter(t->s[p])) {
			p++;
			continue;
		}
		for (q = p; q < t->len && ch_letter(t->s[q]); q++)
			;
		if (word_in(t->s + p, q - p, phone_cue_words))
			return 1;
		p = q;
	}
	return 0;
}

struct phone_judgement {
	int plus;		/* '+' before the run */
	int plain_ok;		/* plain digits may count (not a reference or a code) */
	int cue;		/* the text talks about calling; -1 until looked at */
};

/* Whether groups a..b of the run make a phone number. */
static int
phone_segment(const struct ntext *t, const struct phone_run *r, size_t a, size_t b,
    struct phone_judgement *j)
{
	size_t k, m = 0;
	int disguised = 0;

	for (k = a; k < b; k++) {
		m += r->groups[k].len;
		disguised |= r->groups[k].disguised;
	}
	if (m < 7)
		return 0;
	if (disguised)
		return 1;
	if (!j->plain_ok)
		return 0;
	if (j->plus && a == 0 && m <= 15)
		return 1;
	if (phone_thousands(r, a, b) || phone_list(r, a, b))
		return 0;
	if (m >= 10 && m <= 15)
		return 1;
	if (m <= 9) {
		if (j->cue < 0)
			j->cue = phone_has_cue(t);
		return j->cue;
	}
	for (k = a; k < b; k++)		/* a long run: one group may be a number */
		if (r->groups[k].len >= 10 && r->groups[k].len <= 15)
			return 1;
	return 0;
}

static int
phone_judge(const struct ntext *t, const struct phone_run *r, int *cue)
{
	struct phone_judgement j;
	size_t k = 0, first = 0, skip;
	int found = 0;

	j.plus = phone_has_plus(t, r->start);
	j.plain_ok = j.plus || !(phone_is_reference(t, r->start) || phone_is_embedded(t, r) ||
	    phone_is_money(t, r));
	j.cue = *cue;
	while (k < r->ngroups && !found) {
		if ((skip = phone_date_at(r, k)) == 0) {
			k++;
			continue;
		}
		found = phone_segment(t, r, first, k, &j);
		k += skip;
		first = k;
		j.plus = 0;
	}
	if (!found && first < r->ngroups)
		found = phone_segment(t, r, first, r->ngroups, &j);
	*cue = j.cue;
	return found;
}

static int
phone_scan(const struct ntext *t)
{
	struct phone_run run;
	size_t i = 0;
	int cue = -1;
	unsigned char c;

	while (i < t->len) {
		c = t->s[i];
		if (ch_digit(c) || (ch_letter(c) && (i == 0 || !ch_letter(t->s[i - 1])))) {
			size_t next = phone_read(t, i, &run);

			if (run.ndigits >= 7 && phone_judge(t, &run, &cue))
				return 1;
			i = next;
		} else
			i++;
	}
	return 0;
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
enum mark_kind { MARK_NONE, MARK_TIGHT, MARK_SPACED, MARK_BRACKET, MARK_WORD };

#define MARK_SPACES	3

static const char *const mark_at_words[] = {
	"at the rate of", "at the rate", "arroba", "at", NULL
};
static const char *const mark_dot_words[] = { "dot", "punto", "punkt", NULL };

struct tld {
	const char *name;
	int         weak;
};

/* Sorted (strcmp order): country codes and the common generic domains. */
static const struct tld tlds[] = {
	{ "ac", 0 }, { "ad", 1 }, { "ae", 0 }, { "af", 0 }, { "ag", 0 }, { "ai", 0 },
	{ "al", 1 }, { "am", 1 }, { "ao", 0 }, { "app", 1 }, { "aq", 0 }, { "ar", 0 },
	{ "as", 1 }, { "at", 1 }, { "au", 0 }, { "aw", 0 }, { "ax", 0 }, { "az", 0 },
	{ "ba", 0 }, { "bb", 0 }, { "bd", 0 }, { "be", 1 }, { "bf", 0 }, { "bg", 0 },
	{ "bh", 0 }, { "bi", 0 }, { "bio", 1 }, { "biz", 0 }, { "bj", 0 }, { "blog", 1 },
	{ "bm", 0 }, { "bn", 0 }, { "bo", 0 }, { "br", 0 }, { "bs", 0 }, { "bt", 0 },
	{ "bw", 0 }, { "by", 1 }, { "bz", 0 }, { "ca", 0 }, { "cc", 0 }, { "cd", 0 },
	{ "cf", 0 }, { "cg", 0 }, { "ch", 0 }, { "ci", 0 }, { "ck", 0 }, { "cl", 0 },
	{ "cloud", 1 }, { "club", 1 }, { "cm", 1 }, { "cn", 0 }, { "co", 0 }, { "com", 0 },
	{ "cr", 0 }, { "cu", 0 }, { "cv", 0 }, { "cw", 0 }, { "cx", 0 }, { "cy", 0 },
	{ "cz", 0 }, { "de", 0 }, { "dev", 1 }, { "dj", 0 }, { "dk", 0 }, { "dm", 0 },
	{ "do", 1 }, { "dz", 0 }, { "ec", 0 }, { "edu", 0 }, { "ee", 0 }, { "eg", 1 },
	{ "er", 0 }, { "es", 0 }, { "et", 0 }, { "eu", 0 }, { "fi", 0 }, { "fj", 0 },
	{ "fk", 0 }, { "fm", 0 }, { "fo", 0 }, { "fr", 0 }, { "fun", 1 }, { "ga", 0 },
	{ "gd", 0 }, { "ge", 0 }, { "gf", 0 }, { "gg", 0 }, { "gh", 0 }, { "gi", 0 },
	{ "gl", 0 }, { "gm", 0 }, { "gn", 0 }, { "gov", 0 }, { "gp", 0 }, { "gq", 0 },
	{ "gr", 0 }, { "gs", 0 }, { "gt", 0 }, { "gu", 0 }, { "gw", 0 }, { "gy", 0 },
	{ "hk", 0 }, { "hm", 1 }, { "hn", 0 }, { "hr", 1 }, { "ht", 0 }, { "hu", 0 },
	{ "icu", 0 }, { "id", 1 }, { "ie", 1 }, { "il", 0 }, { "im", 1 }, { "in", 1 },
	{ "info", 0 }, { "int", 0 }, { "io", 0 }, { "iq", 0 }, { "ir", 0 }, { "is", 1 },
	{ "it", 1 }, { "je", 0 }, { "jm", 0 }, { "jo", 0 }, { "jp", 0 }, { "ke", 0 },
	{ "kg", 1 }, { "kh", 0 }, { "ki", 0 }, { "km", 1 }, { "kn", 0 }, { "kp", 0 },
	{ "kr", 0 }, { "kw", 0 }, { "ky", 0 }, { "kz", 0 }, { "la", 1 }, { "lb", 1 },
	{ "lc", 0 }, { "li", 0 }, { "life", 1 }, { "link", 1 }, { "live", 1 }, { "lk", 0 },
	{ "lr", 0 }, { "ls", 0 }, { "lt", 0 }, { "lu", 0 }, { "lv", 0 }, { "ly", 0 },
	{ "ma", 0 }, { "mc", 0 }, { "md", 1 }, { "me", 1 }, { "mg", 1 }, { "mh", 0 },
	{ "mil", 0 }, { "mk", 0 }, { "ml", 1 }, { "mm", 1 }, { "mn", 0 }, { "mo", 1 },
	{ "mobi", 0 }, { "mp", 0 }, { "mq", 0 }, { "mr", 1 }, { "ms", 1 }, { "mt", 0 },
	{ "mu", 0 }, { "mv", 0 }, { "mw", 0 }, { "mx", 0 }, { "my", 1 }, { "mz", 0 },
	{ "na", 0 }, { "name", 1 }, { "nc", 0 }, { "ne", 0 }, { "net", 0 }, { "news", 1 },
	{ "nf", 0 }, { "ng", 0 }, { "ni", 0 }, { "nl", 0 }, { "no", 1 }, { "np", 1 },
	{ "nr", 1 }, { "nu", 1 }, { "nz", 0 }, { "om", 0 }, { "one", 1 }, { "online", 1 },
	{ "org", 0 }, { "pa", 0 }, { "page", 1 }, { "pe", 0 }, { "pf", 0 }, { "pg", 0 },
	{ "ph", 0 }, { "pk", 0 }, { "pl", 0 }, { "pm", 1 }, { "pn", 0 }, { "pr", 0 },
	{ "pro", 1 }, { "ps", 1 }, { "pt", 0 }, { "pw", 0 }, { "py", 1 }, { "qa", 0 },
	{ "re", 1 }, { "ro", 0 }, { "rs", 1 }, { "ru", 0 }, { "rw", 0 }, { "sa", 0 },
	{ "sb", 0 }, { "sc", 0 }, { "sd", 0 }, { "se", 0 }, { "sg", 0 }, { "sh", 1 },
	{ "shop", 1 }, { "si", 0 }, { "site", 1 }, { "sk", 0 }, { "sl", 0 }, { "sm", 0 },
	{ "sn", 0 }, { "so", 1 }, { "space", 1 }, { "sr", 0 }, { "ss", 0 }, { "st", 1 },
	{ "store", 1 }, { "sv", 0 }, { "sx", 0 }, { "sy", 0 }, { "sz", 0 }, { "tc", 0 },
	{ "td", 0 }, { "tech", 1 }, { "tf", 0 }, { "tg", 0 }, { "th", 0 }, { "tj", 0 },
	{ "tk", 0 }, { "tl", 0 }, { "tm", 0 }, { "tn", 0 }, { "to", 1 }, { "today", 1 },
	{ "top", 1 }, { "tr", 0 }, { "tt", 0 }, { "tv", 0 }, { "tw", 0 }, { "tz", 0 },
	{ "ua", 0 }, { "ug", 0 }, { "uk", 0 }, { "us", 1 }, { "uy", 0 }, { "uz", 0 },
	{ "va", 0 }, { "vc", 0 }, { "ve", 0 }, { "vg", 0 }, { "vi", 0 }, { "vn", 0 },
	{ "vu", 0 }, { "website", 1 }, { "wf", 0 }, { "world", 1 }, { "ws", 0 }, { "xyz", 0 },
	{ "ye", 0 }, { "yt", 0 }, { "za", 0 }, { "zm", 0 }, { "zw", 0 },
};

static const struct tld *
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

static size_t
skip_spaces(const struct ntext *t, size_t p, size_t max)
{
	size_t n = 0;

	while (p < t->len && t->s[p] == ' ' && n < max) {
		p++;
		n++;
	}
	return p;
}

/* Parse a marker at p (the end of the word before it): the literal character
 * or one of the words, optionally spaced or bracketed. Returns where the
 * next part starts, 0 when there is no marker. */
static size_t
mark_parse(const struct ntext *t, size_t p, unsigned char literal, const char *const *words,
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

static int
ch_label(unsigned char c)
{
	return ch_letter(c) || ch_ascii_digit(c) || c == '-';
}

struct domain {
	size_t start, end;		/* first label's start, last label's end */
	size_t labels;
	size_t first_len;
	size_t tld, tld_len;		/* the last label */
	int    disguised;		/* a dot was spaced, bracketed or a word */
};

/* Parse labels joined by dot markers from p; returns how many. */
static size_t
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
		if (d->labels++ == 0)
			d->first_len = e - q;
		d->tld = q;
		d->tld_len = e - q;
		d->end = e;
		m = mark_parse(t, e, '.', mark_dot_words, &kind);
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
static const struct tld *
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
static int
domain_has_path(const struct ntext *t, size_t e)
{
	if (e + 1 >= t->len)
		return 0;
	if (t->s[e] == '/' || t->s[e] == '?')
		return ch_alnum(t->s[e + 1]) || t->s[e + 1] == '_' || t->s[e + 1] == '@';
	return t->s[e] == ':' && ch_ascii_digit(t->s[e + 1]);
}

/* Words that come before " at " in sentences, not in addresses. */
static const char *const email_local_stop[] = {
	"me", "us", "you", "u", "him", "her", "them", "it", "is", "am", "are", "was", "were",
	"be", "been", "being", "m", "im", "we", "they", "he", "she", "i", "here", "there",
	"meet", "meeting", "see", "look", "looking", "find", "found", "order", "ordered",
	"arrive", "arrived", "arriving", "pick", "picked", "pickup", "available", "online",
	"shop", "shopping", "buy", "bought", "sold", "sell", "selling", "listed", "listing",
	"posted", "site", "website", "page", "located", "live", "lives", "living", "work",
	"works", "working", "stay", "staying", "home", "out", "back", "wait", "waiting",
	"get", "got", "come", "coming", "go", "going", "leave", "leaving", "left", "stop",
	"stopped", "park", "parked", "deliver", "delivered", "delivery", "drop", "dropped",
	"ready", "done", "that", "this", "what", "where", "when", "who", "which", "one",
	"all", "call", "text", "message", "ring", "open", "opens", "close", "closes",
	"start", "starts", "end", "ends", "now", "just", "only", "also", "still", "already",
	"up", "down", "off", "over", "outside", "inside", "door", "gate", "lobby", "front",
	"dinner", "lunch", "breakfast", "pickup", "dropoff", "appointment", "price", "prices",
	"sale", "deal", "deals", "cheaper", "cheap", NULL
};

/* Mail providers people name without their TLD ("bob at gmail"). */
static const char *const email_providers[] = {
	"gmail", "googlemail", "yahoo", "ymail", "hotmail", "outlook", "icloud", "aol",
	"protonmail", "proton", "gmx", "yandex", "zoho", "msn", "rediffmail", NULL
};

static int
email_local_char(unsigned char c)
{
	return ch_letter(c) || ch_ascii_digit(c) || (c != 0 && strchr("._%+-", c) != NULL);
}

/* The address whose at-marker ends at q, local part s[a..p). */
static int
email_at(const struct ntext *t, size_t a, size_t p, size_t q, enum mark_kind at)
{
	struct domain d;
	const struct tld *tld;
	size_t i;
	int digits = 1;

	if (at == MARK_WORD) {
		/* "I'm at...", "see you at 10", "meet at..." */
		if (a > 0 && t->s[a - 1] == '\'')
			return 0;
		if (word_in(t->s + a, p - a, email_local_stop))
			return 0;
		for (i = a; i < p; i++)
			if (!ch_ascii_digit(t->s[i]))
				digits = 0;
		if (digits)
			return 0;
	}
	if (domain_parse(t, q, &d) == 0)
		return 0;
	if (d.labels == 1)
		return word_in(t->s + d.start, d.first_len, email_providers) &&
		    (d.end >= t->len || !ch_alnum(t->s[d.end]));
	if (d.end < t->len && ch_alnum(t->s[d.end]))
		return 0;
	for (i = 0; i < d.tld_len; i++)
		if (!ch_letter(t->s[d.tld + i]))
			return 0;
	/* The plain form: any TLD will do. */
	if (at == MARK_TIGHT && !d.disguised && d.tld_len >= 2)
		return 1;
	if ((tld = domain_tld(t, &d)) == NULL)
		return 0;
	if (at == MARK_WORD) {
		/* "the listing at example.com/item" is a link, not an address */
		if (domain_has_path(t, d.end))
			return 0;
		return !tld->weak;
	}
	return 1;
}

static int
email_scan(const struct ntext *t)
{
	enum mark_kind kind;
	size_t p, q, a;

	for (p = 1; p <= t->len; p++) {
		if (!email_local_char(t->s[p - 1]) || (p < t->len && email_local_char(t->s[p])))
			continue;
		if ((q = mark_parse(t, p, '@', mark_at_words, &kind)) == 0 || q >= t->len)
			continue;
		for (a = p; a > 0 && email_local_char(t->s[a - 1]) && p - a < 64; a--)
			;
		while (a < p && !ch_letter(t->s[a]) && !ch_ascii_digit(t->s[a]))
			a++;
		if (a < p && email_at(t, a, p, q, kind))
			return 1;
	}
	return 0;
}

/* Words that make "the dot com" a phrase rather than a domain. */
static const char *const url_first_stop[] = {
	"the", "a", "an", "polka", "that", "this", NULL
};

/* A domain starting at p whose name follows an at-marker is an address. */
static int
url_after_at(const struct ntext *t, size_t p)
{
	size_t k = p, n = 0;

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
	}
	return 0;
}

/* "https://", "hxxp://", "http : //", "https//" at p. */
static int
url_scheme_at(const struct ntext *t, size_t p)
{
	static const char *const web[] = { "http", "https", "hxxp", "hxxps", NULL };
	size_t e, q;
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
	return colon || word_in(t->s + p, e - p, web);
}

/* "www.", "www dot", "www[.]" followed by a name. */
static int
url_www_at(const struct ntext *t, size_t p)
{
	enum mark_kind kind;
	size_t q;

	if (p + 3 > t->len || memcmp(t->s + p, "www", 3) != 0)
		return 0;
	q = mark_parse(t, p + 3, '.', mark_dot_words, &kind);
	return q != 0 && q < t->len && ch_alnum(t->s[q]);
}

static int
url_domain_at(const struct ntext *t, size_t p)
{
	struct domain d;
	const struct tld *tld;

	if (domain_parse(t, p, &d) < 2 || (tld = domain_tld(t, &d)) == NULL)
		return 0;
	if (d.disguised && d.labels == 2 && word_in(t->s + d.start, d.first_len, url_first_stop))
		return 0;
	return !tld->weak || domain_has_path(t, d.end);
}

static int
url_scan(const struct ntext *t)
{
	size_t p;
	unsigned char prev;

	for (p = 0; p < t->len; p++) {
		if (!ch_letter(t->s[p]) && !ch_ascii_digit(t->s[p]))
			continue;
		prev = p > 0 ? t->s[p - 1] : ' ';
		if (ch_label(prev) || prev == '_')
			continue;
		if (url_scheme_at(t, p) || url_www_at(t, p))
			return 1;
		/* inside a dotted name ("mail.example.com" seen from "example") */
		if (prev == '.' && p >= 2 && ch_alnum(t->s[p - 2]))
			continue;
		if (url_after_at(t, p))
			continue;
		if (url_domain_at(t, p))
			return 1;
	}
	return 0;
}

/*
 * Handles: the other party is asked to move to another app. A messaging app
 * (WhatsApp, Telegram, Viber...) named at all is enough; a social network
 * (Instagram, TikTok) needs "me", "my", "add", "follow" or a handle nearby;
 * a name that is also an everyday word (signal, snap, ig, fb) needs a tight
 * pattern: "signal me", "add me on signal", "my snap is bob_22". A written
 * "@name" counts when a platform is named or the name looks like a handle
 * (bob_22), not for "@home".
 */
enum platform { PLATFORM_NONE, PLATFORM_WEAK, PLATFORM_SOCIAL, PLATFORM_MESSAGING };

#define HANDLE_STACK_TOKENS	1024
#define HANDLE_WORD_MAX		32

struct platform_name {
	const char   *text;		/* with doubled letters written once */
	unsigned char platform;
};

static const struct platform_name platform_names[] = {
	{ "whatsap", PLATFORM_MESSAGING }, { "watsap", PLATFORM_MESSAGING },
	{ "whtsap", PLATFORM_MESSAGING }, { "wtsap", PLATFORM_MESSAGING },
	{ "whatap", PLATFORM_MESSAGING }, { "watap", PLATFORM_MESSAGING },
	{ "wasap", PLATFORM_MESSAGING }, { "guasap", PLATFORM_MESSAGING },
	{ "wsp", PLATFORM_MESSAGING }, { "whatsapweb", PLATFORM_MESSAGING },
	{ "telegram", PLATFORM_MESSAGING }, { "telegrm", PLATFORM_MESSAGING },
	{ "tlgrm", PLATFORM_MESSAGING }, { "viber", PLATFORM_MESSAGING },
	{ "wechat", PLATFORM_MESSAGING }, { "weixin", PLATFORM_MESSAGING },
	{ "kik", PLATFORM_MESSAGING }, { "skype", PLATFORM_MESSAGING },
	{ "discord", PLATFORM_MESSAGING }, { "imesage", PLATFORM_MESSAGING },
	{ "facetime", PLATFORM_MESSAGING }, { "threma", PLATFORM_MESSAGING },
	{ "zalo", PLATFORM_MESSAGING }, { "kakaotalk", PLATFORM_MESSAGING },
	{ "kakao", PLATFORM_MESSAGING }, { "snapchat", PLATFORM_MESSAGING },
	{ "botim", PLATFORM_MESSAGING },
	{ "instagram", PLATFORM_SOCIAL }, { "instagrm", PLATFORM_SOCIAL },
	{ "insta", PLATFORM_SOCIAL }, { "tiktok", PLATFORM_SOCIAL },
	{ "facebok", PLATFORM_SOCIAL }, { "twiter", PLATFORM_SOCIAL },
	{ "linkedin", PLATFORM_SOCIAL },
	{ "signal", PLATFORM_WEAK }, { "snap", PLATFORM_WEAK }, { "ig", PLATFORM_WEAK },
	{ "fb", PLATFORM_WEAK }, { "tg", PLATFORM_WEAK }, { "wa", PLATFORM_WEAK },
	{ "mesenger", PLATFORM_WEAK },
};

/* Names written as two words ("whats app", "tele gram"). */
static const struct {
	const char   *first, *second;
	unsigned char platform;
} platform_pairs[] = {
	{ "whats", "ap", PLATFORM_MESSAGING }, { "wats", "ap", PLATFORM_MESSAGING },
	{ "whts", "ap", PLATFORM_MESSAGING }, { "tele", "gram", PLATFORM_MESSAGING },
	{ "snap", "chat", PLATFORM_MESSAGING }, { "insta", "gram", PLATFORM_SOCIAL },
	{ "face", "bok", PLATFORM_SOCIAL },
};

/* Words that ask for contact around a platform name. */
static const char *const handle_contact_words[] = {
	"add", "text", "txt", "msg", "message", "call", "contact", "reach", "hit", "hmu",
	"ping", "find", "follow", "dm", "chat", "talk", "write", "me", "us", NULL
};
static const char *const handle_social_context[] = {
	"me", "my", "you", "u", "your", "ur", "us", "our", "add", "follow", "dm", "handle",
	"username",
	"id", "text", "txt", "msg", "message", "chat", "hmu", "contact", "reach", "ping", NULL
};
static const char *const handle_prepositions[] = {
	"on", "via", "thru", "through", "over", "using", NULL
};
static const char *const handle_possessives[] = { "my", "our", NULL };
static const char *const handle_id_words[] = {
	"id", "handle", "username", "user", "name", "acc", "account", NULL
};
/* "snap me a photo", "signal me when you are here" */
static const char *const handle_after_me[] = {
	"a", "an", "the", "when", "if", "once", "after", "before", "as", "soon", "to",
	"pic", "pics", "photo", "photos", "picture", "pictures", "receipt", "your", "know",
	"and", "so", NULL
};
/* "my signal is bad" */
static const char *const handle_descriptors[] = {
	"bad", "weak", "good", "low", "down", "gone", "terrible", "poor", "not", "off",
	"dead", "fine", "ok", "okay", "strong", "great", "broken", "lost", "patchy",
	"spotty", "horrible", "awful", "really", "very", "so", "too", "pretty", "kinda",
	"still", "out", "dropping", "cutting", "back", "slow", "fast", "limited", "zero",
	"none", "nonexistent", "crap", "shit", "horrendous", "bit", "a", "the", "on", NULL
};
/* "meet me on Signal Hill Rd" */
static const char *const handle_street_words[] = {
	"st", "street", "rd", "road", "ave", "avenue", "hill", "dr", "drive", "blvd", "way",
	"ln", "lane", "ct", "court", "pl", "place", "park", "tower", "building", "station",
	NULL
};
static const char *const handle_mention_context[] = {
	"add", "follow", "dm", "handle", "username", "user", "my", NULL
};

struct handle_token {
	uint32_t      start, end;	/* in the normalised text ("@" not included) */
	unsigned char handle;		/* written as "@name" */
	unsigned char platform;		/* enum platform, on the first word of the name */
	unsigned char span;		/* words the platform name covers */
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

static int
handle_is(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i,
    const char *const *list)
{
	char w[HANDLE_WORD_MAX];
	size_t len;

	if (i >= n || tok[i].handle)
		return 0;
	len = handle_text(t, &tok[i], w, sizeof(w));
	return len > 0 && word_in((const unsigned char *)w, len, list);
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

static unsigned char
handle_platform_folded(const char *folded)
{
	size_t k;

	for (k = 0; k < NITEMS(platform_names); k++)
		if (platform_names[k].text[0] == folded[0] &&
		    strcmp(folded, platform_names[k].text) == 0)
			return platform_names[k].platform;
	return PLATFORM_NONE;
}

/* The platform a word names; its fold (1 read as i) goes to folded. */
static unsigned char
handle_platform_word(const char *w, char *folded)
{
	char other[HANDLE_WORD_MAX];
	unsigned char platform;

	handle_fold(w, 'i', folded);
	if ((platform = handle_platform_folded(folded)) != PLATFORM_NONE ||
	    strchr(w, '1') == NULL)
		return platform;
	handle_fold(w, 'l', other);
	return handle_platform_folded(other);
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
				tok[n++].span = 1;
			}
			p = q;
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

static void
handle_platforms(const struct ntext *t, struct handle_token *tok, size_t n)
{
	char w[HANDLE_WORD_MAX], f[HANDLE_WORD_MAX], f2[HANDLE_WORD_MAX];
	size_t i, k;
	uint32_t p;

	for (i = 0; i < n; i++) {
		for (p = tok[i].start; p < tok[i].end && !ch_letter(t->s[p]); p++)
			;
		if (tok[i].handle || p == tok[i].end || handle_text(t, &tok[i], w, sizeof(w)) == 0)
			continue;
		tok[i].platform = handle_platform_word(w, f);
		/* "insta-pot", "snap-on": part of another word */
		if (tok[i].platform != PLATFORM_MESSAGING && handle_compound(t, &tok[i]))
			tok[i].platform = PLATFORM_NONE;
		if (i + 1 >= n || tok[i + 1].handle)
			continue;
		for (k = 0; k < NITEMS(platform_pairs); k++) {
			if (strcmp(f, platform_pairs[k].first) != 0)
				continue;
			if (handle_text(t, &tok[i + 1], w, sizeof(w)) == 0)
				break;
			handle_fold(w, 'i', f2);
			if (strcmp(f2, platform_pairs[k].second) == 0) {
				tok[i].platform = platform_pairs[k].platform;
				tok[i].span = 2;
				break;
			}
		}
	}
}

/* A word from list among tokens [from, to). */
static int
handle_near(const struct ntext *t, const struct handle_token *tok, size_t n, size_t from,
    size_t to, const char *const *list, int handles)
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
	if (handle_near(t, tok, n, i > 4 ? i - 4 : 0, i + 5, handle_mention_context, 0))
		return 1;
	for (k = 0; k < len; k++)
		if (ch_ascii_digit((unsigned char)w[k]) || w[k] == '_' || w[k] == '.')
			marked = 1;
	return marked && len >= 3;
}

/* A weak or social platform name at i used as a contact channel. */
static int
handle_channel(const struct ntext *t, const struct handle_token *tok, size_t n, size_t i)
{
	size_t nx = i + tok[i].span;
	int social = tok[i].platform == PLATFORM_SOCIAL;

	if (social && handle_near(t, tok, n, i > 3 ? i - 3 : 0, nx + 3,
	    handle_social_context, 1))
		return 1;
	/* "snap me", "signal me" but not "snap me a photo" */
	if (handle_is(t, tok, n, nx, (const char *const[]){ "me", NULL }) &&
	    (social || nx + 1 >= n || !handle_is(t, tok, n, nx + 1, handle_after_me)))
		return 1;
	/* "add me on signal", "hit me up on snap" */
	if (i > 0 && handle_is(t, tok, n, i - 1, handle_prepositions) &&
	    handle_near(t, tok, n, i > 6 ? i - 6 : 0, i - 1, handle_contact_words, 0) &&
	    !handle_is(t, tok, n, nx, handle_street_words))
		return 1;
	/* "my snap is bob_22", "my ig @bob", "my fb id" */
	if (i > 0 && handle_is(t, tok, n, i - 1, handle_possessives) && nx < n) {
		if (tok[nx].handle || handle_is(t, tok, n, nx, handle_id_words))
			return 1;
		if (tok[i].end < t->len && (t->s[tok[i].end] == ':' || t->s[tok[i].end] == '='))
			return 1;
		if (handle_is(t, tok, n, nx, (const char *const[]){ "is", NULL }) && nx + 1 < n &&
		    (tok[nx + 1].handle || !handle_is(t, tok, n, nx + 1, handle_descriptors)))
			return 1;
	}
	return 0;
}

static int
handle_scan(const struct ntext *t)
{
	struct handle_token stack[HANDLE_STACK_TOKENS], *tok = stack;
	size_t n, i, max = HANDLE_STACK_TOKENS;
	int found = 0, any_platform = 0;

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
	for (i = 0; i < n && !found; i++) {
		if (tok[i].handle)
			found = handle_mention(t, tok, n, i, any_platform);
		else if (tok[i].platform == PLATFORM_MESSAGING)
			found = 1;
		else if (tok[i].platform != PLATFORM_NONE)
			found = handle_channel(t, tok, n, i);
	}
	if (tok != stack)
		free(tok);
	return found;
}

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

int
detect_match(enum detect_kind kind, const char *text, size_t len)
{
	unsigned char stack[NORM_STACK], *buf = stack;
	struct ntext t;
	int found = 0;

	if (text == NULL || len == 0 || (unsigned)kind >= NITEMS(detect_names))
		return 0;
	if (len > sizeof(stack)) {
		/* Out of memory: judge the first 4 KiB rather than nothing. */
		if ((buf = malloc(len)) == NULL) {
			buf = stack;
			len = sizeof(stack);
		}
	}
	t.s = buf;
	t.len = norm_text(text, len, buf);
	switch (kind) {
	case DETECT_PHONE:
		found = phone_scan(&t);
		break;
	case DETECT_EMAIL:
		found = email_scan(&t);
		break;
	case DETECT_URL:
		found = url_scan(&t);
		break;
	case DETECT_HANDLE:
		found = handle_scan(&t);
		break;
	}
	if (buf != stack)
		free(buf);
	return found;
}
