/*
 * digest: the hashes the project takes from its crypto library (nettle):
 * SHA-256 and HMAC-SHA256 of a text, base64, a constant-time comparison and
 * a wipe. X-Twilio-Signature's HMAC-SHA1 keeps its keyed contexts in
 * web/signature.c, on the same library.
 *
 * nettle rather than OpenSSL's libcrypto: a hook run as CGI is a process a
 * request, and loading libcrypto (its relocations, its constructors) and
 * its first fetch of an algorithm cost such a process more than the rest
 * of its request (bench/notes.md, the ninth and eleventh rounds). nettle
 * has no state to set up: nothing is called before these.
 */
#ifndef PROXYHOOKS_DIGEST_H
#define PROXYHOOKS_DIGEST_H

#include <stddef.h>

#define DIGEST_SHA1_LEN   20
#define DIGEST_SHA256_LEN 32
/* base64 of len bytes, without its NUL */
#define DIGEST_BASE64_LEN(len) ((((len) + 2) / 3) * 4)

void digest_sha256(const void *data, size_t len, unsigned char out[DIGEST_SHA256_LEN]);
void digest_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
    unsigned char out[DIGEST_SHA256_LEN]);
/* base64 (with padding) of in[0..len) into out, which holds
 * DIGEST_BASE64_LEN(len) + 1 bytes; returns the length written. */
size_t digest_base64(char *out, const unsigned char *in, size_t len);
/* 1 when a[0..n) equals b[0..n), in a time that depends on n alone. */
int digest_equal(const void *a, const void *b, size_t n);
/* Zero a secret where the compiler cannot leave the store out. */
void digest_wipe(void *p, size_t n);

#endif
