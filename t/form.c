/* form decoding: the strict decoder, good and malformed input. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "proxyhooks/web/form.h"
#include "proxyhooks/base/utf8.h"
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

/* Decode body[0..len); on success the value of name (or NULL) is copied
 * to value, on failure err says why. */
static int
decode_value(const char *body, size_t len, const char *name, char *value, size_t size,
    struct error *err)
{
	struct form form = { 0 };
	const char *v;
	int rc;

	memset(err, 0, sizeof(*err));
	*value = '\0';
	if ((rc = form_decode(body, len, &form, err)) == 0 && (v = form_get(&form, name)) != NULL)
		snprintf(value, size, "%s", v);
	form_free(&form);
	return rc;
}

/* Runs of plain bytes of every length up to 40 (the decoder copies eight
 * at a time, then what is left) ending at each thing that can follow
 * them: the field's end, the body's end, an escape, an error. */
static void
test_runs(void)
{
	enum { RUNS = 41 };
	static const struct {
		const char *before, *after, *name, *wanted_after;
		const char *message;	/* wanted on failure, less the byte it names */
		size_t      after_len;
		const char *why;
	} cases[] = {
		{ "k=", "&z=1", "k", "", NULL, 0, "the field's end" },
		{ "k=", "", "k", "", NULL, 0, "the body's end" },
		{ "k=", "%41", "k", "A", NULL, 0, "an escape at the body's end" },
		{ "k=", "+", "k", " ", NULL, 0, "a '+' at the body's end" },
		{ "k=", "%C3%87&z=", "k", "\xc3\x87", NULL, 0, "an escaped 2-byte character" },
		{ "k=", "\xc3\x87", "k", "\xc3\x87", NULL, 0, "a raw 2-byte character" },
		{ "k=", "%4", "k", NULL, "field 1 (k): malformed percent escape at byte", 0,
		    "a truncated escape at the end" },
		{ "k=", "%", "k", NULL, "field 1 (k): malformed percent escape at byte", 0,
		    "a lone '%' at the end" },
		{ "k=", "%4g&z=1", "k", NULL, "field 1 (k): malformed percent escape at byte", 0,
		    "a half-hex escape" },
		{ "k=", "%00bbbbbbbbb", "k", NULL, "field 1 (k): %00 (a NUL byte) at byte", 0,
		    "%00" },
		{ "k=", "\0bbbbbbbbb", "k", NULL, "field 1 (k): NUL byte at byte", 10,
		    "a raw NUL byte" },
		{ "k=", "%FFaaaaaaaaaa", "k", NULL, "field 1 (k): invalid UTF-8", 0,
		    "an escaped byte that is never UTF-8" },
		{ "k=", "\xff", "k", NULL, "field 1 (k): invalid UTF-8", 0,
		    "a raw byte that is never UTF-8 at the end" },
		{ "k=", "%E2%98&z=1", "k", NULL, "field 1 (k): invalid UTF-8", 0,
		    "a truncated character at the field's end" },
		{ "z=1&", "%zz=1", NULL, NULL, "field 2 name: malformed percent escape at byte", 0,
		    "a malformed escape in a name" },
		{ "z=1&", "\0=1", NULL, NULL, "field 2 name: NUL byte at byte", 3,
		    "a raw NUL byte in a name" },
	};
	char body[256], value[256], wanted[256], why[160];
	struct error err;
	size_t i, n, len, bad;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bad = RUNS;
		for (n = 0; n < RUNS && bad == RUNS; n++) {
			size_t after_len = cases[i].after_len ? cases[i].after_len : strlen(cases[i].after);

			len = strlen(cases[i].before);
			memcpy(body, cases[i].before, len);
			/* with no name given, the run starts a name and the error is in it */
			memset(body + len, cases[i].name ? 'a' : 'n', n);
			len += n;
			memcpy(body + len, cases[i].after, after_len);
			len += after_len;
			rc = decode_value(body, len, cases[i].name ? cases[i].name : "z", value,
			    sizeof(value), &err);
			if (cases[i].message == NULL) {
				snprintf(wanted, sizeof(wanted), "%.*s%s", (int)n,
				    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
				    cases[i].wanted_after);
				if (rc != 0 || strcmp(value, wanted) != 0)
					bad = n;
			} else {
				/* messages ending "at byte" name where the run ended */
				len = strlen(cases[i].message);
				snprintf(wanted, sizeof(wanted), "%s", cases[i].message);
				if (len > 8 && strcmp(cases[i].message + len - 8, " at byte") == 0)
					snprintf(wanted + len, sizeof(wanted) - len, " %zu", n);
				if (rc == 0 || err.status != 400 || strcmp(err.message, wanted) != 0)
					bad = n;
			}
		}
		snprintf(why, sizeof(why), "runs of 0-%d plain bytes, then %s: %s", RUNS - 1,
		    cases[i].why, cases[i].message ? "refused with its message" : "decoded");
		if (!ok(bad == RUNS, why))
			diag("first wrong at a run of %zu: %s", bad, rc == 0 ? value : err.message);
	}
}

