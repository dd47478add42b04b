/* form decoding: the strict decoder, good and malformed input. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "proxyhooks/form.h"
#include "tap.h"

static int
decode_status(const char *body)
{
	struct form form = { 0 };
	struct error err = { 0 };
	int rc = form_decode(body, strlen(body), &form, &err);

	form_free(&form);
	return rc == 0 ? 0 : err.status;
}

int
main(void)
{
	struct form form = { 0 };
	struct error err = { 0 };
	static const char fixture[] = "inboundParticipantSid=KPdd&interactionData=%7B%22body%22%3A"
	    "%22Call+me+at+415+555+0199+instead+%5Cu263a%22%7D&interactionType=Message"
	    "&Digits=5678&Digits=1234&Empty=&Body=%C3%87a+va%3F";
	static const struct {
		const char *body;
		int         status;
		const char *why;
	} bad[] = {
		{ "a=%", 400, "a lone %" },
		{ "a=%4", 400, "a truncated escape" },
		{ "a=%zz", 400, "a non-hex escape" },
		{ "a=%4g", 400, "a half-hex escape" },
		{ "a=%00", 400, "%00" },
		{ "a%00=1", 400, "%00 in a name" },
		{ "a=%C3", 400, "a truncated UTF-8 sequence" },
		{ "a=%C0%AF", 400, "an overlong encoding" },
		{ "a=%ED%A0%80", 400, "a UTF-16 surrogate" },
		{ "a=%F4%90%80%80", 400, "a code point past U+10FFFF" },
		{ "a=%FF", 400, "a byte that is never UTF-8" },
		{ "=1", 400, "an empty name" },
		{ "a=\xff", 400, "raw invalid UTF-8" },
	};
	size_t i;
	char name[128];
	int rc;

	rc = form_decode(fixture, strlen(fixture), &form, &err);
	is_int(rc, 0, "a realistic intercept body decodes");
	is_int((long long)form.count, 7, "seven parameters, duplicates kept");
	is_string(form.params[0].name, "inboundParticipantSid", "order kept: first name");
	is_string(form_get(&form, "interactionData"),
	    "{\"body\":\"Call me at 415 555 0199 instead \\u263a\"}", "%XX and + decoded");
	is_string(form.params[3].value, "5678", "first duplicate in order");
	is_string(form.params[4].value, "1234", "second duplicate in order");
	is_string(form_get(&form, "Empty"), "", "an empty value is kept");
	is_string(form_get(&form, "Body"), "\xc3\x87" "a va?", "UTF-8 decoded");
	ok(form_get(&form, "Missing") == NULL, "an absent name is NULL");
	form_free(&form);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(name, sizeof(name), "400 for %s", bad[i].why);
		is_int(decode_status(bad[i].body), bad[i].status, name);
	}

	memset(&err, 0, sizeof(err));
	rc = form_decode("a=1&b=%zz", 9, &form, &err);
	ok(rc < 0 && strstr(err.message, "field 2") != NULL, "the message names the field");
	ok(form.count == 0 && form.params == NULL, "nothing is left after a failure");

	is_int(decode_status("a=1&&b=2"), 0, "an empty field between & is skipped");
	is_int(decode_status(""), 0, "an empty body decodes to nothing");
	is_int(decode_status("flag"), 0, "a name without = has an empty value");

	/* A raw NUL byte inside the body. */
	memset(&err, 0, sizeof(err));
	rc = form_decode("a=1\0b", 5, &form, &err);
	is_int(err.status, 400, "a raw NUL byte is a 400");
	form_free(&form);

	/* 10,000 parameters decode in order. */
	{
		size_t len = 0, cap = 10000 * 16;
		char *big = malloc(cap);

		for (i = 0; i < 10000; i++)
			len += (size_t)snprintf(big + len, cap - len, "%sp%zu=%zu", i ? "&" : "", i, i);
		memset(&err, 0, sizeof(err));
		rc = form_decode(big, len, &form, &err);
		ok(rc == 0 && form.count == 10000, "10,000 parameters decode");
		is_string(form.params[9999].name, "p9999", "the last is in place");
		form_free(&form);
		free(big);
	}

	ok(form_add(&form, "n", "v") == 0 && form.count == 1, "form_add appends a copy");
	form_free(&form);
	return done_testing();
}
