// TLS observer: watches the handshake libcurl runs through OpenSSL, with OpenSSL's message callback (the
// ServerHello, alerts) and security callback (the server's Diffie-Hellman group), and records what the server
// chose and how the handshake ended as HandshakeFacts. A failed handshake can then be named in plain words
// (handshake_problem.h) instead of quoting OpenSSL's reason text. It never changes what OpenSSL accepts, except
// that it allows certificate chains up to kMaxCertificateChainBytes (outcome.h).
#ifndef DMK_COMMON_PROBE_TLS_OBSERVER_H_
#define DMK_COMMON_PROBE_TLS_OBSERVER_H_

#include <openssl/ssl.h>

#include <cstddef>
#include <cstdint>
#include <optional>

#include "common/model/outcome.h"

namespace dmk {

// What a ServerHello (RFC 8446 section 4.1.3, RFC 5246 section 7.4.1.3) says.
struct ServerHello {
  int version = 0;                 // the negotiated version: supported_versions when present, else legacy_version
  std::uint16_t cipher_suite = 0;  // IANA number
};

// Parses a whole handshake message (its 4-byte header included) if it is a well-formed ServerHello.
std::optional<ServerHello> ParseServerHello(const unsigned char* message, std::size_t size);

// OpenSSL's name of a TLS wire version ("TLSv1", "TLSv1.2"), as SSL_get_version() writes it; "" if unknown.
const char* ProtocolName(int version);

// OpenSSL's security callback (SSL_CTX_set_security_callback(3)).
using SecurityCallback = int (*)(const SSL*, const SSL_CTX*, int op, int bits, int nid, void* other, void* ex);

// State of one probe's observer. Owned by the caller; must outlive the handshake.
struct TlsObserver {
  HandshakeFacts facts;
  SecurityCallback openssl_security = nullptr;  // OpenSSL's own, which ours hands every decision to
};

// Installs the observer's callbacks on `context` (before libcurl makes its SSL from it) and raises the chain
// bound to kMaxCertificateChainBytes. Clears what an earlier handshake recorded.
void InstallObserver(SSL_CTX* context, TlsObserver* observer);

}  // namespace dmk

#endif  // DMK_COMMON_PROBE_TLS_OBSERVER_H_
