/*
 * bench/detect: the body detectors on the labelled corpus (t/corpus/LANG.tsv):
 * precision, recall and false-positive rate per language and per trick,
 * and the median time per message for all four detectors together.
 *
 *   bench/detect [-v] [CORPUS_DIR]      (default: t/corpus)
 *
 * A language whose file the folder lacks is reported absent and skipped, so
 * a folder may hold only some languages. With -v every missed contact line
 * and every blocked clean line is printed, with what the detector found.
 */
#include "config.h"

#include <time.h>

#include "corpus.h"

#define ROUNDS	15
#define TRICKS	256

static const char *const langs[] = { "en", "es", "pt", "fr", "de", "it" };

struct trick {
	char                name[80];
	struct corpus_score s;
};

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
print_score(const char *name, const struct corpus_score *s)
{
	printf("%-40s %5zu %5zu  %6.3f %6.3f %6.3f\n", name, s->tp + s->fn, s->fp + s->tn,
	    corpus_precision(s), corpus_recall(s), corpus_fpr(s));
}

int
main(int argc, char **argv)
{
	int verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
	const char *dir = argc > 1 + verbose ? argv[1 + verbose] : "t/corpus";
	static struct trick tricks[TRICKS];
	struct corpus c;
	struct corpus_score all = { 0, 0, 0, 0 }, s;
	size_t ntricks = 0, l, i, k, r, nt = 0, cap = 0;
	double *times = NULL, t0;
	char path[4096], key[80], why[128];
	FILE *fp;
	int blocked;

	printf("%-40s %5s %5s  %6s %6s %6s\n", "", "cont", "clean", "prec", "recall", "fpr");
	for (l = 0; l < sizeof(langs) / sizeof(langs[0]); l++) {
		snprintf(path, sizeof(path), "%s/%s.tsv", dir, langs[l]);
		if ((fp = fopen(path, "r")) == NULL) {
			printf("%-40s absent\n", langs[l]);
			continue;
		}
		fclose(fp);
		if (corpus_read(path, &c) < 0) {
			fprintf(stderr, "bench/detect: %s\n", c.error);
			corpus_free(&c);
			return 1;
		}
		memset(&s, 0, sizeof(s));
		for (i = 0; i < c.count; i++) {
			blocked = corpus_blocked(c.lines[i].text, c.lines[i].len, why, sizeof(why));
			if (verbose && blocked != c.lines[i].contact)
				printf("  %s %s:%u %s/%s: %s%s%s\n",
				    c.lines[i].contact ? "missed" : "blocked", langs[l], c.lines[i].line,
				    c.lines[i].kind, c.lines[i].trick, c.lines[i].text,
				    blocked ? " -- " : "", blocked ? why : "");
			corpus_count(&s, c.lines[i].contact, blocked);
			corpus_count(&all, c.lines[i].contact, blocked);
			snprintf(key, sizeof(key), "%s %s/%s", c.lines[i].contact ? "contact" : "clean",
			    c.lines[i].kind, c.lines[i].trick);
			for (k = 0; k < ntricks && strcmp(tricks[k].name, key) != 0; k++)
				;
			if (k == ntricks && ntricks < TRICKS)
				snprintf(tricks[ntricks++].name, sizeof(tricks[0].name), "%s", key);
			if (k < TRICKS)
				corpus_count(&tricks[k].s, c.lines[i].contact, blocked);
			/* time: all four detectors, as a policy with the four rules */
			for (r = 0; r < ROUNDS; r++) {
				if (nt == cap) {
					cap = cap ? cap * 2 : 4096;
					times = realloc(times, cap * sizeof(*times));
				}
				t0 = now_ns();
				for (k = 0; k < DETECT_KINDS; k++)
					(void)detect_match((enum detect_kind)k, c.lines[i].text,
					    c.lines[i].len);
				times[nt++] = now_ns() - t0;
			}
		}
		print_score(langs[l], &s);
		corpus_free(&c);
	}
	print_score("all", &all);
	printf("\nper trick (all languages)\n");
	for (k = 0; k < ntricks; k++)
		print_score(tricks[k].name, &tricks[k].s);
	qsort(times, nt, sizeof(*times), cmp_double);
	printf("\nmedian %.2f us per message (four detectors), p99 %.2f us, %zu timings\n",
	    nt ? times[nt / 2] / 1000.0 : 0.0, nt ? times[nt * 99 / 100] / 1000.0 : 0.0, nt);
	free(times);
	return 0;
}
