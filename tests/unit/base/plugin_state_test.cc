#include "common/base/plugin_state.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace dmk {
namespace {

// docs/plugin-contract.md, "Exit codes and output": the exit code is the state, 0 OK, 1 WARNING, 2 CRITICAL,
// 3 UNKNOWN.
TEST(StateTest, ExitCodesFollowThePluginContract) {
  EXPECT_EQ(ExitCode(State::kOk), 0);
  EXPECT_EQ(ExitCode(State::kWarning), 1);
  EXPECT_EQ(ExitCode(State::kCritical), 2);
  EXPECT_EQ(ExitCode(State::kUnknown), 3);
}

TEST(StateTest, NamesAreTheUpperCaseWordsOfTheStatusLine) {
  EXPECT_EQ(StateName(State::kOk), "OK");
  EXPECT_EQ(StateName(State::kWarning), "WARNING");
  EXPECT_EQ(StateName(State::kCritical), "CRITICAL");
  EXPECT_EQ(StateName(State::kUnknown), "UNKNOWN");
}

struct WorstCase {
  State a;
  State b;
  State worst;
};

TEST(StateTest, WorstOrdersOkWarningUnknownCritical) {
  const std::vector<WorstCase> cases = {
      {State::kOk, State::kOk, State::kOk},
      {State::kOk, State::kWarning, State::kWarning},
      {State::kWarning, State::kOk, State::kWarning},
      {State::kWarning, State::kUnknown, State::kUnknown},
      {State::kUnknown, State::kWarning, State::kUnknown},
      // A known failure outranks a state we could not determine.
      {State::kUnknown, State::kCritical, State::kCritical},
      {State::kCritical, State::kUnknown, State::kCritical},
      {State::kCritical, State::kOk, State::kCritical},
      {State::kWarning, State::kCritical, State::kCritical},
      {State::kUnknown, State::kUnknown, State::kUnknown},
  };
  for (const WorstCase& c : cases) {
    EXPECT_EQ(Worst(c.a, c.b), c.worst) << StateName(c.a) << " vs " << StateName(c.b);
  }
}

struct ParseCase {
  std::string text;
  std::optional<State> state;
};

TEST(StateTest, ParsesNamesInAnyCaseAndExitCodes) {
  const std::vector<ParseCase> cases = {
      {"ok", State::kOk},
      {"OK", State::kOk},
      {"0", State::kOk},
      {"warning", State::kWarning},
      {"Warning", State::kWarning},
      {"1", State::kWarning},
      {"critical", State::kCritical},
      {"CRITICAL", State::kCritical},
      {"2", State::kCritical},
      {"unknown", State::kUnknown},
      {"uNkNoWn", State::kUnknown},
      {"3", State::kUnknown},
  };
  for (const ParseCase& c : cases) {
    EXPECT_EQ(ParseState(c.text), c.state) << c.text;
  }
}

TEST(StateTest, RefusesAnythingElse) {
  for (const char* text : {"", "4", "-1", "crit", "warn", " ok", "ok ", "okay", "00", "critical!"}) {
    EXPECT_EQ(ParseState(text), std::nullopt) << "'" << text << "'";
  }
}

}  // namespace
}  // namespace dmk
