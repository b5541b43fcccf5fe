#include "common/probe/tls_observer.h"

#include <openssl/evp.h>

namespace dmk {

namespace {

constexpr unsigned char kServerHello = 2;    // HandshakeType server_hello
constexpr unsigned kSupportedVersions = 43;  // ExtensionType supported_versions (RFC 8446 4.2)
constexpr unsigned char kFatal = 2;          // AlertLevel fatal

// Reads big-endian fields off a byte range; any read past its end fails and stays failed.
class Cursor {
 public:
  Cursor(const unsigned char* data, std::size_t size) : data_(data), left_(size) {}
  bool ok() const { return ok_; }
  std::size_t left() const { return left_; }
  unsigned Read(std::size_t bytes) {
    if (!ok_ || bytes > left_) {
      ok_ = false;
      return 0;
    }
    unsigned value = 0;
    for (std::size_t i = 0; i < bytes; ++i) value = (value << 8) | data_[i];
    data_ += bytes;
    left_ -= bytes;
    return value;
  }
  void Skip(std::size_t bytes) {
    if (!ok_ || bytes > left_) {
      ok_ = false;
      return;
    }
    data_ += bytes;
    left_ -= bytes;
  }

 private:
  const unsigned char* data_;
  std::size_t left_;
  bool ok_ = true;
};

// The DH group size that meets OpenSSL's minimum for `level` (SSL_CTX_set_security_level(3): 80, 112, 128,
// 192 and 256 bits of security for levels 1 to 5; NIST SP 800-57 part 1 table 2 for the group sizes).
int DhBitsForLevel(int level) {
  static constexpr int kBits[] = {0, 1024, 2048, 3072, 7680, 15360};
  if (level <= 0) return 0;
  return kBits[level > 5 ? 5 : level];
}

void OnMessage(int write_p, int, int content_type, const void* buffer, std::size_t length, SSL* ssl, void* arg) {
  auto* observer = static_cast<TlsObserver*>(arg);
  if (observer == nullptr || write_p != 0 || length == 0) return;  // only what the server sent
  const auto* bytes = static_cast<const unsigned char*>(buffer);
  HandshakeFacts& facts = observer->facts;
  if (content_type == SSL3_RT_HANDSHAKE && bytes[0] == kServerHello) {
    const std::optional<ServerHello> hello = ParseServerHello(bytes, length);
    if (!hello) return;
    facts.server_version = hello->version;
    facts.protocol = ProtocolName(hello->version);
    const unsigned char id[2] = {static_cast<unsigned char>(hello->cipher_suite >> 8),
                                 static_cast<unsigned char>(hello->cipher_suite & 0xff)};
    const SSL_CIPHER* cipher = SSL_CIPHER_find(ssl, id);
    facts.cipher = cipher != nullptr ? SSL_CIPHER_get_name(cipher) : "";
  } else if (content_type == SSL3_RT_ALERT && length == 2 && bytes[0] == kFatal) {
    facts.alert_received = bytes[1];
    facts.alert_before_server_hello = facts.server_version == 0;
  }
}

int OnSecurity(const SSL* ssl, const SSL_CTX* context, int op, int bits, int nid, void* other, void* ex) {
  auto* observer = static_cast<TlsObserver*>(ex);
  if (observer == nullptr || observer->openssl_security == nullptr) return 1;
  if (op == SSL_SECOP_TMP_DH && other != nullptr) {
    // `other` is the server's ephemeral key from its ServerKeyExchange (OpenSSL 3.0 statem_clnt.c).
    observer->facts.dh_bits = EVP_PKEY_get_bits(static_cast<EVP_PKEY*>(other));
    observer->facts.dh_bits_required =
        DhBitsForLevel(ssl != nullptr ? SSL_get_security_level(ssl) : SSL_CTX_get_security_level(context));
  }
  return observer->openssl_security(ssl, context, op, bits, nid, other, ex);
}

}  // namespace

std::optional<ServerHello> ParseServerHello(const unsigned char* message, std::size_t size) {
  Cursor header(message, size);
  const unsigned type = header.Read(1);
  const unsigned length = header.Read(3);
  if (!header.ok() || type != kServerHello || length != header.left()) return std::nullopt;
  Cursor body(message + 4, size - 4);
  ServerHello hello;
  hello.version = static_cast<int>(body.Read(2));
  body.Skip(32);            // random
  body.Skip(body.Read(1));  // legacy_session_id_echo
  hello.cipher_suite = static_cast<std::uint16_t>(body.Read(2));
  body.Skip(1);  // legacy_compression_method
  if (!body.ok()) return std::nullopt;
  if (body.left() == 0) return hello;  // no extensions: TLS 1.2 and older may send none
  const unsigned extensions = body.Read(2);
  if (extensions != body.left()) return std::nullopt;
  while (body.ok() && body.left() > 0) {
    const unsigned extension = body.Read(2);
    const unsigned extension_length = body.Read(2);
    if (extension == kSupportedVersions && extension_length == 2) {
      hello.version = static_cast<int>(body.Read(2));
    } else {
      body.Skip(extension_length);
    }
  }
  if (!body.ok()) return std::nullopt;
  return hello;
}

const char* ProtocolName(int version) {
  switch (version) {
    case SSL3_VERSION: return "SSLv3";
    case TLS1_VERSION: return "TLSv1";
    case TLS1_1_VERSION: return "TLSv1.1";
    case TLS1_2_VERSION: return "TLSv1.2";
    case TLS1_3_VERSION: return "TLSv1.3";
    default: return "";
  }
}

void InstallObserver(SSL_CTX* context, TlsObserver* observer) {
  observer->facts = HandshakeFacts();
  SSL_CTX_set_msg_callback(context, &OnMessage);
  SSL_CTX_set_msg_callback_arg(context, observer);
  const SecurityCallback current = SSL_CTX_get_security_callback(context);
  if (current != &OnSecurity) observer->openssl_security = current;
  SSL_CTX_set_security_callback(context, &OnSecurity);
  SSL_CTX_set0_security_ex_data(context, observer);
  SSL_CTX_set_max_cert_list(context, static_cast<long>(kMaxCertificateChainBytes));
}

}  // namespace dmk
