// See tls_server_context.h.
#include "tests/sim/tls_server_context.h"

#include <openssl/err.h>

#include <array>

namespace dmk {
namespace {

std::string OpenSslError(const std::string& what) {
  std::array<char, 256> text{};
  ERR_error_string_n(ERR_get_error(), text.data(), text.size());
  ERR_clear_error();
  return what + ": " + text.data();
}

}  // namespace

SslCtxPtr MakeServerContext(const LeafCredentials& leaf, X509* client_ca, std::string* error) {
  SslCtxPtr ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx) {
    *error = OpenSslError("SSL_CTX_new failed");
    return nullptr;
  }
  // SSL_OP_IGNORE_UNEXPECTED_EOF: a client that closes without close_notify is an ordinary end of
  // the connection for us, not an error to log.
  SSL_CTX_set_options(ctx.get(), SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_RENEGOTIATION);
  // A SHA-1 signature or an RSA-1024 key is refused at the default level 2 already when loading it.
  if (leaf.weak) SSL_CTX_set_security_level(ctx.get(), 0);
  if (SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION) != 1 ||
      SSL_CTX_use_certificate(ctx.get(), leaf.cert.get()) != 1 || SSL_CTX_use_PrivateKey(ctx.get(), leaf.key) != 1 ||
      SSL_CTX_check_private_key(ctx.get()) != 1) {
    *error = OpenSslError("loading the server certificate failed");
    return nullptr;
  }
  // SSL_CTX_add1_chain_cert() is a macro with a C-style cast; its function form takes a void*.
  if (leaf.intermediate != nullptr && SSL_CTX_ctrl(ctx.get(), SSL_CTRL_CHAIN_CERT, 1, leaf.intermediate) != 1) {
    *error = OpenSslError("adding the intermediate certificate failed");
    return nullptr;
  }
  if (client_ca != nullptr) {
    if (X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx.get()), client_ca) != 1 ||
        SSL_CTX_add_client_CA(ctx.get(), client_ca) != 1) {
      *error = OpenSslError("setting up client certificate verification failed");
      return nullptr;
    }
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  }
  return ctx;
}

}  // namespace dmk
