/* error: keep the first failure's message and status. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "proxyhooks/base/error.h"

static void error_vset(struct error *, int, const char *, va_list)
    __attribute__((format(printf, 3, 0)));

static void
error_vset(struct error *err, int status, const char *fmt, va_list ap)
{
	if (err == NULL || err->message[0] != '\0')
		return;
	err->status = status;
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
}

void
error_set(struct error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(err, 0, fmt, ap);
	va_end(ap);
}

void
error_status(struct error *err, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(err, status, fmt, ap);
	va_end(ap);
}

void
error_clear(struct error *err)
{
	memset(err, 0, sizeof(*err));
}
