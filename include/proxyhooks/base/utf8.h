/*
 * utf8: validation of text before it is stored, hashed or put into XML, and
 * the one escaping of control characters for what a terminal or a log shows.
 */
#ifndef PROXYHOOKS_UTF8_H
#define PROXYHOOKS_UTF8_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Decode the character at s[0..len): its length, with the code point in
 * *cp; 0 when the bytes there are not well-formed UTF-8 (or len is 0). */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF). */
int utf8_valid(const char *s, size_t len);
/* 1 when s is valid UTF-8 and holds no character XML 1.0 forbids
 * (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F, U+FFFE, U+FFFF). */
int utf8_xml_safe(const char *s, size_t len);
/* 1 when XML 1.0 allows the character cp. */
int utf8_xml_char(uint32_t cp);
/* Byte offset of the first malformed or XML-forbidden character, or len. */
size_t utf8_xml_unsafe_offset(const char *s, size_t len);


/* The text s[0..len) with nothing a terminal or a log reader would obey:
 * newline, carriage return and tab become \n \r \t, every other C0
 * control, DEL, a C1 control (U+0080-U+009F) and a byte that is not part
 * of well-formed UTF-8 become \xNN (one per byte); the rest is copied.
 * out has room for UTF8_ESCAPED_MAX(len) bytes; returns the length written
 * before the terminating NUL. */
#define UTF8_ESCAPED_MAX(len) (4 * (len) + 1)
size_t utf8_escape_controls(char *out, const char *s, size_t len);
/* The same, as a malloc'd string (NULL when out of memory). */
char *utf8_escaped(const char *s);
/* fprintf for text a person reads (the CLI's tables and CSV, the text
 * report): the format is written as it is, every %s and %c argument
 * escaped as above (a precision counts the argument's bytes, a width the
 * escaped text's). Returns -1 on an output error. */
int utf8_fprintf(FILE *fp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int utf8_vfprintf(FILE *fp, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#endif
