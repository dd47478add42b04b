/*
 * detect_int.h: what the detectors (detect_*.c) share: the normalised text,
 * its character classes and word helpers, the lexicon merged from the
 * language tables (lang_*.c), the '@'/'.' markers and domains that e-mail
 * addresses and links have in common, and where findings go. Not installed;
 * the interface is proxyhooks/policy/detect.h.
 */
#ifndef PROXYHOOKS_DETECT_INT_H
#define PROXYHOOKS_DETECT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "proxyhooks/policy/detect.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

struct detect_sink;

/*
 * The normalised text: one byte per character, ASCII in lower case,
 * control characters as spaces, look-alikes from other scripts as their
 * ASCII twins, accents dropped, invisible characters removed. A character
 * with no ASCII meaning is NORM_OTHER; a decorated digit (circled, bold,
 * keycap) is NORM_STYLED + its value, so the phone detector can count it as
 * disguise. at[i] is where s[i] began in the text as given (at[len]: its
 * length), for spans.
 */
#define NORM_OTHER	0x80
#define NORM_STYLED	0x90
#define NORM_STACK	4096

struct ntext {
	const unsigned char *s;
	size_t               len;
	const uint32_t      *at;
	const char          *src;	/* the text as given */
};

/* Normalise text[0..len) into out and at (len and len + 1 entries). */
size_t norm_text(const char *text, size_t len, unsigned char *out, uint32_t *at);

