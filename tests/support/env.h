// Environment lookups for tests of code that reads the environment through an EnvLookup (common/base/env_lookup.h):
// the tests hand it a map instead of touching the process environment.
#ifndef DMK_TESTS_SUPPORT_ENV_H_
#define DMK_TESTS_SUPPORT_ENV_H_

#include <map>
#include <optional>
#include <string>

#include "common/base/env_lookup.h"

namespace dmk::test_support {

// An environment with no variables.
inline EnvLookup NoEnv() {
  return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

// An environment holding exactly `vars`.
inline EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto found = vars.find(name);
    if (found == vars.end()) return std::nullopt;
    return found->second;
  };
}

}  // namespace dmk::test_support

#endif  // DMK_TESTS_SUPPORT_ENV_H_
