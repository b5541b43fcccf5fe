// The API-layer options (--expect-json, --json-warning, --json-critical, --reject-body,
// --reject-body-state, --expect-header) as ParseOptions reads them, from the command line and from an
// --extra-opts ini file. Their own syntax is tested in json_assert_test.cc and header_assert_test.cc.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "common/cli/options.h"
#include "tests/support/env.h"

namespace dmk {
namespace {

using Args = std::vector<std::string>;
using test_support::NoEnv;

Status Parse(Args args, Config* config) {
  args.insert(args.begin(), {"-H", "dmk.test"});
  CommandLine out;
  Status status = ParseOptions(args, NoEnv(), &out);
  if (status.ok()) *config = out.config;
  return status;
}

TEST(ApiOptionsTest, NoApiOptionKeepsTheBodyCheckOff) {
  Config config;
  ASSERT_TRUE(Parse({}, &config).ok());
  EXPECT_TRUE(config.json.empty());
  EXPECT_TRUE(config.reject_body.empty());
  EXPECT_TRUE(config.expect_headers.empty());
  EXPECT_FALSE(config.ChecksBody());
}

TEST(ApiOptionsTest, ReadsRepeatedOptionsInOrder) {
  Config config;
  ASSERT_TRUE(
      Parse({"--expect-json", "/status=ok", "--expect-json", "/encoders/online>=1", "--json-critical",
             "/encoders/offline=2", "--json-warning", "/encoders/offline=0", "--expect-header", "Content-Type: json",
             "--expect-header", "X-DMK-Version:", "--reject-body", "maint", "--reject-body-state", "WARNING"},
            &config)
          .ok());
  ASSERT_EQ(config.json.assertions.size(), 2u);
  EXPECT_EQ(config.json.assertions[1].pointer, "/encoders/online");
  ASSERT_EQ(config.json.thresholds.size(), 1u);
  EXPECT_EQ(config.json.thresholds[0].label, "json_encoders_offline");
  EXPECT_EQ(config.json.thresholds[0].warning->text(), "0");
  EXPECT_EQ(config.json.thresholds[0].critical->text(), "2");
  ASSERT_EQ(config.expect_headers.size(), 2u);
  EXPECT_EQ(config.expect_headers[1].name, "X-DMK-Version");
  EXPECT_EQ(config.reject_body, "maint");
  EXPECT_EQ(config.reject_body_state, State::kWarning);
  EXPECT_TRUE(config.ChecksBody());
}

TEST(ApiOptionsTest, ReadsThemFromAnIniFileWithHashesAndRepeatedKeys) {
  std::string path = ::testing::TempDir() + "dmk_api_options_XXXXXX";
  const int fd = ::mkstemp(path.data());
  ASSERT_GE(fd, 0);
  ::close(fd);
  std::ofstream(path) << "[c]\nexpect-json = /status=ok\nexpect-json = /tag=~^#[0-9]+$\n"
                         "json-critical = /queue=10\nexpect-header = Content-Type: ^application/json\n"
                         "reject-body = [Mm]aintenance|#down\n";
  CommandLine out;
  Status status = ParseOptions({"-H", "dmk.test", "--extra-opts=c@" + path}, NoEnv(), &out);
  ::unlink(path.c_str());
  ASSERT_TRUE(status.ok()) << status.message();
  ASSERT_EQ(out.config.json.assertions.size(), 2u);
  EXPECT_EQ(out.config.json.assertions[1].expected.text, "^#[0-9]+$");
  EXPECT_EQ(out.config.json.thresholds.at(0).label, "json_queue");
  EXPECT_EQ(out.config.expect_headers.at(0).pattern, "^application/json");
  EXPECT_EQ(out.config.reject_body, "[Mm]aintenance|#down");
  EXPECT_EQ(out.config.reject_body_state, State::kCritical);
}

TEST(ApiOptionsTest, RefusesWhatCannotWork) {
  const std::vector<std::pair<Args, std::string>> cases = {
      {{"--method", "HEAD", "--expect-json", "/a"},
       "--expect-json, --json-warning and --json-critical make no sense with --method HEAD"},
      {{"--method", "HEAD", "--reject-body", "x"}, "--reject-body makes no sense with --method HEAD"},
      {{"--reject-body", "x", "--reject-body-state", "unknown"},
       "--reject-body-state 'unknown' must be warning or critical"},
      {{"--reject-body-state", "critical"}, "--reject-body-state needs --reject-body"},
      {{"--reject-body", "(x{255}){5}"},
       "--reject-body '(x{255}){5}': the regular expression nests too many repetitions ('+', {n,m}): more than "
       "1024 items once expanded"},
      {{"--reject-body", "ad**++"},
       "--reject-body 'ad**++': a repetition ('*', '+', '?', {n,m}) is applied to another repetition ('a**', "
       "'a+*'): write one"},
      {{"--expect-header", "Bad Name: x"},
       "--expect-header 'Bad Name: x': expected 'Name: REGEX', e.g. "
       "'Content-Type: ^application/json'"},
      {{"--json-warning", "/a=1", "--json-warning", "/a=2"}, "--json-warning '/a=2': a second --json-warning for /a"},
  };
  for (const auto& [args, message] : cases) {
    Config config;
    Status status = Parse(args, &config);
    EXPECT_EQ(status.message(), message) << ::testing::PrintToString(args);
  }
}

}  // namespace
}  // namespace dmk
