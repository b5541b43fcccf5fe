// Expiry thresholds that follow the certificate's lifetime (docs/certificates.md), through real handshakes:
// the simulator issues certificates of 6 to 398 days at a given age (lifetime=LIFE/AGE, tests/sim/README.md)
// and the real plugin judges them, with the defaults and with --cert-warning/--cert-critical in days, hours
// and percent. Each case asserts the exit code and the words. Runs inside tests/run_in_netns.sh.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/integration/harness.h"

namespace dmk::testing {
namespace {

constexpr const char* kPort = "18471";

struct LifeCase {
  const char* name;
  std::string lifetime;           // the simulator's LIFE/AGE
  std::vector<std::string> args;  // beyond -H dmk.test -p kPort --community "Oak Park" --ca-file CA
  int exit_code;
  std::vector<std::string> words;  // each in the whole output
  std::vector<std::string> absent;
};

std::ostream& operator<<(std::ostream& out, const LifeCase& c) { return out << c.name; }

class CertLifeSimTest : public ::testing::TestWithParam<LifeCase> {};

TEST_P(CertLifeSimTest, JudgesTheCertificateByItsLifetime) {
  const LifeCase& c = GetParam();
  Simulator sim({std::string(kPort) + ":lifetime=" + c.lifetime});
  ASSERT_TRUE(sim.ready()) << "simulator did not start";
  std::vector<std::string> args = {"-H", "dmk.test", "-p", kPort, "--community", "Oak Park", "--ca-file", sim.CaFile()};
  args.insert(args.end(), c.args.begin(), c.args.end());
  const ProcessResult result = RunPlugin(args);
  EXPECT_EQ(result.exit_code, c.exit_code) << result.out;
  EXPECT_EQ(result.err, "");
  static const char* kStates[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
  EXPECT_EQ(result.FirstLine().rfind(std::string("DMK COMMUNITY ") + kStates[c.exit_code & 3] + " - ", 0), 0u)
      << result.out;
  for (const std::string& word : c.words) EXPECT_TRUE(Has(result.out, word)) << word << "\n" << result.out;
  for (const std::string& word : c.absent) EXPECT_FALSE(Has(result.out, word)) << word << "\n" << result.out;
}

const char* const kBroken = "Automatic renewal (ACME) looks broken: the certificate should have been renewed on ";

// Per lifetime: renewed on schedule (OK), renewal late (WARNING), never renewed (CRITICAL). Ages put the time
// left half a unit off a whole count, so the words do not depend on how long the plugin takes to start.
INSTANTIATE_TEST_SUITE_P(
    Lifetimes, CertLifeSimTest,
    ::testing::Values(
        LifeCase{
            "SixDaysOnTime", "6d/6030m", {}, 0, {"certificate valid 43 more hours", "cert_days=1.81;1.5:;0.75:"}, {}},
        LifeCase{"SixDaysLate",
                 "6d/6630m",
                 {},
                 1,
                 {"certificate expires in 33 hours (", "6-day certificate, renewal due since ",
                  " UTC (2/3 of its life)", kBroken, ";1.5:;0.75:"},
                 {}},
        LifeCase{"SixDaysNever", "6d/7830m", {}, 2, {"certificate expires in 13 hours (", kBroken}, {}},
        LifeCase{"FortyFiveDaysOnTime", "45d/780h", {}, 0, {"certificate valid 12 more days", ";11.25:;5.625:"}, {}},
        LifeCase{"FortyFiveDaysLate", "45d/35d", {}, 1, {"45-day certificate, renewal due since", kBroken}, {}},
        LifeCase{"FortyFiveDaysNever", "45d/990h", {}, 2, {"certificate expires in 3 days", kBroken}, {}},
        LifeCase{"SixtyFourDaysOnTime", "64d/1068h", {}, 0, {"certificate valid 19 more days", ";16:;8:"}, {}},
        LifeCase{"SixtyFourDaysLate", "64d/50d", {}, 1, {"64-day certificate, renewal due since", kBroken}, {}},
        LifeCase{"SixtyFourDaysNever", "64d/1404h", {}, 2, {"certificate expires in 5 days", kBroken}, {}},
        LifeCase{"NinetyDaysOnTime", "90d/1572h", {}, 0, {"certificate valid 24 more days", ";22.5:;11.25:"}, {}},
        LifeCase{"NinetyDaysLate", "90d/70d", {}, 1, {"90-day certificate, renewal due since", kBroken}, {}},
        LifeCase{"NinetyDaysNever", "90d/1932h", {}, 2, {"certificate expires in 9 days", kBroken}, {}},
        LifeCase{"HundredDaysOnTime", "100d/1692h", {}, 0, {"certificate valid 29 more days", ";25:;12.5:"}, {}},
        LifeCase{"HundredDaysLate", "100d/78d", {}, 1, {"100-day certificate, renewal due since", kBroken}, {}},
        LifeCase{"HundredDaysNever", "100d/2172h", {}, 2, {"certificate expires in 9 days", kBroken}, {}},
        LifeCase{"TwoHundredDaysOnTime", "200d/3372h", {}, 0, {"certificate valid 59 more days", ";30:;14:"}, {}},
        LifeCase{"TwoHundredDaysLate",
                 "200d/175d",
                 {},
                 1,
                 {"200-day certificate, renewal due since", "Renewal was due on "},
                 {"ACME"}},
        LifeCase{"TwoHundredDaysNever", "200d/4572h", {}, 2, {"certificate expires in 9 days"}, {"ACME"}},
        LifeCase{"YearOnTime", "398d/7212h", {}, 0, {"certificate valid 97 more days", ";30:;14:"}, {}},
        LifeCase{"YearLate", "398d/375d", {}, 1, {"398-day certificate, renewal due since", "Renewal was due on "}, {}},
        LifeCase{"YearNever", "398d/9372h", {}, 2, {"certificate expires in 7 days"}, {}},
        LifeCase{"Expired", "6d/150h", {}, 2, {"certificate expired 6 hours ago", kBroken}, {}}));

// The explicit forms: hours, percent, and values the plugin refuses with the option's name.
INSTANTIATE_TEST_SUITE_P(
    Options, CertLifeSimTest,
    ::testing::Values(
        // 13.5 hours left: CRITICAL by the rule (18 h), WARNING under a 45h/12h choice.
        LifeCase{"HoursWarn",
                 "6d/7830m",
                 {"--cert-warning", "45h", "--cert-critical", "12h"},
                 1,
                 {"certificate expires in 13 hours", ";1.875:;0.5:"},
                 {}},
        LifeCase{"HoursCritical",
                 "6d/7830m",
                 {"--cert-warning", "45h", "--cert-critical", "20h"},
                 2,
                 {"certificate expires in 13 hours"},
                 {}},
        // 19.5 of 90 days left (22%): WARNING at 30%, CRITICAL at 25%.
        LifeCase{"PercentWarn",
                 "90d/1692h",
                 {"--cert-warning", "30%", "--cert-critical", "20%"},
                 1,
                 {"certificate expires in 19 days", ";27:;18:"},
                 {}},
        LifeCase{"PercentCritical",
                 "90d/1692h",
                 {"--cert-critical", "25%"},
                 2,
                 {"certificate expires in 19 days", ";45:;22.5:"},
                 {}},
        LifeCase{"PercentOk", "90d/1212h", {"--cert-warning", "20%"}, 0, {"certificate valid 39 more days"}, {}},
        LifeCase{"DaysAsBefore",
                 "64d/1068h",
                 {"--cert-warning", "30", "--cert-critical", "14"},
                 1,
                 {"certificate expires in 19 days", ";30:;14:"},
                 {}},
        LifeCase{"BadValue",
                 "64d/1068h",
                 {"--cert-warning", "45x"},
                 3,
                 {"--cert-warning '45x' must be whole days (30), hours (36h) or a share of the certificate's "
                  "lifetime (20%)"},
                 {}},
        LifeCase{"OutOfRange",
                 "64d/1068h",
                 {"--cert-critical", "120%"},
                 3,
                 {"--cert-critical '120%' is out of range: percent go from 0 to 100"},
                 {}},
        LifeCase{"WrongOrder",
                 "64d/1068h",
                 {"--cert-warning", "20h", "--cert-critical", "1"},
                 3,
                 {"--cert-warning 20h must be more than --cert-critical 1 day (or 0 for no WARNING)"},
                 {}}));

std::string SourceFile(const std::string& relative) {
  const char* root = std::getenv("DMK_SOURCE_DIR");
  std::ifstream in(std::string(root == nullptr ? "." : root) + "/" + relative);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The plugin's cert_days for a certificate of `lifetime` (LIFE/AGE), e.g. "39.5;22.5:;11.25:".
std::string CertDays(const std::string& lifetime) {
  Simulator sim({std::string(kPort) + ":lifetime=" + lifetime});
  if (!sim.ready()) return "simulator did not start";
  const ProcessResult result = RunPlugin({"-H", "dmk.test", "-p", kPort, "--ca-file", sim.CaFile()});
  const std::string perfdata = result.Perfdata();
  const size_t at = perfdata.find("cert_days=");
  if (at == std::string::npos) return "no cert_days in: " + perfdata;
  return perfdata.substr(at + 10, perfdata.find(' ', at) - at - 10);
}

// The perfdata examples of docs/certificates.md and the README are the plugin's real output. Each age sits
// minutes inside the value it shows (39.5 days left is 39.5069 here), since cert_days rounds toward zero and
// the seconds between issuing the certificate and the plugin's check would otherwise turn 39.5 into 39.49.
TEST(DocsInStep, TheCertDaysExamplesAreThePluginsOutput) {
  const std::string docs = SourceFile("docs/certificates.md");
  const std::string readme = SourceFile("README.md");
  for (const auto& [lifetime, text] :
       {std::pair{"6d/130h", "0.58;1.5:;0.75:"}, std::pair{"90d/72710m", "39.5;22.5:;11.25:"},
        std::pair{"398d/543590m", "20.5;30:;14:"}}) {
    EXPECT_TRUE(Has(docs, std::string("`cert_days=") + text + "`")) << text << " is no longer in docs/certificates.md";
    EXPECT_EQ(CertDays(lifetime), text) << lifetime;
  }
  EXPECT_TRUE(Has(readme, "`22.5:`;`11.25:` for a 90-day certificate, `30:`;`14:` for a long-lived one"));
}

// Every row of the table in docs/certificates.md ("| 6 days | 48 h | 36 h | 18 h | 12 h |") is what the
// plugin does with a certificate of that lifetime: its WARNING and CRITICAL are the perfdata's thresholds.
TEST(DocsInStep, TheLifetimeTableIsThePluginsThresholds) {
  static const std::regex kRow(R"(\| (\d+) days \| [^|]+ \| ([\d.]+) (h|days) \| ([\d.]+) (h|days) \|)");
  const std::string docs = SourceFile("docs/certificates.md");
  int rows = 0;
  for (std::sregex_iterator it(docs.begin(), docs.end(), kRow), end; it != end; ++it, ++rows) {
    const std::smatch& row = *it;
    auto days = [](const std::string& number, const std::string& unit) {
      return std::stod(number) / (unit == "h" ? 24 : 1);
    };
    const std::string cert_days = CertDays(row[1].str() + "d/1h");
    const size_t first = cert_days.find(';');
    const size_t second = cert_days.find(';', first + 1);
    ASSERT_NE(second, std::string::npos) << cert_days;
    EXPECT_NEAR(std::stod(cert_days.substr(first + 1)), days(row[2], row[3]), 0.001) << row[0] << " " << cert_days;
    EXPECT_NEAR(std::stod(cert_days.substr(second + 1)), days(row[4], row[5]), 0.001) << row[0] << " " << cert_days;
  }
  EXPECT_EQ(rows, 8) << "the lifetime table of docs/certificates.md could not be read";
}

}  // namespace
}  // namespace dmk::testing
