#include "common/options_combinations.h"

#include <arpa/inet.h>

#include <string>

namespace dmk {

namespace {

// -4 or -6 against each other and against --address.
Status CheckTarget(const Config& config, const OptionValues& given) {
  if (given.Flag("ipv4") && given.Flag("ipv6")) return Status::Error("-4 and -6 contradict each other");
  if (config.address.empty() || config.ip_version == 0) return Status::Ok();
  in_addr ip4;
  in6_addr ip6;
  const bool is4 = ::inet_pton(AF_INET, config.address.c_str(), &ip4) == 1;
  const bool is6 = ::inet_pton(AF_INET6, config.address.c_str(), &ip6) == 1;
  if ((is4 && config.ip_version == 6) || (is6 && config.ip_version == 4)) {
    return Status::Error("--address '" + config.address + "' contradicts -" + std::to_string(config.ip_version));
  }
  return Status::Ok();
}

// Every option about TLS against --no-tls, and the certificate options against each other.
Status CheckTls(const Config& config, const OptionValues& given) {
  if (!config.tls) {
    for (const char* name : {"ca-file", "ca-path", "pin-sha256", "client-cert", "client-key", "cert-warning",
                             "cert-critical", "cn-only-state", "tls-min", "insecure", "tls-warning", "tls-critical"}) {
      if (given.Has(name)) return Status::Error("--" + std::string(name) + " makes no sense with --no-tls");
    }
  }
  if (config.insecure && !config.pins_sha256.empty()) {
    return Status::Error("--insecure and --pin-sha256 contradict each other");
  }
  if (!config.client_key.empty() && config.client_cert.empty()) {
    return Status::Error("--client-key needs --client-cert");
  }
  return CheckCertLimitOrder(config.cert_limits);
}

// The request method against a body to send and against the checks that read the answer's body.
Status CheckRequest(const Config& config, const OptionValues& given) {
  if (given.Has("body") && config.method != "POST") return Status::Error("--body needs --method POST");
  if (given.Has("reject-body-state") && config.reject_body.empty()) {
    return Status::Error("--reject-body-state needs --reject-body");
  }
  if (config.method != "HEAD") return Status::Ok();
  if (!config.expect_body.empty()) return Status::Error("--expect-body makes no sense with --method HEAD");
  if (given.Has("reject-body")) return Status::Error("--reject-body makes no sense with --method HEAD");
  if (!config.json.empty()) {
    return Status::Error("--expect-json, --json-warning and --json-critical make no sense with --method HEAD");
  }
  return Status::Ok();
}

// --auth against where its secret comes from.
Status CheckAuth(const Config& config, const OptionValues& given) {
  if (!config.credentials_file.empty() && !config.credentials_env.empty()) {
    return Status::Error("--credentials-file and --credentials-env contradict each other: give one");
  }
  const bool has_credentials = !config.credentials_file.empty() || !config.credentials_env.empty();
  if (config.auth != AuthType::kNone && !has_credentials) {
    return Status::Error("--auth " + given.String("auth") + " needs --credentials-file or --credentials-env");
  }
  if (config.auth == AuthType::kNone && has_credentials) {
    return Status::Error("--credentials-file/--credentials-env need --auth basic or --auth bearer");
  }
  return Status::Ok();
}

Status CheckTime(const Config& config, const OptionValues& given) {
  if (config.connect_timeout_s > config.timeout_s) {
    return Status::Error("--connect-timeout " + given.String("connect-timeout") + " is longer than --timeout");
  }
  if (given.Has("timeout-state") && given.Has("timeout-result")) {
    return Status::Error("--timeout-result is another name for --timeout-state: give one");
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