static inline int
ch_letter(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

static inline int
ch_ascii_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline int
ch_digit(unsigned char c)
{
	return ch_ascii_digit(c) || (c >= NORM_STYLED && c <= NORM_STYLED + 9);
}

static inline int
ch_digit_value(unsigned char c)
{
	return ch_ascii_digit(c) ? c - '0' : c - NORM_STYLED;
}

static inline int
ch_alnum(unsigned char c)
{
	return ch_letter(c) || ch_digit(c);
}

/*
 * The lexicon: every word of every language table, each with the classes
 * it belongs to. Words are written normalised (lower case, no accents:
 * "numero", "funf", "dreissig").
 */
enum lex_class {
	LEX_PHONE_CUE,		/* "call", "llamame", "Handy": a 7-9 digit number is a phone */
	LEX_EMAIL_CUE,		/* "email", "correo", "courriel" */
	LEX_URL_CUE,		/* "link", "site", "enlace" */
	LEX_REF,		/* "order", "pedido", "suivi": the number after it is a reference */
	LEX_REF_FILLER,		/* "no", "nr", "de": between a reference word and its number */
	LEX_CURRENCY,		/* "eur", "reais": an amount */
	LEX_UNIT,		/* "km", "kg", "cm", "talla": a measure or size */
	LEX_JOIN,		/* "and", "y", "und", "then": may stand between digits */
	LEX_EMAIL_STOP,		/* "me", "estoy": come before " at " in sentences */
	LEX_PROVIDER,		/* "gmail": a mail provider named without its domain */
	LEX_AT,			/* "at", "arroba", "chez": written for '@' */
	LEX_DOT,		/* "dot", "punto", "ponto", "Punkt", "point": for '.' */
	LEX_URL_STOP,		/* "the", "el": "the dot com" is a phrase */
	LEX_CONTACT,		/* "add", "escribeme", "schreib": asks for contact */
	LEX_SOCIAL_CONTEXT,	/* near a social network's name: it is a channel */
	LEX_PREP,		/* "on", "por", "no", "sur", "auf": "add me on X" */
	LEX_POSSESSIVE,		/* "my", "mi", "meu", "mon", "mein", "mio" */
	LEX_ID,			/* "user", "usuario", "pseudo": a user name follows */
	LEX_IS,			/* "is", "es", "e", "est", "ist": "my ig is ..." */
	LEX_ME,			/* "me", "moi", "mich": "snap me" */
	LEX_AFTER_ME,		/* "snap me a photo": not a channel */
	LEX_DESCRIPTOR,		/* "my signal is bad" */
	LEX_STREET,		/* "Signal Hill Rd" */
	LEX_MENTION,		/* near "@name": it is a handle */
	LEX_NEGATION,		/* "don't", "no", "pas", "kein": a mere mention */
	LEX_STAY,		/* "here", "aqui", "ici": keep talking here */
	LEX_AT_WEAK,		/* at-words that are also everyday words ("at", "chez") */
	LEX_SEQUENCE,		/* "first", "then", "rest", "derniers": a number told in parts */
	LEX_OUTSIDE,		/* "outside", "fuera", "ausserhalb": off the platform */
	LEX_ASK,		/* "give", "gib", "dammi": asks for a detail */
	LEX_YOUR,		/* "your", "deine", "tuo" */
	LEX_FINDME,		/* "I am", "soy", "bin", "me encuentras": a name follows */
	LEX_SAME,		/* "same", "mismo", "gleiche": same name or number as */
	LEX_PLATFORM_VERB,	/* "ami", "eame": endings making a verb of an app's name
				 * ("whatsappami", "wasapeame"); listed folded, as
				 * platform names are (see detect_handle.c) */
	LEX_PLEASE,		/* "please", "pls", "stp", "bitte": "whatsapp pls" asks */
	LEX_MAIL,		/* "email", "mail", "courriel": e-mail itself, not "address" */
	LEX_PREFER,		/* "rather", "lieber", "plutot": a preference, not a negation */
	LEX_WHERE,		/* "bio", "perfil", "annuncio": where a detail is left for the other */
	LEX_FEE,		/* "fee", "comision", "taxa", "Gebuhr": the platform's cut, dodged off it */
	LEX_AVOID,		/* "skip", "ahorrar", "sem", "sparen": the fee dodged */
	LEX_PAY,		/* "cash", "efectivo", "pix", "bar", "cancel": paid past the platform */
	LEX_CHEAPER,		/* "cheaper", "descuento", "billiger": a price for leaving */
	LEX_REVERSE,		/* "backwards", "al reves", "a l'envers": digits to read reversed */
	LEX_PROVIDER_WEAK,	/* providers that are everyday words too ("libero", "orange") */
	LEX_POSTPOSITION,	/* "pe": "WA pe" is "on WA" (Hindi puts it after the name) */
	LEX_LIGHT_VERB,		/* "kar", "karo": "whatsapp kar do" makes the app a verb */
	LEX_HAVE,		/* "have", "tienes", "hast", "hai": "do you have a number" */
	LEX_NUMBER_NOUN,	/* "number", "numero", "Nummer", "portable": a phone number named */
	LEX_REACH,		/* "call", "llamarte", "anrufen": to call or reach someone */
	LEX_YOU_OBJ,		/* "you", "te", "dich", "ti": the other side, called or reached */
	LEX_ADDRESS,		/* "address", "adresse", "indirizzo": before "mail" it is an email */
	LEX_INDEFINITE,		/* "a", "un", "eine", "ne": "do you have a number?" */
	LEX_GIVE_AFTER_ME,	/* "das", "da": asks only after "me" ("me das tu numero") */
	LEX_MOVE,		/* "continue", "seguimos", "passons": the talk moved elsewhere */
	LEX_SMS,		/* "sms", "text", "texto": text messages as a channel */
	LEX_MODAL,		/* "will", "would": "the app will email me" tells, not asks */
	LEX_REPORTED,		/* "wanted", "wollte", "voulait": what someone else wanted, told */
	LEX_LEAVE,		/* "leave", "dejame", "laisse": a detail left for the writer */
	LEX_YOURS,		/* "yours", "el tuyo", "le tien": the other's, the noun left out */
	LEX_HESITATION,		/* "um", "euh", "ähm", "cioè": said between digits, meaning nothing */
	LEX_OTHER,		/* "another", "otro", "autre", "andere": another way asked for */
	LEX_MEANS,		/* "way", "medio", "jeito", "moyen", "Möglichkeit": a way to reach */
	LEX_GREETING,		/* "hi", "hola", "oi", "bonjour", "hallo", "ciao": "Hi @ana_r," addresses */
	LEX_IF,			/* "if", "wenn", "falls": "if you pay outside the app you lose ..." */
	LEX_CLASSES
};

/* How a number word reads (see detect_phone.c). */
enum num_unit {
	NUM_DIGIT,		/* 0-9 */
	NUM_TEEN,		/* 10-19 */
	NUM_TENS,		/* 20-90, value in tens */
	NUM_REPEAT,		/* "double" 1, "triple" 2: the next digit repeated */
	NUM_FLANKED,		/* a look-alike digit, only between digits ("4l5") */
	NUM_HUNDRED,		/* x100: of the digit before (value 0) or value */
	NUM_ARTICLE		/* also an article ("un", "ein", "uma"): a digit only among number words */
};

struct lang_number {
	const char   *text;
	unsigned char unit, value;
};

/* Platforms by how much naming one says (see detect_handle.c). */
enum platform { PLATFORM_NONE, PLATFORM_WEAK, PLATFORM_SOCIAL, PLATFORM_MESSAGING };

struct lang_platform {
	const char   *text;		/* folded: doubled letters written once */
	unsigned char platform;
	const char   *canonical;	/* the name reported ("whatsapp") */
};

/*
 * One language's data. Adding a language is one lang_XX.c file defining
 * such a table and one line in lang.c. Every list ends with NULL (numbers
 * and platforms with a NULL text); a class a language has no words for is
 * left NULL.
 */
struct detect_lang {
	const char                 *code;	/* "en" */
	const char                 *name;	/* "English" */
	const struct lang_number   *numbers;
	const struct lang_platform *platforms;
	const char *const          *words[LEX_CLASSES];
};

extern const struct detect_lang *const detect_langs[];
extern const size_t detect_lang_count;

#define LEX_BIT(c)	(UINT64_C(1) << (c))
_Static_assert(LEX_CLASSES <= 64, "a word's classes are one uint64_t");

/* The classes of s[0..n) (0 when it is in no table). */
uint64_t lex_classes(const unsigned char *s, size_t n);
/* 1 when s[0..n) belongs to class c. */
static inline int
lex_is(const unsigned char *s, size_t n, enum lex_class c)
{
	return (lex_classes(s, n) & LEX_BIT(c)) != 0;
}
/* A platform name (folded) and its canonical name; PLATFORM_NONE if none. */
unsigned char lex_platform(const char *folded, const char **canonical);

/* Number words by their first two letters, for splitting glued words. */
struct lex_numbers {
	const struct lang_number *const *words;		/* all number words */
	const unsigned char            *lens;
	const uint16_t                 *bucket_start;	/* 27 * 27 + 1 entries */
	const uint16_t                 *bucket;		/* word indexes */
};
const struct lex_numbers *lex_numbers(void);

/* Helpers on normalised text. */
/* Length of a word of class c (or a phrase of it: "at the rate") written
 * at p as a whole word, 0 if none. */
size_t word_at(const struct ntext *t, size_t p, enum lex_class c);
/* The letters ending just before p, skipping up to max characters from skip;
 * returns the word's length (0 if none) with its start in *start. */
size_t word_before(const struct ntext *t, size_t p, const char *skip, size_t max,
    size_t *start);
size_t skip_spaces(const struct ntext *t, size_t p, size_t max);
unsigned char ch_leet(unsigned char c, int one_is_l);
/* The text with the spaces between single characters dropped ("j a n e
 * @ g m a i l"), into out and at (t->len and t->len + 1 entries); 0 when
 * no three single characters come in a row. */
size_t text_unspace(const struct ntext *t, unsigned char *out, uint32_t *at);
/* scan(t), then scan of t unspaced (text_unspace) when that differs; texts
 * over NORM_STACK are scanned as written only. */
void scan_unspaced(const struct ntext *t, struct detect_sink *k,
    void (*scan)(const struct ntext *, struct detect_sink *));
/* Any word of class c in the text. */
int text_has_class(const struct ntext *t, enum lex_class c);
/* ... of min_len letters or more. */
int text_has_word(const struct ntext *t, enum lex_class c, size_t min_len);

/* '@' and '.' markers: literal, spaced, bracketed or spelled out. */
enum mark_kind { MARK_NONE, MARK_TIGHT, MARK_SPACED, MARK_BRACKET, MARK_WORD };
#define MARK_SPACES	3
size_t mark_parse(const struct ntext *t, size_t p, unsigned char literal, enum lex_class words,
    enum mark_kind *kind);

struct tld {
	const char *name;
	int         weak;	/* also an everyday word ("in", "me", "it") */
};

struct domain {
	size_t start, end;		/* first label's start, last label's end */
	size_t labels;
	size_t first_len;
	size_t tld, tld_len;		/* the last label */
	int    disguised;		/* a dot was spaced, bracketed or a word */
	size_t label_at[16], label_len[16];
};

int ch_label(unsigned char c);
size_t domain_parse(const struct ntext *t, size_t p, struct domain *d);
const struct tld *domain_tld(const struct ntext *t, const struct domain *d);
/* The TLD table's entry for s[0..n) (folded letters), or NULL. */
const struct tld *tld_find(const unsigned char *s, size_t n);
int domain_has_path(const struct ntext *t, size_t e);
/* The domain as "a.b.c" into buf (size >= 2); returns its length. */
size_t domain_value(const struct ntext *t, const struct domain *d, char *buf, size_t size);

/* Where findings go. With max 0 the first finding stops the scan. */
struct detect_sink {
	struct detect_found *out;
	size_t               max, n;
};

/* Report kind at normalised s[a..b) with value; returns 1 when the
 * detector should stop. */
int sink_add(struct detect_sink *k, enum detect_kind kind, const struct ntext *t, size_t a,
    size_t b, const char *value);
/* The sink is full or wants only the first. */
int sink_done(const struct detect_sink *k);

void phone_scan(const struct ntext *t, struct detect_sink *k);
void email_scan(const struct ntext *t, struct detect_sink *k);
void url_scan(const struct ntext *t, struct detect_sink *k);
void handle_scan(const struct ntext *t, struct detect_sink *k);
/* Digit runs kept between messages (see detect_runs in detect.h). */
size_t phone_runs(const struct ntext *t, char *out, size_t size);

#endif
