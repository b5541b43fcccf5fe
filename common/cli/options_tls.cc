#include <openssl/evp.h>
#include <unistd.h>

#include <utility>

#include "common/cli/ca_file.h"
#include "common/cli/options_groups.h"

namespace dmk {

using enum OptionId;

namespace {

Status ParsePin(std::string text, std::string* pin) {
  const std::string original = text;
  if (text.rfind("sha256//", 0) == 0) text = text.substr(8);
  unsigned char decoded[64];
  if (text.size() != 44) {
    return Status::Error(DashName(kPinSha256) + " '" + original + "' is not a base64 SHA-256 (44 characters)");
  }
  int length =
      EVP_DecodeBlock(decoded, reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  // EVP_DecodeBlock counts the '=' padding as zero bytes: 44 characters with one '=' decode to 33.
  if (length != 33 || text[43] != '=' || text[42] == '=') {
    return Status::Error(DashName(kPinSha256) + " '" + original + "' is not a base64 SHA-256 (44 characters)");
  }
  *pin = text;
  return Status::Ok();
}

// --ca-file must hold a certificate; --ca-path, --client-cert and --client-key must be readable.
Status CheckTlsFiles(const Config& config) {
  if (!config.ca_file.empty()) {
    if (Status s = CheckCaFile(config.ca_file); !s.ok()) return s;
  }
  for (auto [id, path] : {std::pair{kCaPath, &config.ca_path}, std::pair{kClientCert, &config.client_cert},
                          std::pair{kClientKey, &config.client_key}}) {
    if (!path->empty() && ::access(path->c_str(), R_OK) != 0) {
      return Status::Error(DashName(id) + " '" + *path + "' cannot be read");
    }
  }
  return Status::Ok();
}

// --tls-min as a TLS wire version (RFC 8446 appendix B.1: 0x0303 is TLS 1.2, 0x0304 TLS 1.3).
Status ParseTlsMin(const OptionValues& in, int* version) {
  if (!in.Has(kTlsMin)) return Status::Ok();
  const std::string text = in.String(kTlsMin);
  if (text != "1.2" && text != "1.3")
    return Status::Error(DashName(kTlsMin) + " must be 1.2 or 1.3, not '" + text + "'");
  *version = text == "1.2" ? 0x0303 : 0x0304;
  return Status::Ok();
}

// --cert-warning, --cert-critical and --cn-only-state: what the certificate's facts are worth.
Status FillCertificatePolicy(const OptionValues& in, Config* config) {
  for (auto [id, limit] : {std::pair{kCertWarning, &config->cert_limits.warning},
                           std::pair{kCertCritical, &config->cert_limits.critical}}) {
    if (!in.Has(id)) continue;
    CertLimit value;
    if (Status s = ParseCertLimit(Name(id), in.String(id), &value); !s.ok()) return s;
    *limit = value;
  }
  if (in.Has(kCnOnlyState)) {
    std::optional<State> state = ParseState(in.String(kCnOnlyState));
    if (!state) {
      return Status::Error(DashName(kCnOnlyState) + " '" + in.String(kCnOnlyState) +
                           "' must be ok, warning, critical or unknown");
    }
    config->cn_only_state = *state;
  }
  return Status::Ok();
}

}  // namespace

Status FillTls(const OptionValues& in, Config* config) {
  config->tls = !in.Flag(kNoTls);
  // With --no-tls no TLS value is read: CheckCombinations refuses every TLS option given, and that is the
  // message to show first, not what is wrong with a value that could not be used anyway.
  if (!config->tls) return Status::Ok();
  config->ca_file = in.String(kCaFile);
  config->ca_path = in.String(kCaPath);
  for (const std::string& pin_text : in.List(kPinSha256)) {
    std::string pin;
    if (Status s = ParsePin(pin_text, &pin); !s.ok()) return s;
    config->pins_sha256.push_back(pin);
  }
  config->insecure = in.Flag(kInsecure);
  config->client_cert = in.String(kClientCert);
  config->client_key = in.String(kClientKey);
  if (Status s = ParseTlsMin(in, &config->tls_min_version); !s.ok()) return s;
  if (Status s = CheckTlsFiles(*config); !s.ok()) return s;
  return FillCertificatePolicy(in, config);
}

}  // namespace dmk
