// Builds the OpenSSL server context of one TLS listener: which certificate (and chain) it presents and
// whether it demands a client certificate.
#ifndef DMK_TESTS_SIM_TLS_SERVER_CONTEXT_H_
#define DMK_TESTS_SIM_TLS_SERVER_CONTEXT_H_

#include <string>

#include "tests/sim/openssl_ptr.h"
#include "tests/sim/test_pki.h"

namespace dmk {

// A TLS 1.2+ server context presenting leaf (followed by leaf.intermediate when set). With client_ca
// non-null the handshake fails unless the client presents a certificate that chains to client_ca.
// Returns null and sets *error on failure. The context holds its own references to the certificates.
SslCtxPtr MakeServerContext(const LeafCredentials& leaf, X509* client_ca, std::string* error);

}  // namespace dmk

#endif  // DMK_TESTS_SIM_TLS_SERVER_CONTEXT_H_
