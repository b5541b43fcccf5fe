// Option values: the options given on the command line and in --extra-opts ini sections, by long name, as the
// text the user wrote, with the readers that turn one into a number, a duration or a threshold pair. Filled
// once by options.cc (the only file that knows Boost.ProgramOptions) and read by the option groups
// (options_groups.h) and the cross-option rules (options_combinations.h), which stay free of Boost. A rule
// can ask whether an option was given at all: "--no-tls --cert-warning 30" is refused although 30 is the
// default.
#ifndef DMK_COMMON_OPTION_VALUES_H_
#define DMK_COMMON_OPTION_VALUES_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/config.h"
#include "common/status.h"

namespace dmk {

class OptionValues {
 public:
  // Records option `name` (the long name, without "--") as given with `values`: none for a switch that is
  // on (a switch that is off is not recorded), one for a single-valued option, every value in order for a
  // repeatable one. A second Set of the same name replaces the first.
  void Set(std::string name, std::vector<std::string> values);

  // True when option `name` was given (a switch: given and on).
  bool Has(std::string_view name) const;
  // The same as Has, read better for switches.
  bool Flag(std::string_view name) const { return Has(name); }
  // The first value of `name` as written; "" when it was not given.
  std::string String(std::string_view name) const;
  // Every value of `name` in order; empty when it was not given.
  const std::vector<std::string>& List(std::string_view name) const;

  // When `name` was given: its value as a whole number from `low` to `high` into `*out`, or an error
  // naming the option and the value. `*out` is left alone when `name` was not given.
  Status Count(std::string_view name, long long low, long long high, long long* out) const;
  // When `name` was given: its value as seconds above 0 and at most 3600 into `*out`, or an error.
  Status Seconds(std::string_view name, double* out) const;
  // The Nagios ranges of options `warning` and `critical`, those given, into `*out`, or an error.
  Status Thresholds(std::string_view warning, std::string_view critical, dmk::Thresholds* out) const;

 private:
  const std::vector<std::string>* Find(std::string_view name) const;

  // A few dozen options at most: a vector searched in order is cheaper than a map to build.
  std::vector<std::pair<std::string, std::vector<std::string>>> values_;
};

}  // namespace dmk

#endif  // DMK_COMMON_OPTION_VALUES_H_
