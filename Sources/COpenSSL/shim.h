#ifndef CAMPAIGN_COPENSSL_SHIM_H
#define CAMPAIGN_COPENSSL_SHIM_H

// libcrypto from OpenSSL 3: SHA-256, HMAC-SHA256 and random bytes.
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

// EVP_MAC_init takes the digest as an OSSL_PARAM array, which C builds with
// constructors and a name macro; one typed entry point keys an HMAC-SHA256
// context. A NULL key would mean "keep the previous key", so an empty key
// is passed as a pointer to nothing.
static inline int campaign_hmac_sha256_init(EVP_MAC_CTX *context, const unsigned char *key, size_t length) {
    static const unsigned char empty = 0;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
        OSSL_PARAM_construct_end(),
    };
    return EVP_MAC_init(context, key != NULL ? key : &empty, length, params);
}

#endif