/* '+' and an escape at every offset of a value, across word boundaries. */
static void
test_offsets(void)
{
	char body[64], value[64], wanted[64];
	struct error err;
	size_t at, bad_plus = 99, bad_pct = 99;

	for (at = 0; at < 24; at++) {
		snprintf(body, sizeof(body), "v=%.*s+%.*s", (int)at, "bbbbbbbbbbbbbbbbbbbbbbbb",
		    (int)(23 - at), "cccccccccccccccccccccccc");
		snprintf(wanted, sizeof(wanted), "%.*s %.*s", (int)at, "bbbbbbbbbbbbbbbbbbbbbbbb",
		    (int)(23 - at), "cccccccccccccccccccccccc");
		if (decode_value(body, strlen(body), "v", value, sizeof(value), &err) != 0 ||
		    strcmp(value, wanted) != 0)
			bad_plus = at < bad_plus ? at : bad_plus;
		snprintf(body, sizeof(body), "v=%.*s%%2B%.*s", (int)at, "bbbbbbbbbbbbbbbbbbbbbbbb",
		    (int)(23 - at), "cccccccccccccccccccccccc");
		wanted[at] = '+';
		if (decode_value(body, strlen(body), "v", value, sizeof(value), &err) != 0 ||
		    strcmp(value, wanted) != 0)
			bad_pct = at < bad_pct ? at : bad_pct;
	}
	if (!ok(bad_plus == 99, "'+' is a space at every offset"))
		diag("wrong at offset %zu", bad_plus);
	if (!ok(bad_pct == 99, "%2B is '+' at every offset"))
		diag("wrong at offset %zu", bad_pct);
}

/* A long value with escapes and '+' spread through it, and many fields
 * whose lengths step through every remainder of eight. */
static void
test_long(void)
{
	enum { LONG = 100000 };
	char *body = malloc(3 * LONG + 16), *wanted = malloc(LONG + 1), *o = body;
	struct form form = { 0 };
	struct error err = { 0 };
	size_t i, n = 0, bad = 0;
	char name[32], value[64];

	o += sprintf(o, "first=1&long=");
	for (i = 0; i < LONG; i++) {
		if (i % 37 == 5) {
			o += sprintf(o, "%%%02X", 'A' + (int)(i % 26));
			wanted[n++] = (char)('A' + i % 26);
		} else if (i % 53 == 7) {
			*o++ = '+';
			wanted[n++] = ' ';
		} else {
			*o++ = (char)('a' + i % 26);
			wanted[n++] = (char)('a' + i % 26);
		}
	}
	wanted[n] = '\0';
	o += sprintf(o, "&last=2");
	ok(form_decode(body, (size_t)(o - body), &form, &err) == 0, "a 100,000-byte value decodes");
	is_string(form_get(&form, "long"), wanted, "to the bytes it encodes");
	ok(form.count == 3 && form.params[1].value_len == LONG, "with its length");
	is_string(form_get(&form, "last"), "2", "and the field after it is intact");
	form_free(&form);

	o = body;
	for (i = 0; i < 64; i++) {
		o += sprintf(o, "%s%.*s=%.*s", i ? "&" : "", (int)(i % 19 + 1),
		    "nnnnnnnnnnnnnnnnnnnn", (int)(i % 23), "vvvvvvvvvvvvvvvvvvvvvvvv");
		o += sprintf(o, "%zu", i);
	}
	memset(&err, 0, sizeof(err));
	ok(form_decode(body, (size_t)(o - body), &form, &err) == 0 && form.count == 64,
	    "64 fields of stepping lengths decode");
	for (i = 0; i < form.count; i++) {
		snprintf(name, sizeof(name), "%.*s", (int)(i % 19 + 1), "nnnnnnnnnnnnnnnnnnnn");
		snprintf(value, sizeof(value), "%.*s%zu", (int)(i % 23), "vvvvvvvvvvvvvvvvvvvvvvvv", i);
		if (strcmp(form.params[i].name, name) != 0 || strcmp(form.params[i].value, value) != 0 ||
		    form.params[i].name_len != strlen(name) || form.params[i].value_len != strlen(value))
			bad++;
	}
	is_int((long long)bad, 0, "each name and value in place, with its length");
	form_free(&form);
	free(body);
	free(wanted);
}

