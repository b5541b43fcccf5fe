#include "common/cli/options_combinations.h"

#include <arpa/inet.h>

#include <string>

#include "common/cli/option_table.h"

namespace dmk {

namespace {

using enum OptionId;

// The options that concern TLS only, refused with --no-tls; in this order, the first given is named.
constexpr OptionId kTlsOnly[] = {kCaFile,       kCaPath,      kPinSha256, kClientCert, kClientKey,  kCertWarning,
                                 kCertCritical, kCnOnlyState, kTlsMin,    kInsecure,   kTlsWarning, kTlsCritical};

// -4 or -6 against each other and against --address.
Status CheckTarget(const Config& config, const OptionValues& given) {
  if (given.Flag(kIpv4) && given.Flag(kIpv6)) {
    return Status::Error(ShortDashName(kIpv4) + " and " + ShortDashName(kIpv6) + " contradict each other");
  }
  if (config.address.empty() || config.ip_version == 0) return Status::Ok();
  in_addr ip4;
  in6_addr ip6;
  const bool is4 = ::inet_pton(AF_INET, config.address.c_str(), &ip4) == 1;
  const bool is6 = ::inet_pton(AF_INET6, config.address.c_str(), &ip6) == 1;
  if ((is4 && config.ip_version == 6) || (is6 && config.ip_version == 4)) {
    return Status::Error(DashName(kAddress) + " '" + config.address + "' contradicts " +
                         ShortDashName(config.ip_version == 4 ? kIpv4 : kIpv6));
  }
  return Status::Ok();
}

// Every option about TLS against --no-tls, and the certificate options against each other.
Status CheckTls(const Config& config, const OptionValues& given) {
  if (!config.tls) {
    for (OptionId id : kTlsOnly) {
      if (given.Has(id)) return Status::Error(DashName(id) + " makes no sense with " + DashName(kNoTls));
    }
  }
  if (config.insecure && !config.pins_sha256.empty()) {
    return Status::Error(DashName(kInsecure) + " and " + DashName(kPinSha256) + " contradict each other");
  }
  if (!config.client_key.empty() && config.client_cert.empty()) {
    return Status::Error(DashName(kClientKey) + " needs " + DashName(kClientCert));
  }
  return CheckCertLimitOrder(config.cert_limits);
}

// The request method against a body to send and against the checks that read the answer's body.
Status CheckRequest(const Config& config, const OptionValues& given) {
  // "--method POST" in a message; built only for one.
  auto with_method = [](const char* method) { return DashName(kMethod) + " " + method; };
  if (given.Has(kBody) && config.method != "POST") {
    return Status::Error(DashName(kBody) + " needs " + with_method("POST"));
  }
  if (given.Has(kRejectBodyState) && config.reject_body.empty()) {
    return Status::Error(DashName(kRejectBodyState) + " needs " + DashName(kRejectBody));
  }
  if (config.method != "HEAD") return Status::Ok();
  if (!config.expect_body.empty()) {
    return Status::Error(DashName(kExpectBody) + " makes no sense with " + with_method("HEAD"));
  }
  if (given.Has(kRejectBody)) {
    return Status::Error(DashName(kRejectBody) + " makes no sense with " + with_method("HEAD"));
  }
  if (!config.json.empty()) {
    return Status::Error(DashName(kExpectJson) + ", " + DashName(kJsonWarning) + " and " + DashName(kJsonCritical) +
                         " make no sense with " + with_method("HEAD"));
  }
  return Status::Ok();
}

// --auth against where its secret comes from.
Status CheckAuth(const Config& config, const OptionValues& given) {
  if (!config.credentials_file.empty() && !config.credentials_env.empty()) {
    return Status::Error(DashName(kCredentialsFile) + " and " + DashName(kCredentialsEnv) +
                         " contradict each other: give one");
  }
  const bool has_credentials = !config.credentials_file.empty() || !config.credentials_env.empty();
  if (config.auth != AuthType::kNone && !has_credentials) {
    return Status::Error(DashName(kAuth) + " " + given.String(kAuth) + " needs " + DashName(kCredentialsFile) + " or " +
                         DashName(kCredentialsEnv));
  }
  if (config.auth == AuthType::kNone && has_credentials) {
    return Status::Error(DashName(kCredentialsFile) + "/" + DashName(kCredentialsEnv) + " need " + DashName(kAuth) +
                         " basic or " + DashName(kAuth) + " bearer");
  }
  return Status::Ok();
}

Status CheckTime(const Config& config, const OptionValues& given) {
  if (config.connect_timeout_s > config.timeout_s) {
    return Status::Error(DashName(kConnectTimeout) + " " + given.String(kConnectTimeout) + " is longer than " +
                         DashName(kTimeout));
  }
  if (given.Has(kTimeoutState) && given.Has(kTimeoutResult)) {
    return Status::Error(DashName(kTimeoutResult) + " is another name for " + DashName(kTimeoutState) + ": give one");
  }
  return Status::Ok();
}

}  // namespace

Status CheckCombinations(const Config& config, const OptionValues& given) {
  for (auto check : {CheckTarget, CheckTls, CheckRequest, CheckAuth, CheckTime}) {
    if (Status status = check(config, given); !status.ok()) return status;
  }
  return Status::Ok();
}

}  // namespace dmk
