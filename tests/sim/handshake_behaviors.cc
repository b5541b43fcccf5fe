// See handshake_behaviors.h.
#include "tests/sim/handshake_behaviors.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <array>

#include "tests/sim/tls_server_context.h"

namespace dmk {
namespace {

std::string OpenSslError(const std::string& what) {
  std::array<char, 256> text{};
  ERR_error_string_n(ERR_get_error(), text.data(), text.size());
  ERR_clear_error();
  return what + ": " + text.data();
}

// RFC 5114's 1024-bit group, which OpenSSL names dh_1024_160: the size servers kept from the 2000s.
EVP_PKEY* Dh1024() {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr));
  EVP_PKEY* group = nullptr;
  char name[] = "dh_1024_160";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, name, 0),
                         OSSL_PARAM_construct_end()};
  if (!ctx || EVP_PKEY_paramgen_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_params(ctx.get(), params) != 1 ||
      EVP_PKEY_paramgen(ctx.get(), &group) != 1) {
    return nullptr;
  }
  return group;
}

// A broken server's settings: security level 0 (old versions, SHA-1 signatures, small groups and NULL
// ciphers allowed), versions min..max, and the cipher list.
bool Weaken(SSL_CTX* ctx, int min_version, int max_version, const char* ciphers) {
  SSL_CTX_set_security_level(ctx, 0);
  return SSL_CTX_set_min_proto_version(ctx, min_version) == 1 && SSL_CTX_set_max_proto_version(ctx, max_version) == 1 &&
         SSL_CTX_set_cipher_list(ctx, ciphers) == 1;
}

}  // namespace

bool IsHandshakeBehavior(Behavior behavior) {
  return behavior == Behavior::kTlsOnly || behavior == Behavior::kWeakCipher || behavior == Behavior::kWeakDh ||
         behavior == Behavior::kBigChain;
}

SslCtxPtr MakeHandshakeContext(const ListenSpec& spec, TestPki* pki, std::string* error) {
  std::string leaf_name = "good";
  if (spec.behavior == Behavior::kWeakDh) {
    leaf_name = "rsa";  // DHE-RSA: no finite-field DH suite signs with an EC key
    if (!pki->AddHandshakeLeaf(leaf_name, 2048, 0, error)) return nullptr;
  } else if (spec.behavior == Behavior::kBigChain) {
    leaf_name = "big_chain=" + std::to_string(spec.number);
    if (!pki->AddHandshakeLeaf(leaf_name, 0, spec.number, error)) return nullptr;
  }
  const LeafCredentials* leaf = pki->Leaf(leaf_name);
  if (leaf == nullptr) {
    *error = "internal: no certificate " + leaf_name;
    return nullptr;
  }
  SslCtxPtr ctx = MakeServerContext(*leaf, nullptr, error);
  if (!ctx) return nullptr;
  bool ok = true;
  switch (spec.behavior) {
    case Behavior::kTlsOnly: {
      const int version = spec.text == "1.0"   ? TLS1_VERSION
                          : spec.text == "1.1" ? TLS1_1_VERSION
                          : spec.text == "1.2" ? TLS1_2_VERSION
                                               : 0;
      if (version == 0) {
        *error = "tls_only takes 1.0, 1.1 or 1.2, not '" + spec.text + "'";
        return nullptr;
      }
      ok = Weaken(ctx.get(), version, version, "DEFAULT:@SECLEVEL=0");
      break;
    }
    case Behavior::kWeakCipher:
      // TLS 1.3 suites are always shared: only TLS 1.2, with a cipher no client offers by default.
      ok = Weaken(ctx.get(), TLS1_2_VERSION, TLS1_2_VERSION, "ECDHE-ECDSA-NULL-SHA:@SECLEVEL=0");
      break;
    case Behavior::kWeakDh: {
      ok = Weaken(ctx.get(), TLS1_2_VERSION, TLS1_2_VERSION, "DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0");
      EVP_PKEY* group = ok ? Dh1024() : nullptr;
      ok = group != nullptr && SSL_CTX_set0_tmp_dh_pkey(ctx.get(), group) == 1;
      if (!ok) EVP_PKEY_free(group);
      break;
    }
    default: break;
  }
  if (!ok) {
    *error = OpenSslError("setting up '" + spec.behavior_name + "' failed");
    return nullptr;
  }
  return ctx;
}

HttpResponse ClientCertDemandResponse(const ListenSpec& spec) {
  HttpResponse response;
  response.content_type = "text/html";
  if (spec.behavior == Behavior::kClientCert400) {
    // nginx 1.22, ngx_http_special_response.c, for its internal 496 with ssl_verify_client on.
    response.code = 400;
    response.body =
        "<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n<body>\r\n"
        "<center><h1>400 Bad Request</h1></center>\r\n<center>No required SSL certificate was sent</center>\r\n"
        "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    return response;
  }
  const std::string sub = std::to_string(spec.number);
  const std::string why = spec.number == 7    ? "The page requires a client certificate."
                          : spec.number == 13 ? "The client certificate used for this request has been revoked."
                          : spec.number == 16 ? "Your client certificate is either not trusted or is invalid."
                                              : "Forbidden.";
  response.code = 403;
  response.body = "<!DOCTYPE html><html><head><title>IIS 10.0 Detailed Error - 403." + sub +
                  " - Forbidden</title></head><body><div id=\"content\"><h3>HTTP Error 403." + sub +
                  " - Forbidden</h3><h4>" + why + "</h4></div></body></html>\r\n";
  return response;
}

}  // namespace dmk
