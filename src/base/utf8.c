/* utf8: strict validation, following RFC 3629's table of well-formed sequences. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "proxyhooks/base/utf8.h"

size_t
utf8_decode(const char *text, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned char c;
	size_t n, i;
	uint32_t v, min;

	if (len == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		n = 2; v = c & 0x1f; min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3; v = c & 0x0f; min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4; v = c & 0x07; min = 0x10000;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

int
utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t w;
	uint32_t cp;
	size_t i = 0, n;

	while (i < len) {
		/* Most text is ASCII: pass eight bytes at a time while no high
		 * bit is set. */
		if (len - i >= 8) {
			memcpy(&w, p + i, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				i += 8;
				continue;
			}
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

int
utf8_xml_char(uint32_t cp)
{
	return !((cp < 0x20 && cp != 0x09 && cp != 0x0a && cp != 0x0d) ||
	    cp == 0xfffe || cp == 0xffff);
}

size_t
utf8_xml_unsafe_offset(const char *s, size_t len)
{
	uint32_t cp;
	size_t i = 0, n;

	while (i < len) {
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0 || !utf8_xml_char(cp))
			return i;
		i += n;
	}
	return len;
}

int
utf8_xml_safe(const char *s, size_t len)
{
	return utf8_xml_unsafe_offset(s, len) == len;
}
