#include "common/cli/option_values.h"

#include <optional>
#include <utility>

#include "common/base/number.h"
#include "common/base/range.h"

namespace dmk {

void OptionValues::Set(OptionId id, std::vector<std::string> values) {
  values_[Index(id)] = std::move(values);
  given_.set(Index(id));
}

bool OptionValues::Given(OptionId id) const {
  read_.set(Index(id));
  return given_[Index(id)];
}

bool OptionValues::Has(OptionId id) const { return Given(id); }

std::string OptionValues::String(OptionId id) const {
  const std::vector<std::string>& values = List(id);
  return values.empty() ? "" : values.front();
}

const std::vector<std::string>& OptionValues::List(OptionId id) const {
  Given(id);
  return values_[Index(id)];
}

Status OptionValues::Count(OptionId id, long long low, long long high, long long* out) const {
  if (!Has(id)) return Status::Ok();
  const std::string text = String(id);
  std::optional<long long> value = ParseCount(text);
  if (!value || *value < low || *value > high) {
    return Status::Error(DashName(id) + " '" + text + "' must be a whole number from " + std::to_string(low) + " to " +
                         std::to_string(high));
  }
  *out = *value;
  return Status::Ok();
}

Status OptionValues::Seconds(OptionId id, double* out) const {
  if (!Has(id)) return Status::Ok();
  const std::string text = String(id);
  std::optional<double> value = ParseDecimal(text);
  if (!value || *value <= 0 || *value > 3600) {
    return Status::Error(DashName(id) + " '" + text + "' must be a number of seconds above 0 and at most 3600");
  }
  *out = *value;
  return Status::Ok();
}

Status OptionValues::Thresholds(OptionId warning, OptionId critical, dmk::Thresholds* out) const {
  for (auto [id, slot] : {std::pair{warning, &out->warning}, std::pair{critical, &out->critical}}) {
    if (!Has(id)) continue;
    Range range;
    if (Status status = ParseRange(String(id), &range); !status.ok()) {
      return Status::Error(DashName(id) + ": " + status.message());
    }
    *slot = range;
  }
  return Status::Ok();
}

}  // namespace dmk
