#include "common/evaluate/eval_connect.h"

#include "common/evaluate/eval_words.h"
#include "common/evaluate/proxy_display.h"

namespace dmk {

StepResult EvaluateDns(const Config& config, const ProbeOutcome& outcome) {
  StepResult step;
  if (!config.address.empty()) {
    step.Fact(Layer::kDns, "skipped: connecting to " + config.address + " (--address)");
    return step;
  }
  if (!config.proxy.empty()) {
    step.Fact(Layer::kDns, "left to the proxy " + Quote(ProxyForDisplay(config.proxy)));
    return step;
  }
  if (outcome.dns_skipped) {
    step.Fact(Layer::kDns, "not needed: " + config.hostname + " is an IP address");
    return step;
  }
  if (!outcome.phases.dns) return step;  // a failed lookup is the failure step's
  std::string list;
  for (size_t i = 0; i < outcome.addresses.size() && i < 4; ++i) list += (i > 0 ? ", " : "") + outcome.addresses[i];
  if (outcome.addresses.size() > 4) list += ", ...";
  step.Fact(Layer::kDns, config.hostname + " -> " + list + " in " + Secs(*outcome.phases.dns));
  CheckPhase(Layer::kDns, "DNS lookup", outcome.phases.dns, config.dns, ReasonCode::kDnsSlow, &step);
  return step;
}

StepResult EvaluateTcp(const Config& config, const ProbeOutcome& outcome) {
  StepResult step;
  if (!outcome.phases.connect) return step;
  std::string via = config.proxy.empty() ? "" : " through proxy " + Quote(ProxyForDisplay(config.proxy));
  step.Fact(Layer::kTcp, "connected to " + Target(config, outcome) + via + " in " + Secs(*outcome.phases.connect));
  CheckPhase(Layer::kTcp, "TCP connect", outcome.phases.connect, config.connect, ReasonCode::kTcpSlow, &step);
  return step;
}

}  // namespace dmk
