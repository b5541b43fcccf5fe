#include <utility>

#include "common/base/ascii.h"
#include "common/base/posix_regex.h"
#include "common/cli/options_groups.h"
#include "common/model/header_assert.h"
#include "common/model/json_assert.h"

namespace dmk {

using enum OptionId;

namespace {

// --expect-json, --json-warning and --json-critical, in the order given.
Status FillJsonChecks(const OptionValues& in, JsonChecks* json) {
  for (const std::string& text : in.List(kExpectJson)) {
    JsonAssertion assertion;
    if (Status s = ParseJsonAssertion(text, &assertion); !s.ok()) return s;
    json->assertions.push_back(std::move(assertion));
  }
  for (bool critical : {false, true}) {
    for (const std::string& text : in.List(critical ? kJsonCritical : kJsonWarning)) {
      if (Status s = AddJsonThreshold(text, critical, &json->thresholds); !s.ok()) return s;
    }
  }
  AssignJsonPerfLabels(&json->thresholds);
  return Status::Ok();
}

// --reject-body and --reject-body-state.
Status FillRejectBody(const OptionValues& in, Config* config) {
  if (in.Has(kRejectBody)) {
    config->reject_body = in.String(kRejectBody);
    if (Status s = CheckRegex(DashName(kRejectBody) + " '" + config->reject_body + "': ", config->reject_body); !s.ok())
      return s;
  }
  if (in.Has(kRejectBodyState)) {
    const std::string state = AsciiLower(in.String(kRejectBodyState));
    if (state != "warning" && state != "critical") {
      return Status::Error(DashName(kRejectBodyState) + " '" + in.String(kRejectBodyState) +
                           "' must be warning or critical");
    }
    config->reject_body_state = state == "warning" ? State::kWarning : State::kCritical;
  }
  return Status::Ok();
}

}  // namespace

Status FillApiChecks(const OptionValues& in, Config* config) {
  if (Status s = FillJsonChecks(in, &config->json); !s.ok()) return s;
  for (const std::string& text : in.List(kExpectHeader)) {
    HeaderAssertion assertion;
    if (Status s = ParseHeaderAssertion(text, &assertion); !s.ok()) return s;
    config->expect_headers.push_back(std::move(assertion));
  }
  return FillRejectBody(in, config);
}

}  // namespace dmk
