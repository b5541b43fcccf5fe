#include "common/cli/options_groups.h"

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/env.h"

namespace dmk {
namespace {

using Given = std::vector<std::pair<std::string, std::vector<std::string>>>;
using Fill = std::function<Status(const OptionValues&, Config*)>;

// The options `given` by the long names an operator types.
OptionValues Values(const Given& given) {
  OptionValues values;
  for (const auto& [name, list] : given) {
    const std::optional<OptionId> id = FindOption(name);
    EXPECT_TRUE(id.has_value()) << "no option " << name;
    if (id) values.Set(*id, list);
  }
  return values;
}

Status FillProxyWithoutEnv(const OptionValues& in, Config* config) {
  return FillProxy(in, test_support::NoEnv(), config);
}

struct BadValue {
  const char* group;
  Fill fill;
  Given given;
  std::string message;
};

// Each group checks its own values and names the option and the value in its error.
TEST(OptionsGroupsTest, EachGroupRefusesItsBadValues) {
  const std::vector<BadValue> cases = {
      {"target", FillTarget, {}, "--hostname is required"},
      {"target", FillTarget, {{"hostname", {"dmk test"}}}, "--hostname 'dmk test' is not a host name or IP address"},
      {"target", FillTarget, {{"hostname", {"h"}}, {"address", {"h"}}}, "--address 'h' is not an IP address"},
      {"target",
       FillTarget,
       {{"hostname", {"h"}}, {"port", {"0"}}},
       "--port '0' must be a whole number from 1 to 65535"},
      {"tls", FillTls, {{"pin-sha256", {"abc"}}}, "--pin-sha256 'abc' is not a base64 SHA-256 (44 characters)"},
      {"tls", FillTls, {{"tls-min", {"1.1"}}}, "--tls-min must be 1.2 or 1.3, not '1.1'"},
      {"tls", FillTls, {{"client-key", {"/nonexistent/k.pem"}}}, "--client-key '/nonexistent/k.pem' cannot be read"},
      {"tls",
       FillTls,
       {{"cn-only-state", {"maybe"}}},
       "--cn-only-state 'maybe' must be ok, warning, critical or unknown"},
      {"http", FillHttp, {{"uri", {"x"}}}, "--uri 'x' must start with '/' and hold no spaces or control characters"},
      {"http", FillHttp, {{"method", {"put"}}}, "--method 'put' must be GET, HEAD or POST"},
      {"http",
       FillHttp,
       {{"expect-body", {"(a"}}},
       "--expect-body '(a': not a valid POSIX extended regular expression"},
      {"http", FillHttp, {{"max-body", {"0"}}}, "--max-body '0' must be a whole number from 1 to 1073741824"},
      {"api", FillApiChecks, {{"reject-body-state", {"ok"}}}, "--reject-body-state 'ok' must be warning or critical"},
      {"auth", FillAuth, {{"auth", {"digest"}}}, "--auth 'digest' must be none, basic or bearer"},
      {"proxy",
       FillProxyWithoutEnv,
       {{"proxy", {"ftp://p"}}},
       "--proxy 'ftp://p' must start with http://, https:// or socks5://"},
      {"proxy",
       FillProxyWithoutEnv,
       {{"proxy", {"://p"}}},
       "--proxy '://p' must start with http://, https:// or socks5://"},
      {"time",
       FillTime,
       {{"timeout-result", {"late"}}},
       "--timeout-result 'late' must be ok, warning, critical or unknown"},
      {"thresholds", FillThresholds, {{"ttfb-critical", {"5x"}}}, "--ttfb-critical: "},
  };
  for (const BadValue& c : cases) {
    Config config;
    Status status = c.fill(Values(c.given), &config);
    EXPECT_FALSE(status.ok()) << c.group << ": " << c.message;
    EXPECT_EQ(status.message().substr(0, c.message.size()), c.message) << c.group;
  }
}

TEST(OptionsGroupsTest, ReadsValuesAsTheOptionsSayAndLeavesDefaultsAlone) {
  Config config;
  ASSERT_TRUE(FillTarget(Values({{"hostname", {"dmk.test"}}, {"ipv6", {}}, {"port", {"8443"}}}), &config).ok());
  ASSERT_TRUE(FillTls(Values({{"cert-warning", {"20"}}, {"tls-min", {"1.3"}}}), &config).ok());
  ASSERT_TRUE(FillHttp(Values({{"method", {"post"}}, {"expect-status", {"200, 3XX"}}}), &config).ok());
  ASSERT_TRUE(FillAuth(Values({{"auth", {"Bearer"}}, {"credentials-env", {"T"}}}), &config).ok());
  ASSERT_TRUE(FillProxyWithoutEnv(Values({{"proxy", {"SOCKS5H://jump:1080"}}}), &config).ok());
  ASSERT_TRUE(FillTime(Values({{"timeout-state", {"warning"}}}), &config).ok());
  EXPECT_EQ(config.ip_version, 6);
  EXPECT_EQ(config.port, 8443);
  ASSERT_TRUE(config.cert_limits.warning.has_value());
  EXPECT_EQ(config.cert_limits.warning->value, 20);
  EXPECT_FALSE(config.cert_limits.critical.has_value());
  EXPECT_EQ(config.tls_min_version, 0x0304);
  EXPECT_EQ(config.method, "POST");
  ASSERT_EQ(config.expect_status.size(), 2u);
  EXPECT_EQ(config.expect_status[1].low, 300);
  EXPECT_EQ(config.auth, AuthType::kBearer);
  EXPECT_EQ(config.proxy, "SOCKS5H://jump:1080");
  EXPECT_EQ(config.timeout_state, State::kWarning);
  EXPECT_EQ(config.timeout_s, 10);
}

// With --no-tls a bad TLS value is not worth a message of its own: CheckCombinations names the conflict.
TEST(OptionsGroupsTest, NoTlsLeavesEveryTlsValueUnread) {
  Config config;
  ASSERT_TRUE(
      FillTls(
          Values(
              {{"no-tls", {}}, {"tls-min", {"1.1"}}, {"ca-file", {"/nonexistent/ca.pem"}}, {"cert-warning", {"-1"}}}),
          &config)
          .ok());
  EXPECT_FALSE(config.tls);
  EXPECT_EQ(config.ca_file, "");
  EXPECT_EQ(config.tls_min_version, 0);
}

// glibc's regcomp takes exponential time and memory over nested repetitions: --expect-body goes through the
// bounded check of posix_regex.h, as --reject-body does.
TEST(OptionsGroupsTest, RefusesAnExpectBodyPatternThatWouldBlowUpRegcomp) {
  const std::vector<std::string> patterns = {"(((a+)+)+)+(((b+)+)+)+(((c+)+)+)+(((d+)+)+)+(e+)+",
                                             "(((x{255}){255}){255})", std::string(513, 'a')};
  for (const std::string& pattern : patterns) {
    Config config;
    Status status = FillHttp(Values({{"expect-body", {pattern}}}), &config);
    EXPECT_FALSE(status.ok()) << pattern;
    EXPECT_EQ(status.message().rfind("--expect-body '" + pattern + "': the regular expression ", 0), 0u)
        << status.message();
  }
}

// The option table's fill column holds: each step reads every option whose row names that step, and no
// other. An option added to the table but read nowhere, or read by a step its row does not name, fails here.
TEST(OptionsGroupsTest, EachStepReadsExactlyTheOptionsItsRowsName) {
  struct Step {
    FillStep step;
    const char* name;
    Fill fill;
  };
  const std::vector<Step> steps = {
      {FillStep::kTarget, "FillTarget", FillTarget}, {FillStep::kTls, "FillTls", FillTls},
      {FillStep::kHttp, "FillHttp", FillHttp},       {FillStep::kApiChecks, "FillApiChecks", FillApiChecks},
      {FillStep::kAuth, "FillAuth", FillAuth},       {FillStep::kProxy, "FillProxy", FillProxyWithoutEnv},
      {FillStep::kTime, "FillTime", FillTime},       {FillStep::kThresholds, "FillThresholds", FillThresholds},
  };
  ASSERT_EQ(steps.size() + 1, kFillStepCount) << "every step but kParser (ParseOptions itself)";
  std::size_t checked = 0;
  for (const Step& step : steps) {
    OptionValues in;
    in.Set(OptionId::kHostname, {"dmk.test"});  // FillTarget stops at a missing --hostname
    Config config;
    ASSERT_TRUE(step.fill(in, &config).ok()) << step.name;
    for (const OptionSpec& spec : OptionTable()) {
      if (spec.fill == step.step) {
        EXPECT_TRUE(in.WasRead(spec.id)) << "--" << spec.name << ": its row names " << step.name
                                         << ", which does not read it";
        ++checked;
      } else {
        EXPECT_FALSE(in.WasRead(spec.id))
            << "--" << spec.name << " is read by " << step.name << ", not by the step its row names";
      }
    }
  }
  EXPECT_EQ(checked + 4, OptionTable().size()) << "all but --extra-opts, -v, --help and --version";
}

}  // namespace
}  // namespace dmk
