/* fuzz/form: form_decode on any bytes. What it promises: a decoded form is
 * a list of NUL-free, valid UTF-8 names and values of the lengths it says,
 * the first of each name is found by form_get, and a refusal is a 400 with
 * nothing left allocated. */
#include "config.h"

#include <string.h>

#include "proxyhooks/web/form.h"
#include "proxyhooks/base/utf8.h"

#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form form;
	struct error err = { 0 };
	const struct param *p;
	const char *first;
	size_t i;

	memset(&form, 0, sizeof(form));
	if (form_decode((const char *)data, size, &form, &err) < 0) {
		if (err.status != 400 && err.status != 500)
			fuzz_fail("form_decode refused with status %d: %s", err.status, err.message);
		if (form.count != 0 || form.params != NULL)
			fuzz_fail("a refused form is not left empty");
		return 0;
	}
	for (i = 0; i < form.count; i++) {
		p = &form.params[i];
		if (strlen(p->name) != p->name_len || strlen(p->value) != p->value_len)
			fuzz_fail("parameter %zu: length does not match its text", i);
		if (p->name_len == 0)
			fuzz_fail("parameter %zu: an empty name was accepted", i);
		if (!utf8_valid(p->name, p->name_len) || !utf8_valid(p->value, p->value_len))
			fuzz_fail("parameter %zu: invalid UTF-8 was accepted", i);
		if (p->name_len + p->value_len > size)
			fuzz_fail("parameter %zu: longer than the input", i);
		if ((first = form_get(&form, p->name)) == NULL)
			fuzz_fail("parameter %zu: form_get does not find it", i);
	}
	form_free(&form);
	return 0;
}
