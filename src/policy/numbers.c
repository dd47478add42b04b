/* numbers: number lists, compiled to sorted 64-bit keys and cached on disk. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proxyhooks/base/digest.h"
#include "proxyhooks/base/log.h"
#include "proxyhooks/base/safefile.h"
#include "proxyhooks/policy/numbers.h"
#include "proxyhooks/base/util.h"

/* The cache file: this header, the sorted keys, then the extra bytes. */
#define NUMBERS_MAGIC "PHLIST\r\n"

struct numbers_header {
	char     magic[8];
	char     kind[8];
	uint32_t version;
	uint32_t reserved;
	uint64_t source_size;
	int64_t  source_mtime_ns;
	uint64_t source_inode;
	uint64_t source_device;
	uint64_t count;
	uint64_t extra_len;
};

/* Format 1 of a compiled number list: keys are the numbers, extra the
 * sorted prefixes (uint64 each). */
#define NUMBERS_FORMAT 1

struct numbers {
	struct numbers_compiled compiled;
	const uint64_t         *prefixes;
	size_t                  prefix_count;
};

void
numbers_version_of(const struct stat *st, struct numbers_version *out)
{
	memset(out, 0, sizeof(*out));
	out->exists = 1;
	out->device = (uint64_t)st->st_dev;
	out->inode = (uint64_t)st->st_ino;
	out->size = (uint64_t)st->st_size;
	out->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

void
numbers_version_read(const char *path, struct numbers_version *out)
{
	struct stat st;

	if (stat(path, &st) == -1) {
		memset(out, 0, sizeof(*out));
		return;
	}
	numbers_version_of(&st, out);
}

int
numbers_version_same(const struct numbers_version *a, const struct numbers_version *b)
{
	if (a->exists != b->exists)
		return 0;
	if (!a->exists)
		return 1;
	return a->device == b->device && a->inode == b->inode &&
	    a->size == b->size && a->mtime_ns == b->mtime_ns;
}

/* Characters people write inside numbers that carry no meaning. */
static int
numbers_is_filler(char c)
{
	return c == ' ' || c == '\t' || c == '-' || c == '.' || c == '(' || c == ')';
}

int
numbers_parse(const char *text, size_t len, uint64_t *value, int *is_prefix,
    struct error *err)
{
	const char *reason = NULL;
	uint64_t v = 0;
	size_t i = 0;
	int digits = 0, plus = 0, star = 0;
	int shown = len > 64 ? 64 : (int)len;

	for (i = 0; i < len; i++) {
		char c = text[i];

		if (numbers_is_filler(c))
			continue;
		if (star) {
			reason = "'*' must end a prefix";
			goto fail;
		}
		if (!plus) {
			if (c != '+') {
				reason = "a number starts with '+'";
				goto fail;
			}
			plus = 1;
			continue;
		}
		if (c == '*') {
			star = 1;
			continue;
		}
		if (c < '0' || c > '9') {
			reason = "unexpected character";
			goto fail;
		}
		if (digits == 0 && c == '0') {
			reason = "a country code never starts with 0";
			goto fail;
		}
		if (++digits > NUMBERS_MAX_DIGITS) {
			reason = "more than 15 digits";
			goto fail;
		}
		v = v * 10 + (uint64_t)(c - '0');
	}
	if (!plus) {
		reason = len == 0 ? "no number" : "a number starts with '+'";
		goto fail;
	}
	if (digits == 0) {
		reason = "no digits";
		goto fail;
	}
	*value = v;
	*is_prefix = star;
	return 0;
fail:
	error_set(err, "bad number '%.*s%s': %s", shown, text, len > 64 ? "..." : "",
	    reason);
	return -1;
}

int
numbers_value(const char *text, uint64_t *value)
{
	int is_prefix;

	if (text == NULL)
		return -1;
	if (numbers_parse(text, strlen(text), value, &is_prefix, NULL) == -1 || is_prefix)
		return -1;
	return 0;
}

int
numbers_has_prefix(uint64_t number, uint64_t prefix)
{
	/* Neither starts with 0, so dropping the last digit until number is
	 * no longer larger reaches prefix exactly when it is a prefix. */
	while (number > prefix)
		number /= 10;
	return number == prefix;
}

int
numbers_keys_contain(const uint64_t *keys, size_t count, uint64_t key)
{
	size_t lo = 0, hi = count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (keys[mid] < key)
			lo = mid + 1;
		else if (keys[mid] > key)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

static int
numbers_compare(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

size_t
numbers_keys_sort(uint64_t *keys, size_t count)
{
	size_t counts[2048];
	uint64_t *tmp = NULL, *src = keys, *dst;
	size_t i, out;
	unsigned shift;

	if (count < 2)
		return count;
	/* A radix sort: a million keys sort in a few milliseconds, which
	 * matters when a CGI process has to rebuild a list. */
	if (count >= 256 && count <= SIZE_MAX / sizeof(*keys))
		tmp = malloc(count * sizeof(*keys));
	if (tmp == NULL) {
		qsort(keys, count, sizeof(*keys), numbers_compare);
	} else {
		dst = tmp;
		for (shift = 0; shift < 64; shift += 11) {
			size_t sum = 0, skip = 0;

			memset(counts, 0, sizeof(counts));
			for (i = 0; i < count; i++)
				counts[(src[i] >> shift) & 2047]++;
			for (i = 0; i < 2048; i++)
				if (counts[i] == count)
					skip = 1;
			if (skip)
				continue;
			for (i = 0; i < 2048; i++) {
				size_t n = counts[i];

				counts[i] = sum;
				sum += n;
			}
			for (i = 0; i < count; i++)
				dst[counts[(src[i] >> shift) & 2047]++] = src[i];
			dst = src;
			src = src == keys ? tmp : keys;
		}
		if (src != keys)
			memcpy(keys, src, count * sizeof(*keys));
		free(tmp);
	}
	for (i = 1, out = 1; i < count; i++)
		if (keys[i] != keys[out - 1])
			keys[out++] = keys[i];
	return out;
}

int
numbers_cache_path(const char *path, const char *cache_dir, const char *kind,
    char *buf, size_t len, struct error *err)
{
	unsigned char digest[DIGEST_SHA256_LEN];
	char *absolute = NULL, hex[33];
	int n, rc = -1;

	/* Named after the absolute path, so that every process and every
	 * spelling of the path (relative, through symlinks) shares one file. */
	if ((absolute = realpath(path, NULL)) == NULL) {
		error_set(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	digest_sha256(absolute, strlen(absolute), digest);
	util_hex(hex, digest, 16);
	n = snprintf(buf, len, "%s/%s-%s.list", cache_dir, kind, hex);
	if (n < 0 || (size_t)n >= len) {
		error_set(err, "%s: cache path too long", cache_dir);
		goto fail;
	}
	rc = 0;
fail:
	free(absolute);
	return rc;
}

/* Map the cache file and check that it was built from this version of the
 * source with this format. 1 when usable, 0 when not (missing or stale). */
static int
numbers_cache_map(const struct safedir *dir, const char *name, const char *kind,
    uint32_t version, const struct numbers_version *source, struct numbers_compiled *out)
{
	const struct numbers_header *h;
	struct error err = { 0 };
	struct stat st;
	void *map = MAP_FAILED;
	size_t size = 0;
	int fd, usable = 0;

	/* Refused (a link, another user's file): rebuilt and renamed over. */
	if ((fd = safefile_open(dir, name, O_RDONLY, 0, NULL, &err)) == -1) {
		if (errno != ENOENT)
			log_warn("list cache: %s", err.message);
		return 0;
	}
	if (fstat(fd, &st) == -1 ||
	    (uint64_t)st.st_size < sizeof(*h) || (uint64_t)st.st_size > SIZE_MAX)
		goto done;
	size = (size_t)st.st_size;
	if ((map = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0)) == MAP_FAILED)
		goto done;
	h = map;
	if (memcmp(h->magic, NUMBERS_MAGIC, sizeof(h->magic)) != 0 ||
	    strncmp(h->kind, kind, sizeof(h->kind)) != 0 || h->version != version ||
	    h->source_size != source->size || h->source_mtime_ns != source->mtime_ns ||
	    h->source_inode != source->inode || h->source_device != source->device)
		goto done;
	/* The length must be exactly what the header announces: a file cut
	 * short is rebuilt, never read past its end. */
	if (h->count > (size - sizeof(*h)) / sizeof(uint64_t) ||
	    h->extra_len != size - sizeof(*h) - h->count * sizeof(uint64_t))
		goto done;
	out->keys = (const uint64_t *)(h + 1);
	out->key_count = (size_t)h->count;
	out->extra = out->keys + out->key_count;
	out->extra_len = (size_t)h->extra_len;
	out->map = map;
	out->map_len = size;
	out->from_cache = 1;
	usable = 1;
done:
	if (!usable && map != MAP_FAILED)
		munmap(map, size);
	close(fd);
	return usable;
}

static int
numbers_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write the compiled list next to its final name and rename it into place,
 * so that a concurrent reader sees the old file or the new one, never half. */
static int
numbers_cache_write(const struct safedir *dir, const char *name, const char *kind,
    uint32_t version, const struct numbers_version *source, const struct numbers_compiled *c,
    struct error *err)
{
	struct numbers_header h;
	char tmp[NAME_MAX + 1];
	int fd = -1, rc = -1;

	tmp[0] = '\0';
	if ((fd = safefile_temp(dir, name, tmp, sizeof(tmp), err)) == -1) {
		tmp[0] = '\0';
		goto fail;
	}
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, NUMBERS_MAGIC, sizeof(h.magic));
	memcpy(h.kind, kind, strnlen(kind, sizeof(h.kind)));
	h.version = version;
	h.source_size = source->size;
	h.source_mtime_ns = source->mtime_ns;
	h.source_inode = source->inode;
	h.source_device = source->device;
	h.count = c->key_count;
	h.extra_len = c->extra_len;
	if (numbers_write_all(fd, &h, sizeof(h)) == -1 ||
	    numbers_write_all(fd, c->keys, c->key_count * sizeof(uint64_t)) == -1 ||
	    numbers_write_all(fd, c->extra, c->extra_len) == -1) {
		error_set(err, "cannot write %s/%s: %s", dir->path, tmp, strerror(errno));
		goto fail;
	}
	/* Readable by the CLI and by the workers, whoever built it. */
	if (fchmod(fd, 0644) == -1 || close(fd) == -1) {
		fd = -1;
		error_set(err, "cannot write %s/%s: %s", dir->path, tmp, strerror(errno));
		goto fail;
	}
	fd = -1;
	if (safefile_rename(dir, tmp, name, err) == -1)
		goto fail;
	rc = 0;
fail:
	if (fd != -1)
		close(fd);
	if (rc == -1 && tmp[0] != '\0')
		(void)safefile_unlink(dir, tmp, &(struct error){ 0 });
	return rc;
}

/* The whole source file, read (not mapped: a list rewritten in place while
 * it is read must not crash the program). */
static int
numbers_read_fd(int fd, const char *path, size_t hint, char **out, size_t *out_len,
    struct error *err)
{
	char *buf = NULL, *grown;
	size_t cap = hint + 1, len = 0;

	if (hint >= SIZE_MAX - 1) {
		error_set(err, "%s: too large", path);
		goto fail;
	}
	if ((buf = malloc(cap)) == NULL) {
		error_set(err, "%s: out of memory", path);
		goto fail;
	}
	for (;;) {
		ssize_t n;

		if (len + 1 >= cap) {
			if (cap > SIZE_MAX / 2 || (grown = realloc(buf, cap * 2)) == NULL) {
				error_set(err, "%s: out of memory", path);
				goto fail;
			}
			buf = grown;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			error_set(err, "cannot read %s: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*out = buf;
	*out_len = len;
	return 0;
fail:
	free(buf);
	return -1;
}

int
numbers_cache_open(const char *path, const char *cache_dir, const char *kind,
    uint32_t version, numbers_compile_fn compile, struct numbers_compiled *out,
    struct error *err)
{
	struct numbers_build build;
	struct error cache_err;
	struct safedir cache = { .fd = -1 };
	struct stat st;
	char cache_path[PATH_MAX], *text = NULL;
	const char *cache_name = NULL;
	size_t text_len = 0;
	int fd = -1, rc = -1, have_cache_path = 0;

	memset(out, 0, sizeof(*out));
	memset(&build, 0, sizeof(build));
	error_clear(&cache_err);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		error_set(err, "cannot open %s: %s", path, strerror(errno));
		goto fail;
	}
	if (fstat(fd, &st) == -1) {
		error_set(err, "cannot stat %s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		error_set(err, "%s: not a regular file", path);
		goto fail;
	}
	numbers_version_of(&st, &out->source);
	if (cache_dir != NULL && cache_dir[0] != '\0') {
		/* The folder once, without following a link; the files in it
		 * through safefile. */
		if (numbers_cache_path(path, cache_dir, kind, cache_path, sizeof(cache_path),
		    &cache_err) == 0 && safedir_open(&cache, cache_dir, 0, &cache_err) == 0) {
			have_cache_path = 1;
			cache_name = strrchr(cache_path, '/') + 1;
		} else
			log_warn("list cache: %s", cache_err.message);
	}
	if (have_cache_path &&
	    numbers_cache_map(&cache, cache_name, kind, version, &out->source, out)) {
		rc = 0;
		goto done;
	}
	if (numbers_read_fd(fd, path, (size_t)st.st_size, &text, &text_len, err) == -1)
		goto fail;
	if (compile(path, text, text_len, &build, err) == -1)
		goto fail;
	build.key_count = numbers_keys_sort(build.keys, build.key_count);
	out->owned = build;
	memset(&build, 0, sizeof(build));
	out->keys = out->owned.keys;
	out->key_count = out->owned.key_count;
	out->extra = out->owned.extra;
	out->extra_len = out->owned.extra_len;
	/* A cache that cannot be written costs speed, not correctness: the
	 * list is still served from memory. */
	if (have_cache_path &&
	    numbers_cache_write(&cache, cache_name, kind, version, &out->source, out,
	    &cache_err) == -1)
		log_warn("list cache: %s", cache_err.message);
	rc = 0;
	goto done;
fail:
	numbers_cache_close(out);
done:
	free(build.keys);
	free(build.extra);
	free(text);
	if (fd != -1)
		close(fd);
	safedir_close(&cache);
	return rc;
}

void
numbers_cache_close(struct numbers_compiled *compiled)
{
	if (compiled->map != NULL)
		munmap(compiled->map, compiled->map_len);
	free(compiled->owned.keys);
	free(compiled->owned.extra);
	memset(compiled, 0, sizeof(*compiled));
}

/* Append to a growing array of keys. */
static int
numbers_push(uint64_t **keys, size_t *count, size_t *cap, uint64_t value)
{
	uint64_t *grown;

	if (*count == *cap) {
		size_t want = *cap ? *cap * 2 : 64;

		if (want > SIZE_MAX / sizeof(**keys) ||
		    (grown = realloc(*keys, want * sizeof(**keys))) == NULL)
			return -1;
		*keys = grown;
		*cap = want;
	}
	(*keys)[(*count)++] = value;
	return 0;
}

static int
numbers_compile(const char *path, const char *text, size_t len, struct numbers_build *out,
    struct error *err)
{
	uint64_t *keys = NULL, *prefixes = NULL;
	size_t key_count = 0, key_cap = 0, prefix_count = 0, prefix_cap = 0;
	size_t pos = 0, line = 0;
	struct error entry_err;

	/* About 13 bytes a line in a plain list: start near the final size. */
	key_cap = len / 13 + 16;
	if ((keys = malloc(key_cap * sizeof(*keys))) == NULL)
		goto nomem;
	while (pos < len) {
		const char *start = text + pos, *end, *nl;
		uint64_t value;
		int is_prefix;

		nl = memchr(start, '\n', len - pos);
		end = nl ? nl : text + len;
		pos = (size_t)(end - text) + (nl ? 1 : 0);
		line++;
		/* '#' starts a comment anywhere on the line. */
		{
			const char *hash = memchr(start, '#', (size_t)(end - start));

			if (hash)
				end = hash;
		}
		while (start < end && (*start == ' ' || *start == '\t'))
			start++;
		while (end > start && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
			end--;
		if (start == end)
			continue;
		error_clear(&entry_err);
		if (numbers_parse(start, (size_t)(end - start), &value, &is_prefix,
		    &entry_err) == -1) {
			error_set(err, "%s:%zu: %s", path, line, entry_err.message);
			goto fail;
		}
		if (is_prefix ? numbers_push(&prefixes, &prefix_count, &prefix_cap, value) :
		    numbers_push(&keys, &key_count, &key_cap, value))
			goto nomem;
	}
	prefix_count = numbers_keys_sort(prefixes, prefix_count);
	out->keys = keys;
	out->key_count = key_count;
	out->extra = prefixes;
	out->extra_len = prefix_count * sizeof(uint64_t);
	return 0;
nomem:
	error_set(err, "%s: out of memory", path);
fail:
	free(keys);
	free(prefixes);
	return -1;
}

int
numbers_load(const char *path, const char *cache_dir, struct numbers **out,
    struct error *err)
{
	struct numbers *list;

	*out = NULL;
	if ((list = calloc(1, sizeof(*list))) == NULL) {
		error_set(err, "%s: out of memory", path);
		return -1;
	}
	if (numbers_cache_open(path, cache_dir, "numbers", NUMBERS_FORMAT, numbers_compile,
	    &list->compiled, err) == -1) {
		free(list);
		return -1;
	}
	list->prefixes = list->compiled.extra;
	list->prefix_count = list->compiled.extra_len / sizeof(uint64_t);
	*out = list;
	return 0;
}

int
numbers_contains(const struct numbers *list, uint64_t value)
{
	if (numbers_keys_contain(list->compiled.keys, list->compiled.key_count, value))
		return 1;
	/* Each shorter run of leading digits may be a listed prefix. */
	if (list->prefix_count > 0)
		for (; value > 0; value /= 10)
			if (numbers_keys_contain(list->prefixes, list->prefix_count, value))
				return 1;
	return 0;
}

size_t
numbers_count(const struct numbers *list)
{
	return list->compiled.key_count;
}

size_t
numbers_prefix_count(const struct numbers *list)
{
	return list->prefix_count;
}

int
numbers_from_cache(const struct numbers *list)
{
	return list->compiled.from_cache;
}

const struct numbers_version *
numbers_source(const struct numbers *list)
{
	return &list->compiled.source;
}

void
numbers_free(struct numbers *list)
{
	if (list == NULL)
		return;
	numbers_cache_close(&list->compiled);
	free(list);
}
