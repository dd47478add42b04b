/*
 * tokens: the auth tokens requests are signed with. The file holds one token
 * a line (the primary and, during a rotation, the secondary); any validates.
 */
#ifndef PROXYHOOKS_TOKENS_H
#define PROXYHOOKS_TOKENS_H

#include <stddef.h>

#include "proxyhooks/base/error.h"

struct tokens {
	char   **list;
	size_t   count;
	int      world_readable;	/* the file can be read by others: warn */
};

/* Read path: blank lines and '#' comments skipped, whitespace trimmed.
 * An empty file is an error. */
int tokens_load(const char *path, struct tokens *out, struct error *err);
void tokens_free(struct tokens *tokens);

#endif
