#include "common/evaluate.h"

#include <openssl/x509_vfy.h>
#include <regex.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <ctime>

#include "common/cert_days.h"
#include "common/cert_problem.h"
#include "common/client_cert_demand.h"
#include "common/credentials.h"
#include "common/handshake_problem.h"
#include "common/header_assert.h"
#include "common/http_hints.h"
#include "common/json_evaluate.h"
#include "common/reject_body.h"
#include "common/number.h"
#include "common/proxy_policy.h"
#include "common/sanitize.h"

namespace dmk {

namespace {

constexpr std::size_t kQuoteBytes = 120;  // network text quoted in a message

std::string Quote(const std::string& raw, std::size_t max = kQuoteBytes) { return SanitizeLine(raw, max); }

// Durations for people: "0.8 ms", "12.3 ms", "1.25 s".
std::string Secs(double seconds) {
  if (seconds < 1) return FormatNumber(seconds * 1000, 1) + " ms";
  return FormatNumber(seconds, 2) + " s";
}

// Elapsed time at a timeout, always with one decimal: "2.0 s".
std::string TimeoutSecs(double seconds) { return FormatFixed(seconds, 1) + " s"; }

std::string Date(std::int64_t epoch) {
  std::time_t time = static_cast<std::time_t>(epoch);
  struct tm parts {};
  if (gmtime_r(&time, &parts) == nullptr) return "?";
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
  return text;
}

std::string Plural(long count, const char* word) {
  return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

class Builder {
 public:
  Builder(const Config& config, const ProbeOutcome& outcome, std::int64_t now)
      : config_(config), outcome_(outcome), now_(now) {}

  CheckResult Build();

 private:
  struct Problem {
    Layer layer;
    State state;
    std::string text;
  };

  void Report(Layer layer, State state, std::string text) {
    for (LayerReport& report : result_.layers) {
      if (report.layer != layer) continue;
      report.state = report.state ? Worst(*report.state, state) : state;
      if (!report.text.empty()) report.text += "; ";
      report.text += text;
      return;
    }
    result_.layers.push_back({layer, state, std::move(text)});
  }
  void Problem_(Layer layer, State state, std::string text, std::string advice = "", const char* reason = nullptr) {
    const std::optional<State> before = LayerState(layer);
    Report(layer, state, text);
    NameReason(layer, state, before, reason);
    // Kept even when the state is OK (--timeout-state ok): the summary must still say what happened.
    problems_.push_back({layer, state, std::move(text)});
    if (!advice.empty()) result_.advice.push_back(std::move(advice));
  }
  std::optional<State> LayerState(Layer layer) const {
    for (const LayerReport& report : result_.layers) {
      if (report.layer == layer) return report.state;
    }
    return std::nullopt;
  }
  // The layer's reason is that of its first problem in its worst state: taken (or cleared, for a problem
  // that names none) when this problem raised the layer's state.
  void NameReason(Layer layer, State state, std::optional<State> before, const char* reason) {
    for (LayerReport& report : result_.layers) {
      if (report.layer == layer && (!before || (state != *before && Worst(state, *before) == state))) {
        report.reason = reason != nullptr ? reason : "";
      }
    }
  }
  void CheckPhase(Layer layer, const char* what, const std::optional<double>& seconds, const Thresholds& limits);
  std::string Target() const;
  bool Reset() const { return outcome_.reset; }
  void Dns();
  void Tcp();
  void Tls();
  void TlsRejected();
  void CertificateDays();
  void Http();
  void Api();
  void Json();
  void Timeout();
  void Failure_();
  void Perfdata();

  const Config& config_;
  const ProbeOutcome& outcome_;
  const std::int64_t now_;
  CheckResult result_;
  std::vector<Problem> problems_;
  std::vector<PerfValue> json_perfdata_;  // set by Json(); 'U' values when it never ran
};

std::string Builder::Target() const {
  std::string address = outcome_.connected_address;
  if (address.empty()) address = outcome_.addresses.empty() ? config_.hostname : outcome_.addresses.front();
  if (address.find(':') != std::string::npos) address = "[" + address + "]";
  int port = outcome_.connected_port != 0 ? outcome_.connected_port : config_.EffectivePort();
  return address + ":" + std::to_string(port);
}

void Builder::CheckPhase(Layer layer, const char* what, const std::optional<double>& seconds,
                         const Thresholds& limits) {
  if (!seconds) return;
  if (limits.critical && limits.critical->Alerts(*seconds)) {
    Problem_(layer, State::kCritical,
             std::string(what) + " took " + Secs(*seconds) + " (critical range " + limits.critical->text() + ")");
  } else if (limits.warning && limits.warning->Alerts(*seconds)) {
    Problem_(layer, State::kWarning,
             std::string(what) + " took " + Secs(*seconds) + " (warning range " + limits.warning->text() + ")");
  }
}

void Builder::Dns() {
  if (!config_.address.empty()) {
    Report(Layer::kDns, State::kOk, "skipped: connecting to " + config_.address + " (--address)");
    return;
  }
  if (!config_.proxy.empty()) {
    Report(Layer::kDns, State::kOk, "left to the proxy " + Quote(ProxyForDisplay(config_.proxy)));
    return;
  }
  if (outcome_.dns_skipped) {
    Report(Layer::kDns, State::kOk, "not needed: " + config_.hostname + " is an IP address");
    return;
  }
  if (!outcome_.phases.dns) return;  // failures are reported by Failure_()
  std::string list;
  for (size_t i = 0; i < outcome_.addresses.size() && i < 4; ++i) list += (i > 0 ? ", " : "") + outcome_.addresses[i];
  if (outcome_.addresses.size() > 4) list += ", ...";
  Report(Layer::kDns, State::kOk, config_.hostname + " -> " + list + " in " + Secs(*outcome_.phases.dns));
  CheckPhase(Layer::kDns, "DNS lookup", outcome_.phases.dns, config_.dns);
}

void Builder::Tcp() {
  if (!outcome_.phases.connect) return;
  std::string via = config_.proxy.empty() ? "" : " through proxy " + Quote(ProxyForDisplay(config_.proxy));
  Report(Layer::kTcp, State::kOk, "connected to " + Target() + via + " in " + Secs(*outcome_.phases.connect));
  CheckPhase(Layer::kTcp, "TCP connect", outcome_.phases.connect, config_.connect);
}

void Builder::Tls() {
  if (!config_.tls) return;
  const TlsFacts& tls = outcome_.tls;
  if (!tls.certificate_seen) return;
  if (!tls.accepted) {
    TlsRejected();
    return;
  }
  std::string text = tls.protocol + " " + tls.cipher + ", " + Quote(tls.leaf.subject, 80) + ", issuer " +
                     Quote(tls.leaf.issuer, 80) + ", expires " + Date(tls.leaf.not_after) + " (" +
                     Plural(CertificateDaysLeft(tls.leaf.not_after, now_), "day") + ")";
  if (tls.pin_checked) text += ", key matches --pin-sha256";
  if (tls.verification_skipped) text += ", NOT verified (--insecure)";
  Report(Layer::kTls, State::kOk, text);
  if (tls.chain.name_only_in_cn) {
    CertProblemWords words = DescribeNameOnlyInCn(config_.hostname);
    if (config_.cn_only_state == State::kOk) {
      Report(Layer::kTls, State::kOk, words.text);  // accepted on purpose: long output only
    } else {
      Problem_(Layer::kTls, config_.cn_only_state, words.text, words.advice);
    }
  }
  CertificateDays();
  CheckPhase(Layer::kTls, "TLS handshake", outcome_.phases.tls, config_.tls_handshake);
}

void Builder::TlsRejected() {
  const TlsFacts& tls = outcome_.tls;
  const CertificateFacts& leaf = tls.leaf;
  if (tls.pin_checked && !tls.pin_matched) {
    Problem_(Layer::kTls, State::kCritical,
             "certificate key does not match --pin-sha256 (the server's key is sha256//" + leaf.spki_sha256 + ")",
             "The server presents a different key than the pinned one: if the contractor renewed the "
             "certificate with a new key, confirm it with them and update --pin-sha256; otherwise treat it as "
             "a possible interception.");
    return;
  }
  const CertProblem problem = ClassifyCertificateProblem(tls);
  if (problem == CertProblem::kOutOfOrder) {  // its "leaf" is the intermediate: expiry and names would mislead
    CertProblemWords words = DescribeCertificateProblem(problem, tls, config_.hostname);
    Problem_(Layer::kTls, State::kCritical, words.text, words.advice);
    return;
  }
  bool said = false;
  if (leaf.not_after != 0 && leaf.not_after < now_) {
    Problem_(Layer::kTls, State::kCritical, "certificate " + ExpiryWords(leaf.not_after, now_) + " (" +
                 Date(leaf.not_after) + ")",
             "Ask the contractor to renew the server certificate of " + config_.hostname + ".");
    said = true;
  } else if (leaf.not_before > now_) {
    Problem_(Layer::kTls, State::kCritical,
             "certificate is not valid before " + Date(leaf.not_before) + " (check the server's clock)",
             "The certificate's start date lies in the future: check the clock of the server (or of this "
             "monitoring host).");
    said = true;
  }
  if (!tls.host_matches) {
    std::string names;
    for (size_t i = 0; i < leaf.names.size() && i < 4; ++i) names += (i > 0 ? ", " : "") + leaf.names[i];
    if (names.empty()) names = leaf.subject;
    Problem_(Layer::kTls, State::kCritical,
             "certificate is for " + Quote(names, 100) + ", not " + config_.hostname,
             "The server presents a certificate for another name: ask the contractor to install one that "
             "covers " + config_.hostname + ", or check that the host name and address are right.");
    said = true;
  }
  if (!said && tls.verify_error == X509_V_ERR_CERT_HAS_EXPIRED && tls.earliest_not_after != 0 &&
      tls.earliest_not_after < now_) {
    // The leaf is in date, so a certificate further up the presented chain has expired.
    Problem_(Layer::kTls, State::kCritical,
             "chain certificate " + Quote(tls.earliest_subject, 80) + " " + ExpiryWords(tls.earliest_not_after, now_) +
                 " (" + Date(tls.earliest_not_after) + ")",
             "The server sends an expired intermediate certificate: ask the contractor to install the "
             "current chain from their certificate authority.");
    said = true;
  }
  if (problem != CertProblem::kNone) {
    CertProblemWords words = DescribeCertificateProblem(problem, tls, config_.hostname);
    Problem_(Layer::kTls, State::kCritical, words.text, words.advice);
    said = true;
  }
  switch (tls.verify_error) {
    case X509_V_OK:
    case X509_V_ERR_CERT_HAS_EXPIRED:
    case X509_V_ERR_CERT_NOT_YET_VALID:
    case X509_V_ERR_HOSTNAME_MISMATCH:
      break;
    default:
      if (!said) {
        Problem_(Layer::kTls, State::kCritical, "certificate verification failed: " + Quote(tls.verify_error_text),
                 "Inspect the chain with: openssl s_client -connect " + Target() + " -servername " +
                     config_.hostname + " -showcerts");
        said = true;
      }
  }
  if (!said) {
    Problem_(Layer::kTls, State::kCritical, "certificate refused: " + Quote(tls.verify_error_text));
  }
}

void Builder::CertificateDays() {
  const TlsFacts& tls = outcome_.tls;
  if (tls.earliest_not_after == 0) return;
  const double days_left = static_cast<double>(tls.earliest_not_after - now_) / 86400.0;
  const bool leaf = tls.earliest_not_after == tls.leaf.not_after;
  const std::string which = leaf ? "certificate" : "chain certificate " + Quote(tls.earliest_subject, 80);
  const std::string when = Date(tls.earliest_not_after);
  const std::string renew = "Ask the contractor to renew the certificate of " + config_.hostname + " (" + which +
                            " expires " + when + ").";
  if (tls.leaf.not_before > now_) {
    Problem_(Layer::kTls, State::kCritical, "certificate is not valid before " + Date(tls.leaf.not_before));
  }
  if (days_left < 0) {
    Problem_(Layer::kTls, State::kCritical, which + " " + ExpiryWords(tls.earliest_not_after, now_) + " (" + when + ")",
             renew);
  } else if (days_left < config_.cert_critical_days) {
    Problem_(Layer::kTls, State::kCritical,
             which + " " + ExpiryWords(tls.earliest_not_after, now_) + " (" + when + ")",
             renew);
  } else if (days_left < config_.cert_warning_days) {
    Problem_(Layer::kTls, State::kWarning,
             which + " " + ExpiryWords(tls.earliest_not_after, now_) + " (" + when + ")",
             renew);
  }
}

void Builder::Http() {
  const HttpFacts& http = outcome_.http;
  if (!http.response_started || outcome_.failure != Failure::kNone) return;
  std::string text = config_.method + " " + Quote(config_.uri, 80) + " -> " + std::to_string(http.status);
  if (!http.reason.empty()) text += " " + Quote(http.reason, 60);
  text += ", " + std::to_string(http.body_bytes) + " B";
  if (outcome_.phases.ttfb) text += ", first byte after " + Secs(*outcome_.phases.ttfb);
  if (!http.redirects_followed.empty()) {
    text += ", after " + Plural(static_cast<long>(http.redirects_followed.size()), "redirect");
  }
  Report(Layer::kHttp, State::kOk, text);
  CheckPhase(Layer::kHttp, "time to first byte", outcome_.phases.ttfb, config_.ttfb);
  CheckPhase(Layer::kHttp, "the whole check", outcome_.phases.total, config_.total);
}

void Builder::Api() {
  const HttpFacts& http = outcome_.http;
  if (!http.response_started || outcome_.failure != Failure::kNone) return;
  const int status = http.status;
  const std::string status_text = "HTTP " + std::to_string(status) + (http.reason.empty() ? "" : " " + Quote(http.reason, 60));
  if (auto words = DescribeClientCertDemand(status, http.body, !config_.client_cert.empty())) {
    Problem_(Layer::kTls, State::kCritical, words->text, words->advice);
    return;
  }
  if (config_.auth != AuthType::kNone) {
    const char* type = config_.auth == AuthType::kBasic ? "basic" : "bearer";
    if (status == 401 || status == 403) {
      Problem_(Layer::kAuth, State::kCritical, std::string("credentials rejected (") + type + "): " + status_text,
               "The server refused our credentials: check the user/token in the credentials file with the "
               "contractor (expired or rotated password, account locked, missing permission).");
      return;
    }
    Report(Layer::kAuth, State::kOk, std::string("credentials accepted (") + type + ")");
  } else if (status == 401) {
    std::string scheme = http.www_authenticate.substr(0, http.www_authenticate.find(' '));
    Problem_(Layer::kAuth, State::kCritical,
             "the server requires authentication: " + status_text +
                 (scheme.empty() ? "" : " (WWW-Authenticate: " + Quote(scheme, 20) + ")"),
             "Give --auth basic|bearer with --credentials-file or --credentials-env.");
    return;
  }
  bool expected = std::any_of(config_.expect_status.begin(), config_.expect_status.end(),
                              [&](const StatusSpan& span) { return status >= span.low && status <= span.high; });
  if (!expected) {
    std::string why = status_text + " (expected " + Quote(config_.expect_status_text, 60) + ")";
    std::string advice;
    if (status < 100 || status > 599) {
      // RFC 9110 section 15: status codes are 100..599.
      why = "status code outside HTTP's range " + why;
      advice = "The answer is not standard HTTP: check that the DMK Community service, not another program "
               "or a broken proxy, answers on " + Target() + ".";
    } else if (status >= 500) {
      why = "server error " + why;
      advice = "The DMK Community service answered with a server error: ask the contractor to check the "
               "service and its logs on " + config_.hostname + ".";
    } else if (status >= 300 && status < 400) {
      why += http.location.empty() ? "" : ", redirect to " + Quote(http.location, 100);
      advice = "The server redirects: use --follow, or fix --uri, or accept it with --expect-status 3xx.";
    } else if (status == 404) {
      advice = "The path " + config_.uri + " does not exist on this server: check --uri.";
    } else if (!config_.tls && SaysPlainHttpToTlsPort(status, http.body)) {
      why += "; the port speaks TLS: drop --no-tls";
      advice = "The server expects TLS on port " + std::to_string(config_.EffectivePort()) +
               ": remove --no-tls (and give --ca-file if needed).";
    }
    Problem_(Layer::kApi, State::kCritical, "unexpected " + why, advice);
    return;
  }
  std::string text = "status " + std::to_string(status) + " is expected (" + Quote(config_.expect_status_text, 60) + ")";
  if (!config_.expect_body.empty()) {
    regex_t compiled;
    bool matched = false;
    if (regcomp(&compiled, config_.expect_body.c_str(), REG_EXTENDED | REG_NOSUB) == 0) {
      // REG_STARTEND: match over the whole buffer, NUL bytes from the server included.
      regmatch_t range[1];
      range[0].rm_so = 0;
      range[0].rm_eo = static_cast<regoff_t>(http.body.size());
      matched = regexec(&compiled, http.body.c_str(), 1, range, REG_STARTEND) == 0;
      regfree(&compiled);
    }
    if (!matched) {
      Problem_(Layer::kApi, State::kCritical,
               "response body does not match '" + Quote(config_.expect_body, 60) + "'",
               "The server answered, but not with what the DMK API should return: check that --uri "
               "points at the DMK Community API and that the service behind it is healthy.");
      return;
    }
    text += ", body matches '" + Quote(config_.expect_body, 60) + "'";
  }
  Report(Layer::kApi, State::kOk, text);
  for (const HeaderAssertion& header : config_.expect_headers) {
    if (std::optional<std::string> problem = CheckHeader(header, http.response_headers)) {
      Problem_(Layer::kApi, State::kCritical, *problem,
               "The answer's headers are not what the DMK API sends (a proxy, a login page or another web "
               "server answering?): check what answers on " + Quote(config_.uri, 80) + ".",
               "api.header_mismatch");
    }
  }
  if (!config_.reject_body.empty()) {
    if (std::optional<std::string> rejected = DescribeRejectedBody(config_.reject_body, http.body)) {
      Problem_(Layer::kApi, config_.reject_body_state, *rejected,
               "The server answers with a page --reject-body names (a maintenance page?): ask the contractor "
               "whether the DMK Community service is down on purpose, and until when.",
               "api.body_rejected");
    }
  }
  if (!config_.json.empty()) Json();
}

void Builder::Json() {
  const HttpFacts& http = outcome_.http;
  JsonVerdict verdict = EvaluateJson(config_.json, http.body, http.body.size() >= http.body_bytes);
  json_perfdata_ = std::move(verdict.perfdata);
  for (const std::string& fact : verdict.facts) Report(Layer::kApi, State::kOk, fact);
  for (JsonFinding& finding : verdict.problems) {
    Problem_(Layer::kApi, finding.state, std::move(finding.text), "", "api.json");
  }
  if (!verdict.advice.empty()) result_.advice.push_back(std::move(verdict.advice));
}

void Builder::Timeout() {
  const std::string after = " after " + TimeoutSecs(outcome_.elapsed_s);
  const State state = config_.timeout_state;
  const HttpFacts& http = outcome_.http;
  switch (outcome_.timed_out_in) {
    case Layer::kDns:
      Problem_(Layer::kDns, state, "DNS lookup of " + config_.hostname + " timed out" + after,
               "No DNS answer in time: check the resolvers of this monitoring host, or give --address.");
      break;
    case Layer::kTcp:
      if (!config_.proxy.empty()) {  // the proxy, not the server, did not answer or open the tunnel in time
        Problem_(Layer::kTcp, state, "connecting through proxy " + Quote(ProxyForDisplay(config_.proxy)) + " timed out" + after,
                 "Check that the proxy/jump host is up and allows connections to " + config_.hostname + ":" +
                     std::to_string(config_.EffectivePort()) + ".");
        break;
      }
      Problem_(Layer::kTcp, state,
               "TCP connect to " + Target() + " timed out" + after + " (no answer: firewall dropping packets or host down)",
               "Nothing answered on " + Target() + ": check that the server is up and that its firewall/NAT "
               "lets the cloud through on port " + std::to_string(config_.EffectivePort()) + ".");
      break;
    case Layer::kTls:
      Problem_(Layer::kTls, state,
               "TLS handshake timed out" + after + " (the server accepted TCP but did not complete the handshake)",
               "The port accepts connections but no TLS answer comes: the service may be hung, or the port may "
               "be forwarded to something else; restart the DMK Community service.");
      break;
    default:
      if (!http.response_started && http.bytes_received) {
        Problem_(Layer::kHttp, state,
                 "response stalled before its status line was complete: timed out" + after,
                 "The server started to answer and stalled within its first line: the service is overloaded or "
                 "hung, or something other than HTTP answers on " + Target() + ".");
      } else if (!http.response_started) {
        Problem_(Layer::kHttp, state, "no response to " + config_.method + " " + Quote(config_.uri, 80) + " (timed out" + after + ")",
                 "The server took the request but did not answer: the DMK Community service is probably hung; "
                 "ask the contractor to restart it and check its logs.");
      } else if (!http.headers_done) {
        Problem_(Layer::kHttp, state, "response headers stalled: timed out" + after,
                 "The server started to answer and stalled: the service is overloaded or hung.");
      } else {
        Problem_(Layer::kHttp, state,
                 "response body stalled: timed out" + after + " (received " + std::to_string(http.body_bytes) + " B)",
                 "The server sends its answer too slowly: the service or the network path is overloaded.");
      }
  }
}

void Builder::Failure_() {
  const std::string detail = Quote(outcome_.detail);
  const std::string port = std::to_string(config_.EffectivePort());
  switch (outcome_.failure) {
    case Failure::kNone:
      return;
    case Failure::kTimeout:
      Timeout();
      return;
    case Failure::kDnsNotFound:
      Problem_(Layer::kDns, State::kCritical, "DNS: " + config_.hostname + " does not exist (NXDOMAIN)",
               "Check the host name; if it is right, ask who runs the DNS zone whether the record was removed.");
      return;
    case Failure::kDnsNoAnswer:
      Problem_(Layer::kDns, State::kCritical,
               "DNS lookup of " + config_.hostname + " failed: no DNS server answered (" + detail + ")",
               "Check the resolvers in /etc/resolv.conf of this monitoring host, or give --address.");
      return;
    case Failure::kDnsNoAddress:
      Problem_(Layer::kDns, State::kCritical,
               "DNS: " + config_.hostname + " has no " +
                   (config_.ip_version == 4 ? "IPv4 " : config_.ip_version == 6 ? "IPv6 " : "") + "address",
               "The name exists but has no usable address record: check the DNS record (A/AAAA), or -4/-6.");
      return;
    case Failure::kDnsError:
      Problem_(Layer::kDns, State::kCritical, "DNS lookup of " + config_.hostname + " failed: " + detail);
      return;
    case Failure::kTcpRefused:
      Problem_(Layer::kTcp, State::kCritical,
               "TCP connect to " + Target() + " refused (server down or port not forwarded)",
               "The host answers but nothing listens on port " + port + ": check that the DMK Community "
               "service is running and that the firewall/NAT forwards port " + port + " to it.");
      return;
    case Failure::kTcpUnreachable:
      Problem_(Layer::kTcp, State::kCritical,
               "TCP connect to " + Target() + " failed: network or host unreachable (" + detail + ")",
               "There is no route from the cloud to this server: check the VPN/routing to the community network.");
      return;
    case Failure::kTcpReset:
      Problem_(Layer::kTcp, State::kCritical,
               "connection to " + Target() + " was " + (Reset() ? "reset" : "closed") +
                   " by the server before the TLS handshake finished",
               "Something on port " + port + " accepts and drops connections (a firewall rule, or a crashed "
               "service): check what listens there.");
      return;
    case Failure::kTcpError:
      Problem_(Layer::kTcp, State::kCritical, "TCP connect to " + Target() + " failed: " + detail);
      return;
    case Failure::kProxyFailed:
      Problem_(Layer::kTcp, State::kCritical,
               "could not connect through proxy " + Quote(ProxyForDisplay(config_.proxy)) + ": " + detail,
               "Check that the proxy/jump host is up and allows connections to " + config_.hostname + ":" + port + ".");
      return;
    case Failure::kTlsNotTls:
      Problem_(Layer::kTls, State::kCritical,
               "the server on port " + port + " does not speak TLS (plain HTTP? then use --no-tls)",
               "Port " + port + " answers without TLS: check the port, or whether HTTPS is configured on the server.");
      return;
    case Failure::kTlsCertificateRejected:
      return;  // reported by Tls() from the certificate facts
    case Failure::kTlsClientCertRequired:
      Problem_(Layer::kTls, State::kCritical,
               config_.client_cert.empty() ? "the server requires a client certificate (" + detail + ")"
                                           : "the server rejected our client certificate (" + detail + ")",
               config_.client_cert.empty() ? "Give --client-cert and --client-key."
                                           : "Check that the client certificate is issued by a CA the server trusts "
                                             "and has not expired.");
      return;
    case Failure::kTlsHandshakeFailed:
      if (const HandshakeProblem problem =
              DiagnoseHandshake(outcome_.handshake, outcome_.detail, config_.tls_min_version);
          problem != HandshakeProblem::kNone) {
        ProblemWords words =
            DescribeHandshakeProblem(problem, outcome_.handshake, config_.tls_min_version, Target(), config_.hostname);
        Problem_(Layer::kTls, State::kCritical, words.text, words.advice);
        return;
      }
      Problem_(Layer::kTls, State::kCritical, "TLS handshake failed: " + detail,
               "Compare the server's TLS versions and ciphers with this host's OpenSSL: openssl s_client "
               "-connect " + Target() + " -servername " + config_.hostname);
      return;
    case Failure::kTlsReset:
      Problem_(Layer::kTls, State::kCritical, "the server closed the connection during the TLS handshake (" + detail + ")");
      return;
    case Failure::kHttpNoResponse:
      Problem_(Layer::kHttp, State::kCritical,
               "the server " + std::string(Reset() ? "reset" : "closed") + " the connection without answering " +
                   config_.method + " " + Quote(config_.uri, 80) + " (" + detail + ")" +
                   (config_.tls ? "" : "; if the port speaks TLS, drop --no-tls"),
               "The service accepted the request and dropped it: it may be crashing; check its logs.");
      return;
    case Failure::kHttpMalformed:
      Problem_(Layer::kHttp, State::kCritical,
               "the server's answer is not valid HTTP (" + detail + ")" +
                   (config_.tls ? "" : "; if the port speaks TLS, drop --no-tls"),
               "Something other than the DMK Community web service answers on port " + port + ".");
      return;
    case Failure::kHttpTruncated:
      Problem_(Layer::kHttp, State::kCritical,
               "the response broke off after " + std::to_string(outcome_.http.body_bytes) + " B of body (" + detail + ")",
               "The server or a middlebox cut the answer short: check the service and any proxy in between.");
      return;
    case Failure::kHttpTooLarge:
      Problem_(Layer::kHttp, State::kCritical,
               "response too large: more than " + std::to_string(config_.max_body) + " B (--max-body)",
               "The answer is far larger than a DMK status reply: check --uri, or raise --max-body.");
      return;
    case Failure::kHttpHeadersTooLarge:
      Problem_(Layer::kHttp, State::kCritical, "response headers too large: more than 64 KiB",
               "The server sends an absurd amount of headers: check what answers on this port.");
      return;
    case Failure::kHttpRedirectRefused:
      Problem_(Layer::kHttp, State::kCritical,
               "redirect to " + Quote(outcome_.http.location, 100) + " not followed: " + detail,
               "Point --uri (and -H/-p) directly at the final address of the DMK API.");
      return;
    case Failure::kHttpTooManyRedirects:
      Problem_(Layer::kHttp, State::kCritical,
               "more than " + Plural(config_.max_redirects, "redirect") + " (a redirect loop?), last to " +
                   Quote(outcome_.detail, 100),
               "The server redirects in circles: ask the contractor to check its web server configuration.");
      return;
    case Failure::kHttpError:
      Problem_(Layer::kHttp, State::kCritical, "HTTP exchange failed: " + detail);
      return;
    case Failure::kInternal:
      Problem_(Layer::kTls, State::kUnknown, "could not run the check: " + detail,
               "A local file or setting could not be used (client certificate, key or CA file?).");
      return;
  }
}

void Builder::Perfdata() {
  const double max = config_.timeout_s;
  auto phase = [&](const char* label, const std::optional<double>& value, const Thresholds& limits) {
    result_.perfdata.push_back({label, value, "s", limits.warning, limits.critical, 0.0, max});
  };
  // A phase that does not apply is left out (DNS with --address, --proxy or an IP literal; TLS with
  // --no-tls); a phase that applies but was not reached is 'U'. Icinga 2.13 logs every 'U' it sees
  // (Icinga/icinga2#9282), so a label that could never have a value must not be written as one.
  if (!outcome_.dns_skipped) phase("dns", outcome_.phases.dns, config_.dns);
  phase("connect", outcome_.phases.connect, config_.connect);
  if (config_.tls) phase("tls", outcome_.phases.tls, config_.tls_handshake);
  phase("ttfb", outcome_.phases.ttfb, config_.ttfb);
  phase("time", outcome_.phases.total, config_.total);
  std::optional<double> size;
  if (outcome_.http.response_started) size = static_cast<double>(outcome_.http.body_bytes);
  result_.perfdata.push_back({"size", size, "B", std::nullopt, std::nullopt, 0.0, std::nullopt});
  if (config_.tls) {
    std::optional<double> days;
    if (outcome_.tls.certificate_seen && outcome_.tls.earliest_not_after != 0) {
      days = static_cast<double>(CertificateDaysLeft(outcome_.tls.earliest_not_after, now_));
    }
    Range warning;
    Range critical;
    (void)ParseRange(std::to_string(config_.cert_warning_days) + ":", &warning);
    (void)ParseRange(std::to_string(config_.cert_critical_days) + ":", &critical);
    result_.perfdata.push_back({"cert_days", days, "", warning, critical, std::nullopt, std::nullopt});
  }
  if (json_perfdata_.empty()) json_perfdata_ = JsonPerfdataNotReached(config_.json);
  result_.perfdata.insert(result_.perfdata.end(), json_perfdata_.begin(), json_perfdata_.end());
}

CheckResult Builder::Build() {
  Dns();
  Tcp();
  Tls();
  Failure_();
  Http();
  Api();
  // Layers in the order a connection climbs them; the ones never reached are listed as such.
  std::vector<Layer> order = {Layer::kDns, Layer::kTcp};
  if (config_.tls) order.push_back(Layer::kTls);
  order.insert(order.end(), {Layer::kHttp, Layer::kApi});
  if (config_.auth != AuthType::kNone || std::any_of(result_.layers.begin(), result_.layers.end(),
                                                      [](const LayerReport& r) { return r.layer == Layer::kAuth; })) {
    order.push_back(Layer::kAuth);
  }
  std::vector<LayerReport> sorted;
  for (Layer layer : order) {
    auto found = std::find_if(result_.layers.begin(), result_.layers.end(),
                              [&](const LayerReport& r) { return r.layer == layer; });
    sorted.push_back(found != result_.layers.end() ? *found : LayerReport{layer, std::nullopt, "not reached"});
  }
  result_.layers = std::move(sorted);

  result_.state = State::kOk;
  for (const Problem& problem : problems_) result_.state = Worst(result_.state, problem.state);
  if (problems_.empty()) {
    std::string summary = "HTTP " + std::to_string(outcome_.http.status);
    if (!outcome_.http.reason.empty()) summary += " " + Quote(outcome_.http.reason, 40);
    summary += " in " + Secs(outcome_.phases.total.value_or(outcome_.elapsed_s));
    if (config_.tls && outcome_.tls.earliest_not_after != 0) {
      const long days = CertificateDaysLeft(outcome_.tls.earliest_not_after, now_);
      summary += ", certificate valid " + Plural(days, "more day");
    }
    if (config_.tls && config_.insecure) summary += " (certificate NOT verified: --insecure)";
    result_.summary = summary;
  } else {
    // The most severe problems first, each once, in the order the layers were climbed.
    std::stable_sort(problems_.begin(), problems_.end(), [](const Problem& a, const Problem& b) {
      return Worst(a.state, b.state) == a.state && a.state != b.state;
    });
    std::string summary;
    for (const Problem& problem : problems_) {
      if (!summary.empty()) summary += "; ";
      summary += problem.text;
    }
    if (config_.tls && config_.insecure) summary += " (certificate NOT verified: --insecure)";
    result_.summary = summary;
  }
  if (std::optional<std::string> proxy = DescribeProxy(config_)) result_.details.push_back(*proxy);
  if (config_.verbosity >= 1) {
    result_.details.push_back("URL: " + outcome_.url);
    for (const std::string& redirect : outcome_.http.redirects_followed) {
      result_.details.push_back("redirected to: " + Quote(redirect, 200));
    }
    if (outcome_.tls.certificate_seen) {
      const CertificateFacts& leaf = outcome_.tls.leaf;
      std::string names;
      for (const std::string& name : leaf.names) names += (names.empty() ? "" : ", ") + name;
      result_.details.push_back("certificate: subject " + Quote(leaf.subject, 200) + "; issuer " + Quote(leaf.issuer, 200));
      result_.details.push_back("certificate names: " + Quote(names, 300));
      result_.details.push_back("certificate valid " + Date(leaf.not_before) + " to " + Date(leaf.not_after) +
                                "; chain of " + std::to_string(outcome_.tls.chain_length) + "; key sha256//" +
                                leaf.spki_sha256);
      if (outcome_.tls.verify_error != 0) {
        result_.details.push_back("chain verification: " + Quote(outcome_.tls.verify_error_text));
      }
    }
    if (!outcome_.detail.empty()) result_.details.push_back("library said: " + Quote(outcome_.detail, 300));
  }
  if (config_.verbosity >= 2) {
    for (const std::string& line : outcome_.http.request_headers) result_.details.push_back("> " + Quote(line, 300));
    for (const std::string& line : outcome_.http.response_headers) {
      const std::string name = line.substr(0, line.find(':'));  // a server's Set-Cookie is a secret too
      result_.details.push_back("< " +
                                (IsSecretHeaderName(name) ? Quote(name, 60) + ": [redacted]" : Quote(line, 300)));
    }
  }
  if (config_.verbosity >= 3 && !outcome_.http.body.empty()) {
    result_.details.push_back("body: " + Quote(outcome_.http.body, 1000));
  }
  Perfdata();
  return result_;
}

}  // namespace

const char* LayerName(Layer layer) {
  switch (layer) {
    case Layer::kDns: return "DNS";
    case Layer::kTcp: return "TCP";
    case Layer::kTls: return "TLS";
    case Layer::kHttp: return "HTTP";
    case Layer::kApi: return "API";
    case Layer::kAuth: return "AUTH";
  }
  return "?";
}

CheckResult Evaluate(const Config& config, const ProbeOutcome& outcome, std::int64_t now) {
  return Builder(config, outcome, now).Build();
}

}  // namespace dmk
