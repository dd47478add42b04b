/* form: strict x-www-form-urlencoded decoding into an ordered list of pairs. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhooks/web/form.h"
#include "proxyhooks/base/utf8.h"
#include "proxyhooks/base/util.h"


static int
hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode s[0..len) to out and NUL-terminate it; *out_len gets the decoded
 * length. Plain bytes move a word at a time: s may be read up to
 * s + readable (readable >= len) and out written up to out + readable,
 * which holds because decoding never lengthens the text. Errors name the
 * byte offset in s, and invalid UTF-8 is looked for only when some byte
 * had its high bit set.
 */
static int
form_unescape_to(const char *s, size_t len, size_t readable, char *out, size_t *out_len,
    struct error *err)
{
	char *o = out;
	uint64_t w, mask, high = 0;
	size_t i = 0, run;
	unsigned char c;
	int hi, lo;

	while (i < len) {
		if (readable - i >= 8) {
			memcpy(&w, s + i, 8);
			memcpy(o, &w, 8);
			high |= w;
			mask = util_word_bytes_equal(w, '%') | util_word_bytes_equal(w, '+') |
			    util_word_bytes_equal(w, '\0');
			run = mask != 0 ? util_word_first_marked(mask) : 8;
			if (run > len - i)
				run = len - i;
			i += run;
			o += run;
			if (run == 8 || i == len)
				continue;
		} else {
			while (i < len && (c = (unsigned char)s[i]) != '%' && c != '+' && c != '\0') {
				*o++ = (char)c;
				high |= c;
				i++;
			}
			if (i == len)
				break;
		}
		c = (unsigned char)s[i];
		if (c == '+') {
			*o++ = ' ';
			i++;
		} else if (c == '%') {
			if (len - i < 3 || (hi = hex_value((unsigned char)s[i + 1])) < 0 ||
			    (lo = hex_value((unsigned char)s[i + 2])) < 0) {
				error_status(err, 400, "malformed percent escape at byte %zu", i);
				return -1;
			}
			if (hi == 0 && lo == 0) {
				error_status(err, 400, "%%00 (a NUL byte) at byte %zu", i);
				return -1;
			}
			c = (unsigned char)(hi << 4 | lo);
			*o++ = (char)c;
			high |= c;
			i += 3;
		} else {
			error_status(err, 400, "NUL byte at byte %zu", i);
			return -1;
		}
	}
	*o = '\0';
	if ((high & UTIL_WORD_HIGHS) != 0 && !utf8_valid(out, (size_t)(o - out))) {
		error_status(err, 400, "invalid UTF-8");
		return -1;
	}
	*out_len = (size_t)(o - out);
	return 0;
}

char *
form_unescape(const char *s, size_t len, size_t *out_len, struct error *err)
{
	char *out;
	size_t n;

	if ((out = malloc(len + 1)) == NULL) {
		error_status(err, 500, "out of memory");
		return NULL;
	}
	if (form_unescape_to(s, len, len, out, &n, err) < 0) {
		free(out);
		return NULL;
	}
	if (out_len != NULL)
		*out_len = n;
	return out;
}

/* Whether s lies in the block form_decode filled (and so is not freed alone). */
static int
form_in_block(const struct form *form, const char *s)
{
	return (uintptr_t)s - (uintptr_t)form->block < form->block_size;
}

static int
form_push(struct form *form, char *name, size_t name_len, char *value, size_t value_len)
{
	if (form->count == form->capacity) {
		size_t cap = form->capacity ? form->capacity * 2 : 32;
		struct param *p = realloc(form->params, cap * sizeof(*p));

		if (p == NULL)
			return -1;
		form->params = p;
		form->capacity = cap;
	}
	form->params[form->count].name = name;
	form->params[form->count].name_len = name_len;
	form->params[form->count].value = value;
	form->params[form->count].value_len = value_len;
	form->count++;
	return 0;
}

int
form_add(struct form *form, const char *name, const char *value)
{
	char *n = strdup(name), *v = strdup(value);

	if (n == NULL || v == NULL || form_push(form, n, strlen(n), v, strlen(v)) < 0) {
		free(n);
		free(v);
		return -1;
	}
	return 0;
}

