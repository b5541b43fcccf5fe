// What the tests of the evaluation steps and of Evaluate share: a fixed "now", the configuration of a check of
// dmk.test with every default, the outcomes the probe reports (a healthy server, a probe that stopped short, a
// certificate our verification refused, a plain-HTTP answer), and readers of a CheckResult. One builder for
// each, so that a change to what the probe reports is made once for every evaluation test.
#ifndef DMK_TESTS_SUPPORT_EVAL_FIXTURES_H_
#define DMK_TESTS_SUPPORT_EVAL_FIXTURES_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/base/perfdata.h"
#include "common/base/range.h"
#include "common/evaluate/evaluate.h"
#include "common/model/config.h"
#include "common/model/outcome.h"

namespace dmk::test_support {

inline constexpr std::int64_t kNow = 1700000000;  // 2023-11-14 22:13:20 UTC
inline constexpr std::int64_t kDay = 86400;
// The SPKI pin of the healthy server's key, as --pin-sha256 takes it.
inline const std::string kServerPin = "q1Z2nBjrZ4d1cXeJ4+u8JGJtBPt5pDVmm1QbLUqUT4A=";

inline bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A check of dmk.test with every other option at its default.
inline Config BaseConfig() {
  Config config;
  config.hostname = "dmk.test";
  return config;
}

// A check of dmk.test over plain HTTP (--no-tls).
inline Config PlainConfig() {
  Config config = BaseConfig();
  config.tls = false;
  return config;
}

// A range the test writes itself: a failure to parse it is the test's own mistake.
inline Range MustParse(const std::string& text) {
  Range range;
  Status status = ParseRange(text, &range);
  EXPECT_TRUE(status.ok()) << status.message();
  return range;
}

// A server that answers everything correctly: trusted certificate valid 90 more days (of 100), HTTP 200 with
// a 15-byte JSON body.
inline ProbeOutcome Healthy() {
  ProbeOutcome outcome;
  outcome.url = "https://dmk.test/";
  outcome.addresses = {"192.0.2.10"};
  outcome.connected_address = "192.0.2.10";
  outcome.connected_port = 443;
  outcome.phases = {0.01, 0.02, 0.05, 0.1, 0.15};
  outcome.elapsed_s = 0.15;
  TlsFacts& tls = outcome.tls;
  tls.certificate_seen = true;
  tls.handshake_done = true;
  tls.protocol = "TLSv1.3";
  tls.cipher = "TLS_AES_128_GCM_SHA256";
  tls.leaf.subject = "CN=dmk.test";
  tls.leaf.issuer = "CN=DMK Test CA";
  tls.leaf.names = {"dmk.test"};
  tls.leaf.not_before = kNow - 10 * kDay;
  tls.leaf.not_after = kNow + 90 * kDay;
  tls.leaf.spki_sha256 = kServerPin;
  tls.chain_length = 1;
  tls.earliest_not_after = tls.leaf.not_after;
  tls.earliest_subject = tls.leaf.subject;
  tls.host_matches = true;
  tls.accepted = true;
  HttpFacts& http = outcome.http;
  http.request_sent = true;
  http.response_started = true;
  http.headers_done = true;
  http.http_version = "1.1";
  http.status = 200;
  http.reason_phrase = "OK";
  http.body = R"({"status":"ok"})";
  http.body_bytes = http.body.size();
  return outcome;
}

// The probe stopped with `failure` after the phases that are set in `reached` ("dns", "connect", "tls").
inline ProbeOutcome StoppedAt(Failure failure, const std::vector<std::string>& reached) {
  ProbeOutcome outcome = Healthy();
  auto has = [&](const char* phase) { return std::find(reached.begin(), reached.end(), phase) != reached.end(); };
  outcome.failure = failure;
  outcome.phases = {};
  outcome.elapsed_s = 0.2;
  if (has("dns")) {
    outcome.phases.dns = 0.01;
  } else {
    outcome.addresses.clear();
  }
  if (has("connect")) {
    outcome.phases.connect = 0.02;
  } else {
    outcome.connected_address.clear();
    outcome.connected_port = 0;
  }
  if (has("tls")) {
    outcome.phases.tls = 0.05;
  } else {
    outcome.tls = TlsFacts();
  }
  outcome.http = HttpFacts();
  return outcome;
}

// The certificate was refused by our verification: handshake stopped after TCP.
inline ProbeOutcome CertificateRefused() {
  ProbeOutcome outcome = StoppedAt(Failure::kTlsCertificateRejected, {"dns", "connect"});
  outcome.tls = Healthy().tls;
  outcome.tls.handshake_done = false;
  outcome.tls.accepted = false;
  return outcome;
}

// A complete answer over plain HTTP from 192.0.2.10:80: `status` with `body` and the response `headers`.
inline ProbeOutcome PlainAnswer(int status, const std::string& body, std::vector<std::string> headers = {}) {
  ProbeOutcome outcome;
  outcome.url = "http://dmk.test/";
  outcome.addresses = {"192.0.2.10"};
  outcome.connected_address = "192.0.2.10";
  outcome.connected_port = 80;
  outcome.phases = {0.01, 0.02, std::nullopt, 0.1, 0.15};
  HttpFacts& http = outcome.http;
  http.request_sent = http.response_started = http.headers_done = true;
  http.status = status;
  http.reason_phrase = status == 200 ? "OK" : "Service Unavailable";
  http.body = body;
  http.body_bytes = body.size();
  http.response_headers = std::move(headers);
  return outcome;
}

// The report of `layer`; a test failure when the result has none.
inline const LayerReport& LayerOf(const CheckResult& result, Layer layer) {
  for (const LayerReport& report : result.layers) {
    if (report.layer == layer) return report;
  }
  ADD_FAILURE() << "no " << LayerName(layer) << " layer";
  static const LayerReport kMissing;
  return kMissing;
}

inline bool HasLayer(const CheckResult& result, Layer layer) {
  return std::any_of(result.layers.begin(), result.layers.end(),
                     [&](const LayerReport& report) { return report.layer == layer; });
}

inline std::vector<std::string> PerfLabels(const CheckResult& result) {
  std::vector<std::string> labels;
  for (const PerfValue& value : result.perfdata) labels.push_back(value.label);
  return labels;
}

// The perfdata value labelled `label`; nullptr when there is none.
inline const PerfValue* Perf(const CheckResult& result, const std::string& label) {
  for (const PerfValue& value : result.perfdata) {
    if (value.label == label) return &value;
  }
  return nullptr;
}

// Every line of advice, each ended by a newline.
inline std::string AllAdvice(const CheckResult& result) {
  std::string text;
  for (const std::string& advice : result.advice) text += advice + "\n";
  return text;
}

}  // namespace dmk::test_support

#endif  // DMK_TESTS_SUPPORT_EVAL_FIXTURES_H_
