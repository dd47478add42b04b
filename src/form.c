/* form: strict x-www-form-urlencoded decoding into an ordered list of pairs. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "proxyhooks/form.h"
#include "proxyhooks/utf8.h"

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

char *
form_unescape(const char *s, size_t len, size_t *out_len, struct error *err)
{
	char *out, *o;
	size_t i;
	int hi, lo;

	if ((out = malloc(len + 1)) == NULL) {
		error_status(err, 500, "out of memory");
		return NULL;
	}
	for (i = 0, o = out; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '+') {
			*o++ = ' ';
		} else if (c == '%') {
			if (len - i < 3 || (hi = hex_value((unsigned char)s[i + 1])) < 0 ||
			    (lo = hex_value((unsigned char)s[i + 2])) < 0) {
				error_status(err, 400, "malformed percent escape at byte %zu", i);
				goto fail;
			}
			if (hi == 0 && lo == 0) {
				error_status(err, 400, "%%00 (a NUL byte) at byte %zu", i);
				goto fail;
			}
			*o++ = (char)(hi << 4 | lo);
			i += 2;
		} else if (c == '\0') {
			error_status(err, 400, "NUL byte at byte %zu", i);
			goto fail;
		} else {
			*o++ = (char)c;
		}
	}
	*o = '\0';
	if (!utf8_valid(out, (size_t)(o - out))) {
		error_status(err, 400, "invalid UTF-8");
		goto fail;
	}
	if (out_len != NULL)
		*out_len = (size_t)(o - out);
	return out;
fail:
	free(out);
	return NULL;
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
form_decode(const char *data, size_t len, struct form *form, struct error *err)
{
	const char *p = data, *end = data + len;
	char *name = NULL, *value = NULL;
	size_t name_len, value_len, field = 0;

	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		const char *name_end = eq ? eq : stop;
		struct error local = { 0 };

		field++;
		if (stop == p) {	/* empty field, as in "a=1&&b=2": skip it */
			p = stop + 1;
			continue;
		}
		if (name_end == p) {
			error_status(err, 400, "field %zu has an empty name", field);
			goto fail;
		}
		if ((name = form_unescape(p, (size_t)(name_end - p), &name_len, &local)) == NULL) {
			error_status(err, local.status ? local.status : 400,
			    "field %zu name: %s", field, local.message);
			goto fail;
		}
		value = form_unescape(eq ? eq + 1 : stop, eq ? (size_t)(stop - eq - 1) : 0,
		    &value_len, &local);
		if (value == NULL) {
			error_status(err, local.status ? local.status : 400,
			    "field %zu (%.64s): %s", field, name, local.message);
			goto fail;
		}
		if (form_push(form, name, name_len, value, value_len) < 0) {
			error_status(err, 500, "out of memory");
			goto fail;
		}
		name = value = NULL;
		p = amp ? amp + 1 : end;
	}
	return 0;
fail:
	free(name);
	free(value);
	form_free(form);
	return -1;
}

const char *
form_get(const struct form *form, const char *name)
{
	size_t i;

	for (i = 0; i < form->count; i++)
		if (strcmp(form->params[i].name, name) == 0)
			return form->params[i].value;
	return NULL;
}

void
form_free(struct form *form)
{
	size_t i;

	for (i = 0; i < form->count; i++) {
		free(form->params[i].name);
		free(form->params[i].value);
	}
	free(form->params);
	form->params = NULL;
	form->count = form->capacity = 0;
}
