#include "common/evaluate/eval_perfdata.h"

#include <optional>
#include <string>

#include "common/base/number.h"
#include "common/base/range.h"
#include "common/evaluate/cert_days.h"
#include "common/evaluate/eval_policy.h"
#include "common/evaluate/json_evaluate.h"

namespace dmk {

namespace {

// Days left with two decimals, and the effective thresholds in days: a 6-day certificate's 36 hours are
// 1.5, and its last day is not a flat 0.
PerfValue CertificateDaysValue(const Config& config, const ProbeOutcome& outcome, std::int64_t now) {
  std::optional<double> days;
  if (outcome.tls.certificate_seen && outcome.tls.earliest_not_after != 0) {
    days = CertificateDaysLeftFine(outcome.tls.earliest_not_after, now);
  }
  const CertThresholds thresholds = CertificateThresholds(config, outcome.tls);
  auto in_days = [](std::int64_t seconds) {
    Range range;
    (void)ParseRange(FormatNumber(static_cast<double>(seconds) / static_cast<double>(kSecondsPerDay), 4) + ":", &range);
    return range;
  };
  return {"cert_days", days, "", in_days(thresholds.warning), in_days(thresholds.critical), std::nullopt, std::nullopt};
}

}  // namespace

std::vector<PerfValue> Perfdata(const Config& config, const ProbeOutcome& outcome, std::int64_t now,
                                std::vector<PerfValue> json) {
  std::vector<PerfValue> values;
  const double max = config.timeout_s;
  auto phase = [&](const char* label, const std::optional<double>& value, const Thresholds& limits) {
    values.push_back({label, value, "s", limits.warning, limits.critical, 0.0, max});
  };
  // A phase that does not apply is left out (DNS with --address, --proxy or an IP literal; TLS with
  // --no-tls); a phase that applies but was not reached is 'U'. Icinga 2.13 logs every 'U' it sees
  // (Icinga/icinga2#9282), so a label that could never have a value must not be written as one.
  if (!outcome.dns_skipped) phase("dns", outcome.phases.dns, config.dns);
  phase("connect", outcome.phases.connect, config.connect);
  if (config.tls) phase("tls", outcome.phases.tls, config.tls_handshake);
  phase("ttfb", outcome.phases.ttfb, config.ttfb);
  phase("time", outcome.phases.total, config.total);
  std::optional<double> size;
  if (outcome.http.response_started) size = static_cast<double>(outcome.http.body_bytes);
  values.push_back({"size", size, "B", std::nullopt, std::nullopt, 0.0, std::nullopt});
  if (config.tls) values.push_back(CertificateDaysValue(config, outcome, now));
  if (json.empty()) json = JsonPerfdataNotReached(config.json);
  values.insert(values.end(), json.begin(), json.end());
  return values;
}

}  // namespace dmk
