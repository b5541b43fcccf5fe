// Perfdata: one performance value and its text form,
// 'label'=value[UOM];[warn];[crit];[min];[max] (Monitoring Plugins guidelines, "Performance data").
#ifndef DMK_COMMON_BASE_PERFDATA_H_
#define DMK_COMMON_BASE_PERFDATA_H_

#include <optional>
#include <string>
#include <vector>

#include "common/base/range.h"

namespace dmk {

struct PerfValue {
  std::string label;
  std::optional<double> value;  // nullopt: written as 'U' (could not be determined), so graphs show a gap
  std::string uom;              // "", "s", "B", "c", "%" ...
  std::optional<Range> warning;
  std::optional<Range> critical;
  std::optional<double> min;
  std::optional<double> max;
};

// One value in its text form. The label is quoted when it holds a space or quote-worthy character;
// characters that would break the format ('=' and '\'') are replaced by '_'. A threshold that is a
// simple upper bound is written as a plain number, the only form Icinga2 keeps; other ranges are written
// as given.
std::string FormatPerfValue(const PerfValue& value);

// All values, separated by single spaces.
std::string FormatPerfdata(const std::vector<PerfValue>& values);

}  // namespace dmk

#endif  // DMK_COMMON_BASE_PERFDATA_H_
