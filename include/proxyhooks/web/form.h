/*
 * form: the strict application/x-www-form-urlencoded decoder.
 * '+' is a space and %XX is decoded; a malformed escape, %00 or invalid UTF-8
 * is refused. Duplicates and order are kept; no parameter name is special.
 */
#ifndef PROXYHOOKS_FORM_H
#define PROXYHOOKS_FORM_H

#include <stddef.h>

#include "proxyhooks/base/error.h"

struct param {
	char   *name;		/* decoded, NUL-terminated (no NUL inside) */
	char   *value;
	size_t  name_len;
	size_t  value_len;
};

struct form {
	struct param *params;
	size_t        count;
	size_t        capacity;
	/* form_decode puts every name and value into this one block, so they
	 * are never freed one by one; pairs added later are their own. */
	char         *block;
	size_t        block_size;
};

/* Decode data[0..len) into form (which must be zeroed or freed before;
 * pairs may be added after). On failure returns -1 with err->status 400
 * and a message naming the offending parameter; form is left empty. */
int form_decode(const char *data, size_t len, struct form *form, struct error *err);
/* Append one decoded pair (copied). */
int form_add(struct form *form, const char *name, const char *value);
/* Give the first parameter called name a copy of value, or append the
 * pair when there is none. The way to change a value: a decoded one
 * shares its block and must not be freed on its own. */
int form_replace(struct form *form, const char *name, const char *value);
/* First value of name, or NULL. */
const char *form_get(const struct form *form, const char *name);
/* Decode one component (%XX and '+') by the rules form_decode applies to
 * each name and value; returns a malloc'd string or NULL with err set. */
char *form_unescape(const char *s, size_t len, size_t *out_len, struct error *err);
/* The form as application/x-www-form-urlencoded, as Twilio writes it
 * (a space as '+', every byte but letters, digits and -_.~ as %XX):
 * malloc'd, NULL when out of memory. */
char *form_encode(const struct form *form);
void form_free(struct form *form);

#endif
