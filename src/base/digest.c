/* digest: SHA-256, HMAC-SHA256 and base64 over nettle (see digest.h). */
#include "config.h"

#include <string.h>

#include <nettle/base64.h>
#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <nettle/sha2.h>

#include "proxyhooks/base/digest.h"

void
digest_sha256(const void *data, size_t len, unsigned char out[DIGEST_SHA256_LEN])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, DIGEST_SHA256_LEN, out);
}

void
digest_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
    unsigned char out[DIGEST_SHA256_LEN])
{
	struct hmac_sha256_ctx ctx;

	hmac_sha256_set_key(&ctx, key_len, key);
	hmac_sha256_update(&ctx, len, data);
	hmac_sha256_digest(&ctx, DIGEST_SHA256_LEN, out);
	/* The pads are the key's: not left on the stack. */
	digest_wipe(&ctx, sizeof(ctx));
}

size_t
digest_base64(char *out, const unsigned char *in, size_t len)
{
	base64_encode_raw(out, len, in);
	out[DIGEST_BASE64_LEN(len)] = '\0';
	return DIGEST_BASE64_LEN(len);
}

int
digest_equal(const void *a, const void *b, size_t n)
{
	return memeql_sec(a, b, n) != 0;
}

void
digest_wipe(void *p, size_t n)
{
	explicit_bzero(p, n);
}
