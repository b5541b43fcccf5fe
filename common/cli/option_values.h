// Option values: the options given on the command line and in --extra-opts ini sections, by OptionId
// (option_table.h), as the text the user wrote, with the readers that turn one into a number, a duration or a
// threshold pair. Filled once by options.cc (the only file that knows Boost.ProgramOptions) and read by the
// option groups (options_groups.h) and the cross-option rules (options_combinations.h), which stay free of
// Boost. A rule can ask whether an option was given at all: "--no-tls --cert-warning 30" is refused although
// 30 is the default.
#ifndef DMK_COMMON_CLI_OPTION_VALUES_H_
#define DMK_COMMON_CLI_OPTION_VALUES_H_

#include <array>
#include <bitset>
#include <string>
#include <vector>

#include "common/base/input_status.h"
#include "common/cli/option_table.h"
#include "common/model/config.h"

namespace dmk {

class OptionValues {
 public:
  // Records option `id` as given with `values`: none for a switch that is on (a switch that is off is not
  // recorded), one for a single-valued option, every value in order for a repeatable one. A second Set of the
  // same option replaces the first.
  void Set(OptionId id, std::vector<std::string> values);

  // True when option `id` was given (a switch: given and on).
  bool Has(OptionId id) const;
  // The same as Has, read better for switches.
  bool Flag(OptionId id) const { return Has(id); }
  // The first value of `id` as written; "" when it was not given.
  std::string String(OptionId id) const;
  // Every value of `id` in order; empty when it was not given.
  const std::vector<std::string>& List(OptionId id) const;

  // When `id` was given: its value as a whole number from `low` to `high` into `*out`, or an error naming the
  // option and the value. `*out` is left alone when `id` was not given.
  Status Count(OptionId id, long long low, long long high, long long* out) const;
  // When `id` was given: its value as seconds above 0 and at most 3600 into `*out`, or an error.
  Status Seconds(OptionId id, double* out) const;
  // The Nagios ranges of options `warning` and `critical`, those given, into `*out`, or an error.
  Status Thresholds(OptionId warning, OptionId critical, dmk::Thresholds* out) const;

  // Whether any reader above has asked about `id` since this object was made: the test of the option table
  // proves with it that each fill step reads exactly the options whose rows name that step.
  bool WasRead(OptionId id) const { return read_[Index(id)]; }

 private:
  static std::size_t Index(OptionId id) { return static_cast<std::size_t>(id); }
  // Marks `id` read and answers whether it was given.
  bool Given(OptionId id) const;

  std::array<std::vector<std::string>, kOptionCount> values_;
  std::bitset<kOptionCount> given_;
  // Bookkeeping for WasRead only; a reader stays a const query for every caller.
  mutable std::bitset<kOptionCount> read_;
};

}  // namespace dmk

#endif  // DMK_COMMON_CLI_OPTION_VALUES_H_
