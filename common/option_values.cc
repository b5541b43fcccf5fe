#include "common/option_values.h"

#include <optional>

#include "common/number.h"
#include "common/range.h"

namespace dmk {

void OptionValues::Set(std::string name, std::vector<std::string> values) {
  for (auto& [known, known_values] : values_) {
    if (known == name) {
      known_values = std::move(values);
      return;
    }
  }
  values_.emplace_back(std::move(name), std::move(values));
}

const std::vector<std::string>* OptionValues::Find(std::string_view name) const {
  for (const auto& [known, values] : values_) {
    if (known == name) return &values;
  }
  return nullptr;
}

bool OptionValues::Has(std::string_view name) const { return Find(name) != nullptr; }

std::string OptionValues::String(std::string_view name) const {
  const std::vector<std::string>* values = Find(name);
  return values == nullptr || values->empty() ? "" : values->front();
}

const std::vector<std::string>& OptionValues::List(std::string_view name) const {
  static const std::vector<std::string> kNone;
  const std::vector<std::string>* values = Find(name);
  return values == nullptr ? kNone : *values;
}

Status OptionValues::Count(std::string_view name, long long low, long long high, long long* out) const {
  if (!Has(name)) return Status::Ok();
  const std::string text = String(name);
  std::optional<long long> value = ParseCount(text);
  if (!value || *value < low || *value > high) {
    return Status::Error("--" + std::string(name) + " '" + text + "' must be a whole number from " +
                         std::to_string(low) + " to " + std::to_string(high));
  }
  *out = *value;
  return Status::Ok();
}

Status OptionValues::Seconds(std::string_view name, double* out) const {
  if (!Has(name)) return Status::Ok();
  const std::string text = String(name);
  std::optional<double> value = ParseDecimal(text);
  if (!value || *value <= 0 || *value > 3600) {
    return Status::Error("--" + std::string(name) + " '" + text +
                         "' must be a number of seconds above 0 and at most 3600");
  }
  *out = *value;
  return Status::Ok();
}

Status OptionValues::Thresholds(std::string_view warning, std::string_view critical, dmk::Thresholds* out) const {
  for (auto [name, slot] : {std::pair{warning, &out->warning}, std::pair{critical, &out->critical}}) {
    if (!Has(name)) continue;
    Range range;
    if (Status status = ParseRange(String(name), &range); !status.ok()) {
      return Status::Error("--" + std::string(name) + ": " + status.message());
    }
    *slot = range;
  }
  return Status::Ok();
}

}  // namespace dmk
