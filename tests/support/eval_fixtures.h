// What the tests of the evaluation steps share: a fixed "now", the length of a day, and the configuration of
// a check of dmk.test with every default.
#ifndef DMK_TESTS_SUPPORT_EVAL_FIXTURES_H_
#define DMK_TESTS_SUPPORT_EVAL_FIXTURES_H_

#include <cstdint>

#include "common/config.h"

namespace dmk::test_support {

inline constexpr std::int64_t kNow = 1700000000;  // 2023-11-14 22:13:20 UTC
inline constexpr std::int64_t kDay = 86400;

// A check of dmk.test with every other option at its default.
inline Config BaseConfig() {
  Config config;
  config.hostname = "dmk.test";
  return config;
}

}  // namespace dmk::test_support

#endif  // DMK_TESTS_SUPPORT_EVAL_FIXTURES_H_
