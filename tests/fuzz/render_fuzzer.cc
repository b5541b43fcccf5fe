// libFuzzer target: Evaluate and Render (common/evaluate/evaluate.h, common/report/render.h) over whatever a server
// could make the probe record: every text field that comes from the network (reason phrase, headers,
// Location, body, certificate names, library error text) is fuzzed bytes, with any failure, status
// code, phase times and verbosity, and the API checks (--expect-json, --json-*, --reject-body,
// --expect-header) over the fuzzed body and headers. Asserts the plugin output contract: one status line
// with exactly one '|' before valid perfdata, no control byte, valid UTF-8, bounded lines.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/base/plugin_state.h"
#include "common/evaluate/evaluate.h"
#include "common/report/render.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

std::optional<double> Phase(FuzzedDataProvider& in) {
  if (!in.ConsumeBool()) return std::nullopt;
  return in.ConsumeFloatingPointInRange<double>(0, 4000);
}

std::string Text(FuzzedDataProvider& in) { return in.ConsumeRandomLengthString(3000); }

std::optional<dmk::Range> SomeRange(FuzzedDataProvider& in) {
  static const char* kRanges[] = {"0.5", "1:", "~:2", "@0:1", "0:0.001", "10:20"};
  if (!in.ConsumeBool()) return std::nullopt;
  dmk::Range range;
  if (!dmk::ParseRange(kRanges[in.ConsumeIntegralInRange<size_t>(0, 5)], &range).ok()) return std::nullopt;
  return range;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  dmk::Config config;
  config.hostname = "dmk.test";
  config.community = in.ConsumeBool() ? "Oak Park" : "";
  config.tls = in.ConsumeBool();
  config.insecure = config.tls && in.ConsumeBool();
  config.verbosity = in.ConsumeIntegralInRange<int>(0, 3);
  config.follow = in.ConsumeBool();
  config.timeout_s = in.ConsumeIntegralInRange<int>(1, 3600);
  config.auth = static_cast<dmk::AuthType>(in.ConsumeIntegralInRange<int>(0, 2));
  config.timeout_state = static_cast<dmk::State>(in.ConsumeIntegralInRange<int>(0, 3));
  config.method = in.PickValueInArray({"GET", "HEAD", "POST"});
  if (config.method != "HEAD" && in.ConsumeBool())
    config.expect_body = in.PickValueInArray({"ok", "\"status\": ?\"ok\"", "^$"});
  config.total = {SomeRange(in), SomeRange(in)};
  config.ttfb = {SomeRange(in), SomeRange(in)};
  config.tls_handshake = {SomeRange(in), SomeRange(in)};

  dmk::ProbeOutcome outcome;
  outcome.url = "https://dmk.test:443/";
  outcome.failure =
      static_cast<dmk::Failure>(in.ConsumeIntegralInRange<int>(0, static_cast<int>(dmk::Failure::kInternal)));
  outcome.timed_out_in = static_cast<dmk::Layer>(in.ConsumeIntegralInRange<int>(0, 5));
  outcome.detail = Text(in);
  outcome.os_error = in.ConsumeIntegralInRange<int>(0, 150);
  outcome.elapsed_s = in.ConsumeFloatingPointInRange<double>(0, 4000);
  outcome.addresses = {in.PickValueInArray({"127.0.0.1", "::1", "192.0.2.1"})};
  if (in.ConsumeBool()) outcome.connected_address = outcome.addresses.front();
  outcome.connected_port = in.ConsumeIntegralInRange<int>(0, 65535);
  outcome.phases = {Phase(in), Phase(in), Phase(in), Phase(in), Phase(in)};

  dmk::TlsFacts& tls = outcome.tls;
  tls.certificate_seen = in.ConsumeBool();
  tls.handshake_done = in.ConsumeBool();
  tls.accepted = in.ConsumeBool();
  tls.protocol = Text(in);
  tls.cipher = Text(in);
  tls.leaf.subject = Text(in);
  tls.leaf.issuer = Text(in);
  for (int i = in.ConsumeIntegralInRange<int>(0, 6); i > 0; --i) tls.leaf.names.push_back(Text(in));
  tls.leaf.not_before = in.ConsumeIntegralInRange<std::int64_t>(-4'000'000'000LL, 8'000'000'000LL);
  tls.leaf.not_after = in.ConsumeIntegralInRange<std::int64_t>(-4'000'000'000LL, 8'000'000'000LL);
  tls.leaf.spki_sha256 = Text(in);
  tls.chain_length = in.ConsumeIntegralInRange<size_t>(0, 10);
  tls.earliest_not_after =
      in.ConsumeBool() ? tls.leaf.not_after : in.ConsumeIntegralInRange<std::int64_t>(0, 8'000'000'000LL);
  tls.earliest_subject = Text(in);
  tls.verify_error = in.ConsumeIntegralInRange<int>(0, 100);
  tls.verify_error_text = Text(in);
  tls.host_matches = in.ConsumeBool();
  tls.pin_checked = in.ConsumeBool();
  tls.pin_matched = in.ConsumeBool();
  tls.verification_skipped = config.insecure;

  dmk::HttpFacts& http = outcome.http;
  http.request_sent = in.ConsumeBool();
  http.response_started = in.ConsumeBool();
  http.headers_done = in.ConsumeBool();
  http.http_version = Text(in);
  http.status = in.ConsumeIntegralInRange<int>(-1000, 100000);
  http.reason_phrase = Text(in);
  http.location = Text(in);
  http.www_authenticate = Text(in);
  http.header_bytes = in.ConsumeIntegral<uint32_t>();
  http.body_bytes = in.ConsumeIntegral<uint32_t>();
  http.body = Text(in);
  for (int i = in.ConsumeIntegralInRange<int>(0, 5); i > 0; --i) http.redirects_followed.push_back(Text(in));
  for (int i = in.ConsumeIntegralInRange<int>(0, 20); i > 0; --i) http.response_headers.push_back(Text(in));
  for (int i = in.ConsumeIntegralInRange<int>(0, 5); i > 0; --i) http.request_headers.push_back(Text(in));

  const std::int64_t now = in.ConsumeIntegralInRange<std::int64_t>(0, 4'000'000'000LL);
  const std::vector<std::string> secrets = {in.ConsumeRandomLengthString(40)};
  // The API checks, chosen last so that the committed corpus keeps its meaning: JSON
  // assertions and thresholds over the fuzzed body, header assertions over the fuzzed header lines.
  if (config.method != "HEAD" && in.ConsumeBool()) {
    dmk::JsonAssertion assertion;
    if (dmk::ParseJsonAssertion(in.PickValueInArray({"/status=ok", "/a/0>=1", "/s=~x|y", "/n!=null"}), &assertion)
            .ok()) {
      config.json.assertions.push_back(assertion);
    }
    (void)dmk::AddJsonThreshold(in.PickValueInArray({"/a/b=0", "/c=@1:2", "/d~1e=5:"}), in.ConsumeBool(),
                                &config.json.thresholds);
    dmk::AssignJsonPerfLabels(&config.json.thresholds);
    if (in.ConsumeBool()) config.reject_body = in.PickValueInArray({"maint", "a|b", "^$"});
    config.reject_body_state = in.ConsumeBool() ? dmk::State::kWarning : dmk::State::kCritical;
  }
  if (in.ConsumeBool()) {
    dmk::HeaderAssertion header;
    if (dmk::ParseHeaderAssertion(in.PickValueInArray({"Content-Type: json", "Set-Cookie: x", "X:"}), &header).ok()) {
      config.expect_headers.push_back(header);
    }
  }
  const dmk::CheckResult result = dmk::Evaluate(config, outcome, now);
  const std::string out = dmk::Render(config.DisplayName(), result, secrets);
  dmk::fuzz::CheckPluginOutput(out, dmk::StateName(result.state), 1200 + 3);
  return 0;
}
