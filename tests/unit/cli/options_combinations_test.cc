#include "common/cli/options_combinations.h"

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dmk {
namespace {

// One option as given: its long name and its values (none for a switch).
using Given = std::vector<std::pair<std::string, std::vector<std::string>>>;

struct Case {
  const char* what;
  Given given;
  std::function<void(Config*)> fill;  // what the option groups would have read from `given`
  std::string message;                // empty: the combination is accepted
};

Config Checked() {
  Config config;
  config.hostname = "dmk.test";
  return config;
}

JsonChecks OneJsonAssertion() {
  JsonChecks json;
  json.assertions.emplace_back();
  return json;
}

std::vector<Case> NoTlsCases() {
  std::vector<Case> cases;
  for (const char* name : {"ca-file", "ca-path", "pin-sha256", "client-cert", "client-key", "cert-warning",
                           "cert-critical", "cn-only-state", "tls-min", "insecure", "tls-warning", "tls-critical"}) {
    cases.push_back({name,
                     {{"no-tls", {}}, {name, {"x"}}},
                     [](Config* c) { c->tls = false; },
                     "--" + std::string(name) + " makes no sense with --no-tls"});
  }
  return cases;
}

// Every rule of CheckCombinations, each broken alone: without the rule its row would be accepted.
std::vector<Case> BrokenRules() {
  std::vector<Case> cases = {
      {"-4 -6", {{"ipv4", {}}, {"ipv6", {}}}, [](Config* c) { c->ip_version = 4; }, "-4 and -6 contradict each other"},
      {"-I v4 -6",
       {{"address", {"192.0.2.1"}}, {"ipv6", {}}},
       [](Config* c) {
         c->address = "192.0.2.1";
         c->ip_version = 6;
       },
       "--address '192.0.2.1' contradicts -6"},
      {"-I v6 -4",
       {{"address", {"2001:db8::1"}}, {"ipv4", {}}},
       [](Config* c) {
         c->address = "2001:db8::1";
         c->ip_version = 4;
       },
       "--address '2001:db8::1' contradicts -4"},
      {"--insecure --pin-sha256",
       {{"insecure", {}}, {"pin-sha256", {"p"}}},
       [](Config* c) {
         c->insecure = true;
         c->pins_sha256 = {"p"};
       },
       "--insecure and --pin-sha256 contradict each other"},
      {"--cert-warning not above --cert-critical",
       {{"cert-warning", {"36h"}}, {"cert-critical", {"2"}}},
       [](Config* c) {
         c->cert_limits.warning = CertLimit{CertLimitUnit::kHours, 36};
         c->cert_limits.critical = CertLimit{CertLimitUnit::kDays, 2};
       },
       "--cert-warning 36h must be more than --cert-critical 2 days (or 0 for no WARNING)"},
      {"--client-key alone",
       {{"client-key", {"k.pem"}}},
       [](Config* c) { c->client_key = "k.pem"; },
       "--client-key needs --client-cert"},
      {"--body with GET", {{"body", {""}}}, [](Config* c) { c->body = ""; }, "--body needs --method POST"},
      {"--reject-body-state alone",
       {{"reject-body-state", {"warning"}}},
       [](Config* c) { c->reject_body_state = State::kWarning; },
       "--reject-body-state needs --reject-body"},
      {"HEAD --expect-body",
       {{"method", {"HEAD"}}, {"expect-body", {"ok"}}},
       [](Config* c) {
         c->method = "HEAD";
         c->expect_body = "ok";
       },
       "--expect-body makes no sense with --method HEAD"},
      {"HEAD --reject-body",
       {{"method", {"HEAD"}}, {"reject-body", {"x"}}},
       [](Config* c) {
         c->method = "HEAD";
         c->reject_body = "x";
       },
       "--reject-body makes no sense with --method HEAD"},
      {"HEAD --expect-json",
       {{"method", {"HEAD"}}, {"expect-json", {"/a"}}},
       [](Config* c) {
         c->method = "HEAD";
         c->json = OneJsonAssertion();
       },
       "--expect-json, --json-warning and --json-critical make no sense with --method HEAD"},
      {"both credential sources",
       {{"auth", {"basic"}}, {"credentials-file", {"f"}}, {"credentials-env", {"E"}}},
       [](Config* c) {
         c->auth = AuthType::kBasic;
         c->credentials_file = "f";
         c->credentials_env = "E";
       },
       "--credentials-file and --credentials-env contradict each other: give one"},
      {"--auth without a secret",
       {{"auth", {"BASIC"}}},
       [](Config* c) { c->auth = AuthType::kBasic; },
       "--auth BASIC needs --credentials-file or --credentials-env"},
      {"a secret without --auth",
       {{"credentials-env", {"E"}}},
       [](Config* c) { c->credentials_env = "E"; },
       "--credentials-file/--credentials-env need --auth basic or --auth bearer"},
      {"connect timeout beyond the timeout",
       {{"timeout", {"5"}}, {"connect-timeout", {"6.0"}}},
       [](Config* c) {
         c->timeout_s = 5;
         c->connect_timeout_s = 6;
       },
       "--connect-timeout 6.0 is longer than --timeout"},
      {"both timeout state names",
       {{"timeout-state", {"ok"}}, {"timeout-result", {"ok"}}},
       [](Config* c) { c->timeout_state = State::kOk; },
       "--timeout-result is another name for --timeout-state: give one"},
  };
  for (Case& c : NoTlsCases()) cases.push_back(std::move(c));
  return cases;
}

// The same options, combined so that they fit.
std::vector<Case> Fitting() {
  return {
      {"nothing", {}, [](Config*) {}, ""},
      {"-I v4 -4",
       {{"address", {"192.0.2.1"}}, {"ipv4", {}}},
       [](Config* c) {
         c->address = "192.0.2.1";
         c->ip_version = 4;
       },
       ""},
      {"--no-tls alone, on port 80", {{"no-tls", {}}}, [](Config* c) { c->tls = false; }, ""},
      {"TLS options at their defaults", {{"cert-warning", {"30"}}, {"cn-only-state", {"warning"}}}, [](Config*) {}, ""},
      {"--cert-warning in percent, --cert-critical in days: compared per certificate",
       {{"cert-warning", {"20%"}}, {"cert-critical", {"14"}}},
       [](Config* c) {
         c->cert_limits.warning = CertLimit{CertLimitUnit::kPercent, 20};
         c->cert_limits.critical = CertLimit{CertLimitUnit::kDays, 14};
       },
       ""},
      {"--client-key with --client-cert",
       {{"client-key", {"k"}}, {"client-cert", {"c"}}},
       [](Config* c) {
         c->client_key = "k";
         c->client_cert = "c";
       },
       ""},
      {"--body with POST",
       {{"method", {"POST"}}, {"body", {"{}"}}},
       [](Config* c) {
         c->method = "POST";
         c->body = "{}";
       },
       ""},
      {"HEAD alone", {{"method", {"HEAD"}}}, [](Config* c) { c->method = "HEAD"; }, ""},
      {"--auth bearer with a file",
       {{"auth", {"bearer"}}, {"credentials-file", {"f"}}},
       [](Config* c) {
         c->auth = AuthType::kBearer;
         c->credentials_file = "f";
       },
       ""},
      {"connect timeout equal to the timeout",
       {{"timeout", {"5"}}, {"connect-timeout", {"5"}}},
       [](Config* c) {
         c->timeout_s = 5;
         c->connect_timeout_s = 5;
       },
       ""},
  };
}

void Expect(const Case& c) {
  OptionValues given;
  for (const auto& [name, values] : c.given) {
    const std::optional<OptionId> id = FindOption(name);
    ASSERT_TRUE(id.has_value()) << c.what << ": no option " << name;
    given.Set(*id, values);
  }
  Config config = Checked();
  c.fill(&config);
  Status status = CheckCombinations(config, given);
  if (c.message.empty()) {
    EXPECT_TRUE(status.ok()) << c.what << ": " << status.message();
  } else {
    EXPECT_FALSE(status.ok()) << c.what;
    EXPECT_EQ(status.message(), c.message) << c.what;
  }
}

TEST(OptionsCombinationsTest, RefusesEveryBrokenRuleWithItsOwnWords) {
  for (const Case& c : BrokenRules()) Expect(c);
}

TEST(OptionsCombinationsTest, AcceptsOptionsThatFitTogether) {
  for (const Case& c : Fitting()) Expect(c);
}

// A rule about an option given does not care for its value: --no-tls with --cert-warning at the default.
TEST(OptionsCombinationsTest, AnOptionGivenAtItsDefaultStillCounts) {
  OptionValues given;
  given.Set(OptionId::kNoTls, {});
  given.Set(OptionId::kCertWarning, {"30"});
  Config config = Checked();
  config.tls = false;
  EXPECT_EQ(CheckCombinations(config, given).message(), "--cert-warning makes no sense with --no-tls");
}

}  // namespace
}  // namespace dmk