/* Names without '=', values replaced and pairs added after decoding. */
static void
test_ownership(void)
{
	static const char body[] = "flag&a=1&b=2&a=3&longer_flag_name";
	struct form form = { 0 };
	struct error err = { 0 };
	size_t len;
	char *s;

	ok(form_decode(body, strlen(body), &form, &err) == 0 && form.count == 5,
	    "names without '=' decode");
	is_string(form_get(&form, "flag"), "", "the first has an empty value");
	is_string(form_get(&form, "longer_flag_name"), "", "the last too");
	ok(form.params[0].value_len == 0 && form.params[4].value_len == 0, "of length 0");
	is_string(form_get(&form, "a"), "1", "a decoded value");
	ok(form_replace(&form, "a", "replaced") == 0, "a decoded value is replaced");
	is_string(form_get(&form, "a"), "replaced", "the first 'a' has the new value");
	ok(form.params[1].value_len == 8, "and its length");
	is_string(form.params[3].value, "3", "the second 'a' is untouched");
	ok(form_replace(&form, "a", "again") == 0, "a replaced value is replaced again");
	is_string(form_get(&form, "a"), "again", "and has the latest");
	ok(form_replace(&form, "flag", "set") == 0, "an empty decoded value is replaced");
	is_string(form_get(&form, "flag"), "set", "it is set");
	ok(form_replace(&form, "new", "v") == 0 && form.count == 6, "an absent name is appended");
	ok(form_add(&form, "added", "x") == 0 && form.count == 7, "a pair is added after decoding");
	ok(form_replace(&form, "added", "y") == 0, "an added value is replaced");
	is_string(form_get(&form, "added"), "y", "it is replaced");
	is_string(form_get(&form, "b"), "2", "the other decoded values are kept");
	memset(&err, 0, sizeof(err));
	ok(form_decode("c=1", 3, &form, &err) < 0 && err.status == 500 && form.count == 7,
	    "a decoded form is not decoded into again, and is left as it was");
	form_free(&form);
	ok(form.count == 0 && form.params == NULL && form.block == NULL, "form_free empties it");

	ok(form_decode("ab=1&abc=2&a=3&abcd", 19, &form, &err) == 0, "names sharing a prefix");
	is_string(form_get(&form, "abc"), "2", "form_get matches the whole name");
	is_string(form_get(&form, "a"), "3", "a shorter one");
	is_string(form_get(&form, "abcd"), "", "a longer one");
	ok(form_get(&form, "abcde") == NULL && form_get(&form, "") == NULL, "and no other");
	form_free(&form);

	memset(&err, 0, sizeof(err));
	s = form_unescape("%41+bcdefghij%C3%87", 19, &len, &err);
	is_string(s, "A bcdefghij\xc3\x87", "form_unescape decodes one component");
	ok(s != NULL && len == 13, "and gives its length");
	free(s);
	ok((s = form_unescape("", 0, NULL, &err)) != NULL && *s == '\0', "an empty component");
	free(s);
	s = form_unescape("abcdefghij%zz", 13, &len, &err);
	ok(s == NULL && err.status == 400 &&
	    strcmp(err.message, "malformed percent escape at byte 10") == 0,
	    "form_unescape names the byte of a malformed escape");
}

/* utf8_valid, which the decoder relies on: eight ASCII bytes at a time,
 * then a character by itself, whatever the offset. */
static void
test_utf8(void)
{
	static const struct {
		const char *tail;
		int         valid;
		const char *why;
	} tails[] = {
		{ "", 1, "nothing" },
		{ "\xc3\x87", 1, "a 2-byte character" },
		{ "\xe2\x98\xba", 1, "a 3-byte character" },
		{ "\xf0\x9f\x98\x80", 1, "a 4-byte character" },
		{ "\xc3\x87zzzzzzzzz\xe2\x98\xbazzzzzzzz", 1, "characters between runs" },
		{ "\xff", 0, "a byte that is never UTF-8" },
		{ "\xc3", 0, "a truncated character at the end" },
		{ "\xe2\x98zzzzzzzzz", 0, "a truncated character before a run" },
		{ "\x87zzzzzzzz", 0, "a lone continuation byte" },
		{ "\xc0\xaf", 0, "an overlong encoding" },
		{ "\xed\xa0\x80", 0, "a UTF-16 surrogate" },
		{ "\xf4\x90\x80\x80", 0, "past U+10FFFF" },
		{ "\xf0\x9f\x98\x80zzzzzzzzz\xc0", 0, "a bad byte after a good character and a run" },
	};
	char text[128], why[160];
	size_t i, n, len, bad;

	for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		bad = 99;
		for (n = 0; n <= 24 && bad == 99; n++) {
			len = (size_t)snprintf(text, sizeof(text), "%.*s%s", (int)n,
			    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", tails[i].tail);
			if (utf8_valid(text, len) != tails[i].valid)
				bad = n;
		}
		snprintf(why, sizeof(why), "0-24 ASCII bytes, then %s: %s", tails[i].why,
		    tails[i].valid ? "valid" : "invalid");
		if (!ok(bad == 99, why))
			diag("wrong after %zu ASCII bytes", bad);
	}
	ok(utf8_valid("abcdefgh\xff", 8), "nothing past len is read as text");
	ok(!utf8_valid("abcdefg\xc3\x87", 8), "a character cut by len is invalid");
	ok(utf8_valid("", 0), "empty text is valid");
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

	memset(&err, 0, sizeof(err));
	rc = form_decode("a=1&b=%zz", 9, &form, &err);
	is_string(err.message, "field 2 (b): malformed percent escape at byte 0",
	    "the message names the field, its name and the byte");

	test_runs();
	test_offsets();
	test_long();
	test_ownership();
	test_utf8();
	return done_testing();
}
