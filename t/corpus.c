/*
 * corpus: the labelled messages of t/corpus/LANG.tsv judged by the four
 * body detectors. Recall (contact details caught) and the false-positive
 * rate (clean messages blocked) of every language must stay at or above
 * and below its floor, set just under what the detectors reach so that
 * nothing regresses; the goal in every language is recall >= 0.90 and a
 * false-positive rate <= 0.03. bench/detect prints the same per trick.
 */
#include "config.h"

#include "corpus.h"
#include "tap.h"

static const struct {
	const char *lang;
	double      recall_floor, fpr_ceiling;
} floors[] = {
	{ "en", 0.99, 0.02 },
	{ "es", 0.98, 0.01 },
	{ "pt", 0.98, 0.01 },
	{ "fr", 0.98, 0.01 },
	{ "de", 0.98, 0.01 },
	{ "it", 0.98, 0.01 },
};

int
main(void)
{
	const char *dir = getenv("top_srcdir");
	char path[4096], name[256], why[128];
	struct corpus c;
	struct corpus_score s;
	size_t l, i;
	int blocked;

	for (l = 0; l < sizeof(floors) / sizeof(floors[0]); l++) {
		snprintf(path, sizeof(path), "%s/t/corpus/%s.tsv", dir != NULL ? dir : ".",
		    floors[l].lang);
		if (corpus_read(path, &c) < 0) {
			ok(0, c.error);
			corpus_free(&c);
			continue;
		}
		memset(&s, 0, sizeof(s));
		for (i = 0; i < c.count; i++) {
			blocked = corpus_blocked(c.lines[i].text, c.lines[i].len, why, sizeof(why));
			corpus_count(&s, c.lines[i].contact, blocked);
			if (blocked != c.lines[i].contact)
				diag("%s %s:%u %s/%s: %s%s%s", c.lines[i].contact ? "missed" : "blocked",
				    floors[l].lang, c.lines[i].line, c.lines[i].kind, c.lines[i].trick,
				    c.lines[i].text, blocked ? " -- " : "", blocked ? why : "");
		}
		snprintf(name, sizeof(name), "%s: at least 200 messages (%zu)", floors[l].lang,
		    c.count);
		ok(c.count >= 200, name);
		snprintf(name, sizeof(name), "%s: recall %.3f >= %.2f", floors[l].lang,
		    corpus_recall(&s), floors[l].recall_floor);
		ok(corpus_recall(&s) >= floors[l].recall_floor, name);
		snprintf(name, sizeof(name), "%s: false-positive rate %.3f <= %.2f", floors[l].lang,
		    corpus_fpr(&s), floors[l].fpr_ceiling);
		ok(corpus_fpr(&s) <= floors[l].fpr_ceiling, name);
		diag("%s: precision %.3f", floors[l].lang, corpus_precision(&s));
		corpus_free(&c);
	}
	return done_testing();
}
