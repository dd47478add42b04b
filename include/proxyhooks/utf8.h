/*
 * utf8: validation of text before it is stored, hashed or put into XML.
 */
#ifndef PROXYHOOKS_UTF8_H
#define PROXYHOOKS_UTF8_H

#include <stddef.h>

/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF). */
int utf8_valid(const char *s, size_t len);
/* 1 when s is valid UTF-8 and holds no character XML 1.0 forbids
 * (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F, U+FFFE, U+FFFF). */
int utf8_xml_safe(const char *s, size_t len);

#endif
