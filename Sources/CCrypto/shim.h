#ifndef IOMAUDIT_CCRYPTO_SHIM_H
#define IOMAUDIT_CCRYPTO_SHIM_H
// OpenSSL's libcrypto, for SHA-256 at the CPU's speed (SHA instructions where it has them).
#include <openssl/evp.h>
#endif
