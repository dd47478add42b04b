/* utf8: strict validation, following RFC 3629's table of well-formed
 * sequences; the escaping of control characters for terminals and logs. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
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

size_t
utf8_escape_controls(char *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i = 0, o = 0, n;
	uint32_t cp;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f) {
			out[o++] = (char)c;
			i++;
			continue;
		}
		if (c == '\n' || c == '\r' || c == '\t') {
			out[o++] = '\\';
			out[o++] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
			i++;
			continue;
		}
		n = c >= 0x80 ? utf8_decode(s + i, len - i, &cp) : 0;
		if (n > 0 && cp > 0x9f) {
			memcpy(out + o, s + i, n);
			o += n;
			i += n;
			continue;
		}
		/* A control, or bytes a terminal could read as one: each as \xNN. */
		if (n == 0)
			n = 1;
		while (n-- > 0) {
			c = (unsigned char)s[i++];
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return o;
}

char *
utf8_escaped(const char *s)
{
	size_t len = strlen(s);
	char *out;

	if ((out = malloc(UTF8_ESCAPED_MAX(len))) != NULL)
		utf8_escape_controls(out, s, len);
	return out;
}

/* One %s (or %c) argument of utf8_vfprintf: escaped, cut to prec source
 * bytes when prec >= 0, padded to width. */
static int
put_escaped(FILE *fp, const char *s, size_t len, int left, int width)
{
	char small[256], *buf = small;
	int rc;

	if (UTF8_ESCAPED_MAX(len) > sizeof(small) && (buf = malloc(UTF8_ESCAPED_MAX(len))) == NULL)
		return -1;
	utf8_escape_controls(buf, s, len);
	rc = fprintf(fp, "%*s", left ? -width : width, buf) < 0 ? -1 : 0;
	if (buf != small)
		free(buf);
	return rc;
}

/* A number is printed with its own conversion, taken from the caller's
 * format, which the compiler checked (the format attribute in utf8.h). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
int
utf8_vfprintf(FILE *fp, const char *fmt, va_list ap)
{
	const char *p = fmt, *start;
	char spec[48];
	int width, prec, left, rc = 0;

	while (*p != '\0' && rc >= 0) {
		size_t run = strcspn(p, "%"), flags, lenmod;
		char conv;

		if (run > 0) {
			rc = fwrite(p, 1, run, fp) == run ? 0 : -1;
			p += run;
			continue;
		}
		start = p++;
		if (*p == '%') {
			rc = fputc('%', fp) == EOF ? -1 : 0;
			p++;
			continue;
		}
		flags = strspn(p, "-+ #0");
		left = memchr(p, '-', flags) != NULL;
		p += flags;
		width = 0;
		if (*p == '*') {
			if ((width = va_arg(ap, int)) < 0) {
				left = 1;
				width = -width;
			}
			p++;
		} else
			for (; *p >= '0' && *p <= '9'; p++)
				width = width * 10 + (*p - '0');
		prec = -1;
		if (*p == '.') {
			p++;
			if (*p == '*') {
				prec = va_arg(ap, int);
				p++;
			} else
				for (prec = 0; *p >= '0' && *p <= '9'; p++)
					prec = prec * 10 + (*p - '0');
		}
		lenmod = strspn(p, "hlLjzt");
		if (lenmod > 2)
			return -1;
		conv = p[lenmod];
		/* A number's conversion again, any '*' written out. */
		if (prec >= 0)
			snprintf(spec, sizeof(spec), "%%%.*s%d.%d%.*s%c", (int)flags, start + 1,
			    width, prec, (int)lenmod, p, conv);
		else
			snprintf(spec, sizeof(spec), "%%%.*s%d%.*s%c", (int)flags, start + 1,
			    width, (int)lenmod, p, conv);
		p += lenmod + 1;
		switch (conv) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t len;

			if (s == NULL)
				s = "(null)";
			len = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
			rc = put_escaped(fp, s, len, left, width);
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);

			rc = put_escaped(fp, &c, 1, left, width);
			break;
		}
		case 'd': case 'i':
			if (lenmod == 2 && p[-2] == 'l')
				rc = fprintf(fp, spec, va_arg(ap, long long));
			else if (lenmod == 1 && p[-2] == 'l')
				rc = fprintf(fp, spec, va_arg(ap, long));
			else if (lenmod == 1 && (p[-2] == 'z' || p[-2] == 't'))
				rc = fprintf(fp, spec, va_arg(ap, ptrdiff_t));
			else if (lenmod == 1 && p[-2] == 'j')
				rc = fprintf(fp, spec, va_arg(ap, intmax_t));
			else
				rc = fprintf(fp, spec, va_arg(ap, int));
			break;
		case 'u': case 'x': case 'X': case 'o':
			if (lenmod == 2 && p[-2] == 'l')
				rc = fprintf(fp, spec, va_arg(ap, unsigned long long));
			else if (lenmod == 1 && p[-2] == 'l')
				rc = fprintf(fp, spec, va_arg(ap, unsigned long));
			else if (lenmod == 1 && (p[-2] == 'z' || p[-2] == 't'))
				rc = fprintf(fp, spec, va_arg(ap, size_t));
			else if (lenmod == 1 && p[-2] == 'j')
				rc = fprintf(fp, spec, va_arg(ap, uintmax_t));
			else
				rc = fprintf(fp, spec, va_arg(ap, unsigned int));
			break;
		case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
			if (lenmod == 1 && p[-2] == 'L')
				rc = fprintf(fp, spec, va_arg(ap, long double));
			else
				rc = fprintf(fp, spec, va_arg(ap, double));
			break;
		case 'p':
			rc = fprintf(fp, "%p", va_arg(ap, void *));
			break;
		default:
			return -1;	/* %n and anything unknown */
		}
		rc = rc < 0 ? -1 : 0;
	}
	return rc < 0 || ferror(fp) ? -1 : 0;
}
#pragma GCC diagnostic pop

int
utf8_fprintf(FILE *fp, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = utf8_vfprintf(fp, fmt, ap);
	va_end(ap);
	return rc;
}
