/* lang_hi: Hindi as typed in Latin letters in India, beside English's
 * table (Indian English mixes the two): its number words ("nau aath saat
 * chaar", "do do ek") and the few words that ask for a detail or move a
 * chat elsewhere ("apna number bhejo", "WA pe ping karo", "whatsapp kar
 * do"). Not listed: "no" (nine) and "che" (six), everyday words
 * elsewhere; "do", "tin", "char" and "chah" count only among number words,
 * as articles do. */
#include "config.h"

#include "detect_int.h"

static const struct lang_number numbers[] = {
	{ "shunya", NUM_DIGIT, 0 }, { "sunya", NUM_DIGIT, 0 }, { "ek", NUM_DIGIT, 1 },
	{ "do", NUM_ARTICLE, 2 }, { "teen", NUM_DIGIT, 3 }, { "tin", NUM_ARTICLE, 3 },
	{ "char", NUM_ARTICLE, 4 }, { "chaar", NUM_DIGIT, 4 }, { "paanch", NUM_DIGIT, 5 },
	{ "panch", NUM_DIGIT, 5 }, { "chhe", NUM_DIGIT, 6 }, { "chhah", NUM_DIGIT, 6 },
	{ "chah", NUM_ARTICLE, 6 }, { "saat", NUM_DIGIT, 7 }, { "aath", NUM_DIGIT, 8 },
	{ "aanth", NUM_DIGIT, 8 }, { "nau", NUM_DIGIT, 9 },
	{ NULL, 0, 0 }
};

const struct detect_lang lang_hi = {
	.code = "hi",
	.name = "Hindi (in Latin letters)",
	.numbers = numbers,
	.words = {
	[LEX_YOUR] = (const char *const[]){ "apna", "apni", "apne", "aapka", "aapki", "apka", "apki",
		"tera", "teri", "tumhara", "tumhari", NULL },
	[LEX_ASK] = (const char *const[]){ "bhejo", "bhej", "bhejiye", "bhejna", "dedo", "dijiye",
		"batao", "bataiye", "bata", NULL },
	[LEX_NEGATION] = (const char *const[]){ "nahi", "nahin", "mat", NULL },
	[LEX_STAY] = (const char *const[]){ "yahan", "yahin", "idhar", NULL },
	[LEX_POSTPOSITION] = (const char *const[]){ "pe", "pr", NULL },
	[LEX_LIGHT_VERB] = (const char *const[]){ "kar", "karo", "kardo", "karna", "karlo", "karein",
		"kariye", "karde", NULL },
	},
};
