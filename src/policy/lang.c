/*
 * lang: the languages the detectors read. Each is one table of words
 * (lang_XX.c, see struct detect_lang in detect_int.h); adding a language is
 * adding its file and one line here. All of them are read at once: a
 * message is not classified by language first, so a mixed message ("mi
 * numero is six one two...") is read as written.
 */
#include "config.h"

#include "detect_int.h"

extern const struct detect_lang lang_en, lang_es, lang_pt, lang_fr, lang_de, lang_it, lang_hi;

const struct detect_lang *const detect_langs[] = {
	&lang_en,
	&lang_es,
	&lang_pt,
	&lang_fr,
	&lang_de,
	&lang_it,
	&lang_hi,
};
const size_t detect_lang_count = NITEMS(detect_langs);
