/* policy_words: word lists (@FILE after body): compiled into the list cache
 * (numbers.h) as hashed words and phrases, and matched against a body. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhooks/base/utf8.h"

#include "policy_impl.h"

/* Format of a compiled word list (see policy_words_compile). */
#define POLICY_WORDS_FORMAT	1
/* Word sequences longer than this are matched as phrases. */
#define POLICY_WORDS_MAX_SEQUENCE 63

/* FNV-1a, then a final mix so that the keys spread over all 64 bits. */
#define POLICY_HASH_START 0xcbf29ce484222325ULL

static uint64_t
policy_hash_step(uint64_t h, unsigned char c)
{
	return (h ^ c) * 0x100000001b3ULL;
}

static uint64_t
policy_hash_end(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/*
 * Compile a word list: one word or phrase a line, blank lines and lines
 * starting with '#' ignored. The extra block is the uint64 bit set of
 * sequence lengths followed by the phrases.
 */
static int
policy_words_compile(const char *path, const char *text, size_t len,
    struct numbers_build *out, struct error *err)
{
	uint64_t *keys = NULL, sequences = 0, *grown;
	char *extra = NULL, *grown_extra, *norm = NULL;
	size_t key_count = 0, key_cap = 0, extra_len = sizeof(uint64_t), extra_cap = 0;
	size_t pos = 0, line = 0, norm_cap = 0;

	extra_cap = 256;
	if ((extra = malloc(extra_cap)) == NULL)
		goto nomem;
	key_cap = len / 8 + 16;
	if ((keys = malloc(key_cap * sizeof(*keys))) == NULL)
		goto nomem;
	while (pos < len) {
		const char *start = text + pos, *end, *nl, *s;
		size_t n = 0, words = 0;
		int phrase = 0, space = 0;

		nl = memchr(start, '\n', len - pos);
		end = nl ? nl : text + len;
		pos = (size_t)(end - text) + (nl ? 1 : 0);
		line++;
		while (start < end && policy_is_space((unsigned char)*start))
			start++;
		while (end > start && policy_is_space((unsigned char)end[-1]))
			end--;
		if (start == end || *start == '#')
			continue;
		if (!utf8_valid(start, (size_t)(end - start))) {
			error_set(err, "%s:%zu: not valid UTF-8", path, line);
			goto fail;
		}
		if ((size_t)(end - start) + 1 > norm_cap) {
			char *bigger;

			norm_cap = (size_t)(end - start) + 1;
			if ((bigger = realloc(norm, norm_cap)) == NULL)
				goto nomem;
			norm = bigger;
		}
		/* Lowercase, one space between words. */
		for (s = start; s < end; s++) {
			unsigned char c = (unsigned char)*s;

			if (policy_is_space(c)) {
				space = 1;
				continue;
			}
			if (space) {
				norm[n++] = ' ';
				space = 0;
			}
			if (!policy_is_word(c))
				phrase = 1;
			else if (n == 0 || norm[n - 1] == ' ')
				words++;
			norm[n++] = (char)policy_lower(c);
		}
		norm[n] = '\0';
		if (words > POLICY_WORDS_MAX_SEQUENCE)
			phrase = 1;
		if (!phrase) {
			uint64_t h = POLICY_HASH_START;
			size_t i;

			for (i = 0; i < n; i++)
				h = policy_hash_step(h, (unsigned char)norm[i]);
			if (key_count == key_cap) {
				if (key_cap > SIZE_MAX / 2 / sizeof(*keys) ||
				    (grown = realloc(keys, key_cap * 2 * sizeof(*keys))) == NULL)
					goto nomem;
				keys = grown;
				key_cap *= 2;
			}
			keys[key_count++] = policy_hash_end(h);
			sequences |= (uint64_t)1 << words;
			continue;
		}
		while (extra_len + n + 1 > extra_cap) {
			if (extra_cap > SIZE_MAX / 2 ||
			    (grown_extra = realloc(extra, extra_cap * 2)) == NULL)
				goto nomem;
			extra = grown_extra;
			extra_cap *= 2;
		}
		memcpy(extra + extra_len, norm, n + 1);
		extra_len += n + 1;
	}
	memcpy(extra, &sequences, sizeof(sequences));
	free(norm);
	out->keys = keys;
	out->key_count = key_count;
	out->extra = extra;
	out->extra_len = extra_len;
	return 0;
nomem:
	error_set(err, "%s: out of memory", path);
fail:
	free(norm);
	free(keys);
	free(extra);
	return -1;
}

int
policy_words_load(const char *path, const char *cache_dir, struct policy_words *words,
    struct error *err)
{
	const char *extra;

	if (numbers_cache_open(path, cache_dir, "words", POLICY_WORDS_FORMAT,
	    policy_words_compile, &words->compiled, err) == -1)
		return -1;
	if (words->compiled.extra_len < sizeof(uint64_t)) {
		numbers_cache_close(&words->compiled);
		error_set(err, "%s: compiled word list is damaged", path);
		return -1;
	}
	extra = words->compiled.extra;
	memcpy(&words->sequences, extra, sizeof(uint64_t));
	words->phrases = extra + sizeof(uint64_t);
	words->phrases_len = words->compiled.extra_len - sizeof(uint64_t);
	return 0;
}

/* Does the lowercased phrase occur at text[pos], with a space in the phrase
 * standing for any run of white space, and not inside a word? */
static int
policy_phrase_at(const char *text, size_t len, size_t pos, const char *phrase)
{
	const unsigned char *t = (const unsigned char *)text;
	const unsigned char *p = (const unsigned char *)phrase;
	size_t i = pos;

	if (policy_is_word(p[0]) && pos > 0 && policy_is_word(t[pos - 1]))
		return 0;
	for (; *p != '\0'; p++) {
		if (*p == ' ') {
			if (i >= len || !policy_is_space(t[i]))
				return 0;
			while (i < len && policy_is_space(t[i]))
				i++;
			continue;
		}
		if (i >= len || policy_lower(t[i]) != *p)
			return 0;
		i++;
	}
	if (policy_is_word(p[-1]) && i < len && policy_is_word(t[i]))
		return 0;
	return 1;
}

int
policy_words_match(const struct policy_words *words, const char *text, size_t len)
{
	const unsigned char *t = (const unsigned char *)text;
	const char *phrase, *phrases_end;
	unsigned longest = 0, k;
	size_t i;

	for (k = 0; k < 64; k++)
		if (words->sequences & ((uint64_t)1 << k))
			longest = k;
	/* At each word, hash it and the words that follow it, separated by
	 * white space only, as the list's entries were hashed. */
	for (i = 0; longest > 0 && i < len; i++) {
		uint64_t h = POLICY_HASH_START;
		size_t pos = i;

		if (!policy_is_word(t[i]) || (i > 0 && policy_is_word(t[i - 1])))
			continue;
		for (k = 1;; k++) {
			size_t gap;

			while (pos < len && policy_is_word(t[pos]))
				h = policy_hash_step(h, policy_lower(t[pos++]));
			if ((words->sequences & ((uint64_t)1 << k)) &&
			    numbers_keys_contain(words->compiled.keys, words->compiled.key_count,
			    policy_hash_end(h)))
				return 1;
			if (k >= longest)
				break;
			for (gap = pos; gap < len && policy_is_space(t[gap]); gap++)
				;
			if (gap == pos || gap >= len || !policy_is_word(t[gap]))
				break;
			h = policy_hash_step(h, ' ');
			pos = gap;
		}
	}
	phrases_end = words->phrases + words->phrases_len;
	for (phrase = words->phrases; phrase < phrases_end; phrase += strlen(phrase) + 1)
		for (i = 0; i < len; i++)
			if (policy_lower(t[i]) == (unsigned char)phrase[0] &&
			    policy_phrase_at(text, len, i, phrase))
				return 1;
	return 0;
}