int
form_replace(struct form *form, const char *name, const char *value)
{
	struct param *p;
	size_t i;
	char *copy;

	for (i = 0; i < form->count; i++) {
		p = &form->params[i];
		if (strcmp(p->name, name) != 0)
			continue;
		if ((copy = strdup(value)) == NULL)
			return -1;
		if (!form_in_block(form, p->value))
			free(p->value);
		p->value = copy;
		p->value_len = strlen(copy);
		return 0;
	}
	return form_add(form, name, value);
}

/*
 * Every name and value goes into one block of len + 1 bytes: decoding
 * never lengthens a component, and the '=' and '&' that end a name and a
 * value in the body leave room for their NULs (the last one uses the + 1).
 * A name without '=' shares its NUL with its empty value.
 */
int
form_decode(const char *data, size_t len, struct form *form, struct error *err)
{
	const char *p = data, *end = data + len;
	struct error local = { 0 };	/* once: the first failure ends the loop */
	char *name, *value, *o;
	size_t name_len, value_len, field = 0;

	if (form->block != NULL) {
		error_status(err, 500, "a form is decoded only once");
		return -1;
	}
	if (len == 0)
		return 0;
	if ((form->block = malloc(len + 1)) == NULL) {
		error_status(err, 500, "out of memory");
		goto fail;
	}
	form->block_size = len + 1;
	o = form->block;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		const char *name_end = eq ? eq : stop;

		field++;
		if (stop == p) {	/* empty field, as in "a=1&&b=2": skip it */
			p = stop + 1;
			continue;
		}
		if (name_end == p) {
			error_status(err, 400, "field %zu has an empty name", field);
			goto fail;
		}
		name = o;
		if (form_unescape_to(p, (size_t)(name_end - p), (size_t)(end - p), name, &name_len,
		    &local) < 0) {
			error_status(err, local.status ? local.status : 400,
			    "field %zu name: %s", field, local.message);
			goto fail;
		}
		o = name + name_len + 1;
		if (eq == NULL) {
			value = name + name_len;
			value_len = 0;
		} else {
			value = o;
			if (form_unescape_to(eq + 1, (size_t)(stop - eq - 1), (size_t)(end - eq - 1),
			    value, &value_len, &local) < 0) {
				error_status(err, local.status ? local.status : 400,
				    "field %zu (%.64s): %s", field, name, local.message);
				goto fail;
			}
			o = value + value_len + 1;
		}
		if (form_push(form, name, name_len, value, value_len) < 0) {
			error_status(err, 500, "out of memory");
			goto fail;
		}
		p = amp ? amp + 1 : end;
	}
	return 0;
fail:
	form_free(form);
	return -1;
}

const char *
form_get(const struct form *form, const char *name)
{
	size_t i, len = strlen(name);

	/* Most names differ in length: one compare rules them out. */
	for (i = 0; i < form->count; i++)
		if (form->params[i].name_len == len && memcmp(form->params[i].name, name, len) == 0)
			return form->params[i].value;
	return NULL;
}

void
form_free(struct form *form)
{
	struct param *p;
	size_t i;

	for (i = 0; i < form->count; i++) {
		p = &form->params[i];
		if (!form_in_block(form, p->name))
			free(p->name);
		if (!form_in_block(form, p->value))
			free(p->value);
	}
	free(form->params);
	free(form->block);
	form->params = NULL;
	form->block = NULL;
	form->count = form->capacity = form->block_size = 0;
}

char *
form_encode(const struct form *form)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, len = 1, o = 0;
	char *out;
	const char *p;

	for (i = 0; i < form->count; i++)
		len += 3 * (form->params[i].name_len + form->params[i].value_len) + 2;
	if ((out = malloc(len)) == NULL)
		return NULL;
	for (i = 0; i < form->count; i++) {
		int part;

		if (i > 0)
			out[o++] = '&';
		for (part = 0; part < 2; part++) {
			if (part == 1)
				out[o++] = '=';
			for (p = part ? form->params[i].value : form->params[i].name; *p; p++) {
				unsigned char c = (unsigned char)*p;

				if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
				    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~')
					out[o++] = (char)c;
				else if (c == ' ')
					out[o++] = '+';
				else {
					out[o++] = '%';
					out[o++] = hex[c >> 4];
					out[o++] = hex[c & 15];
				}
			}
		}
	}
	out[o] = '\0';
	return out;
}
