/*
 * held: the participant strings a backend hands out, kept until the next
 * get (store_backend.h). Both backends use it; it sits below them, so the
 * dispatcher (store.c) is only ever above them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "proxyhooks/store/store_backend.h"

void
store_held_release(struct store_held *held)
{
	size_t i;

	for (i = 0; i < sizeof(held->text) / sizeof(held->text[0]); i++) {
		free(held->text[i]);
		held->text[i] = NULL;
	}
}

int
store_participant_hold(struct store_held *held, const struct participant *in,
    struct participant *out)
{
	const char *from[6] = { in->sid, in->number, in->session_sid, in->service_sid,
		in->proxy_number, in->friendly_name };
	char *copy[6];
	size_t i;

	/* Copied before the old ones go: in may point at a row's own memory. */
	for (i = 0; i < 6; i++) {
		copy[i] = from[i] != NULL ? strdup(from[i]) : NULL;
		if (from[i] != NULL && copy[i] == NULL) {
			while (i-- > 0)
				free(copy[i]);
			return -1;
		}
	}
	store_held_release(held);
	memcpy(held->text, copy, sizeof(copy));
	out->sid = copy[0];
	out->number = copy[1];
	out->session_sid = copy[2];
	out->service_sid = copy[3];
	out->proxy_number = copy[4];
	out->friendly_name = copy[5];
	out->updated_ms = in->updated_ms;
	return 0;
}
