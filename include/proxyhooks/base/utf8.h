/*
 * utf8: validation of text before it is stored, hashed or put into XML.
 */
#ifndef PROXYHOOKS_UTF8_H
#define PROXYHOOKS_UTF8_H

#include <stddef.h>
#include <stdint.h>

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

#endif
