/*
 * error: the one error value every fallible function fills in.
 * Functions return 0 on success and -1 on failure, with the message here;
 * messages name the file, line, field or value that was wrong.
 */
#ifndef PROXYHOOKS_ERROR_H
#define PROXYHOOKS_ERROR_H

#include <stddef.h>

struct error {
	int  status;		/* HTTP status a request error maps to, 0 if none */
	char message[512];
};

/* Set the message (printf-style); keeps the first error when called twice. */
void error_set(struct error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Set the message and the HTTP status it answers with. */
void error_status(struct error *err, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void error_clear(struct error *err);

#endif
