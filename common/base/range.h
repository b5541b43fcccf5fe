// Range: a Nagios threshold range, "[@]start:end" (Monitoring Plugins guidelines, "Threshold and ranges";
// table in docs/plugin-contract.md). A value alerts when it lies outside start..end (endpoints count as
// inside), or, with a leading '@', when it lies inside.
#ifndef DMK_COMMON_BASE_RANGE_H_
#define DMK_COMMON_BASE_RANGE_H_

#include <optional>
#include <string>
#include <string_view>

#include "common/base/input_status.h"

namespace dmk {

class Range {
 public:
  // True when `value` should raise an alert under this range.
  bool Alerts(double value) const;

  // The range's upper bound when the range is a plain "alert above N" (e.g. "10" or "0:10"): the only
  // threshold form Icinga2 keeps in perfdata (docs/plugin-contract.md, "Perfdata"). nullopt otherwise.
  std::optional<double> SimpleUpperBound() const;

  // The text the range was parsed from, for perfdata and messages.
  const std::string& text() const { return text_; }

 private:
  friend Status ParseRange(std::string_view text, Range* range);
  std::optional<double> start_;  // nullopt: -infinity ("~")
  std::optional<double> end_;    // nullopt: +infinity (empty end)
  bool alert_inside_ = false;    // leading '@'
  std::string text_;
};

// Parses `text` into `*range`. Malformed input ("abc", "20:10", "1,5", trailing junk, empty) is an
// error naming the text; `*range` is then unchanged.
Status ParseRange(std::string_view text, Range* range);

}  // namespace dmk

#endif  // DMK_COMMON_BASE_RANGE_H_
