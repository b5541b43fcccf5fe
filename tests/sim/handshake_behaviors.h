// The simulator's handshake behaviours: servers whose TLS handshake this host refuses or finds
// remarkable — TLS 1.0/1.1 only, only a cipher it does not offer, a 1024-bit Diffie-Hellman group, a
// certificate of any size — and servers that demand a client certificate at the HTTP level, as nginx and IIS
// do. See tests/sim/README.md, "Behaviours".
#ifndef DMK_TESTS_SIM_HANDSHAKE_BEHAVIORS_H_
#define DMK_TESTS_SIM_HANDSHAKE_BEHAVIORS_H_

#include <string>

#include "tests/sim/http_response.h"
#include "tests/sim/listen_spec.h"
#include "tests/sim/openssl_ptr.h"
#include "tests/sim/test_pki.h"

namespace dmk {

// True for the behaviours whose TLS context MakeHandshakeContext builds.
bool IsHandshakeBehavior(Behavior behavior);

// The server context of a handshake behaviour; adds the leaf it needs to `pki`. Null with *error set when
// OpenSSL fails or the behaviour's argument is not one it knows (tls_only takes 1.0, 1.1 or 1.2).
SslCtxPtr MakeHandshakeContext(const ListenSpec& spec, TestPki* pki, std::string* error);

// client_cert_400: nginx's 400 page "No required SSL certificate was sent". client_cert_403=N: IIS's 403.N
// error page (7: certificate required, 13: revoked, 16: not trusted or invalid). Whatever the client sent.
HttpResponse ClientCertDemandResponse(const ListenSpec& spec);

}  // namespace dmk

#endif  // DMK_TESTS_SIM_HANDSHAKE_BEHAVIORS_H_
