/*
 * detect: the built-in content detectors behind the policy's
 * `block body phone|email|url|handle`. They look for contact details that
 * participants trade to take business off the platform, including the
 * spellings people use to slip past filters ("four one five...", "bob at
 * example dot com", "example dot com", "add me on telegram"), and stay quiet
 * on ordinary marketplace, delivery and ride texts (prices, times, dates,
 * addresses, order numbers).
 *
 * A decision costs microseconds and, for texts up to 4 KiB, no heap
 * allocation. Calls share no state (reentrant).
 */
#ifndef PROXYHOOKS_DETECT_H
#define PROXYHOOKS_DETECT_H

#include <stddef.h>

enum detect_kind {
	DETECT_PHONE,		/* a phone number: 10-15 digits, 7+ with '+' or spelled out */
	DETECT_EMAIL,		/* an e-mail address, plain or written out ("at", "dot") */
	DETECT_URL,		/* a link, with or without a scheme */
	DETECT_HANDLE		/* "WhatsApp me", "my insta is @foo", "add me on telegram" */
};

/* Parse "phone"|"email"|"url"|"handle" (exactly, lower case); -1 when unknown. */
int detect_kind_parse(const char *name);
/* The name detect_kind_parse takes; "unknown" for a value outside the enum. */
const char *detect_kind_name(enum detect_kind kind);
/* 1 when text[0..len) (UTF-8; invalid bytes are tolerated) contains that kind
 * of contact detail, else 0. */
int detect_match(enum detect_kind kind, const char *text, size_t len);

#endif
