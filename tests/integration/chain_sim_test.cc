// The certificate-chain diagnoses through real handshakes: the real plugin
// against the simulator's chain-problem behaviours (tests/sim/README.md), asserting the exit code and the
// first words of the status line. Runs inside tests/run_in_netns.sh, as plugin_sim_test.cc does.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/integration/harness.h"

namespace dmk::testing {
namespace {

constexpr const char* kPort = "18453";

struct ChainCase {
  const char* name;
  std::string behaviour;
  std::vector<std::string> args;  // beyond -H dmk.test -p kPort --community "Oak Park"
  bool ca;                        // add --ca-file with the simulator's CA
  int exit_code;
  std::string starts_with;  // the status text after "DMK COMMUNITY <STATE> - Oak Park: "
  std::vector<std::string> absent;
};

std::ostream& operator<<(std::ostream& out, const ChainCase& c) { return out << c.name; }

class ChainCaseTest : public ::testing::TestWithParam<ChainCase> {};

TEST_P(ChainCaseTest, NamesTheCauseFirst) {
  static const char* kStates[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
  const ChainCase& c = GetParam();
  Simulator sim({std::string(kPort) + ":" + c.behaviour});
  ASSERT_TRUE(sim.ready()) << "simulator did not start";
  std::vector<std::string> args = {"-H", "dmk.test", "-p", kPort, "--community", "Oak Park"};
  if (c.ca) args.insert(args.end(), {"--ca-file", sim.CaFile()});
  args.insert(args.end(), c.args.begin(), c.args.end());
  ProcessResult result = RunPlugin(args);
  EXPECT_EQ(result.exit_code, c.exit_code) << result.out;
  EXPECT_EQ(result.err, "");
  const std::string prefix = std::string("DMK COMMUNITY ") + kStates[c.exit_code] + " - Oak Park: ";
  EXPECT_EQ(result.FirstLine().rfind(prefix + c.starts_with, 0), 0u) << result.out;
  for (const std::string& word : c.absent) EXPECT_FALSE(Has(result.StatusText(), word)) << word << "\n" << result.out;
  EXPECT_EQ(PerfdataLabels(result.Perfdata()),
            (std::vector<std::string>{"dns", "connect", "tls", "ttfb", "time", "size", "cert_days"}))
      << result.Perfdata();
  EXPECT_LT(result.seconds, 5);
}

INSTANTIATE_TEST_SUITE_P(
    Chains, ChainCaseTest,
    ::testing::Values(
        // Item 1: the leaf without its intermediate, told apart from an issuer that is simply not trusted.
        ChainCase{"MissingIntermediate",
                  "missing_intermediate",
                  {},
                  true,
                  2,
                  "incomplete certificate chain: the server does not send its intermediate certificate (CN=DMK Test "
                  "Intermediate,O=DMK Test): "
                  "ask the contractor to install the full chain",
                  {"not trusted"}},
        ChainCase{"MissingIntermediateWithoutCa",
                  "missing_intermediate",
                  {},
                  false,
                  2,
                  "incomplete certificate chain: the server does not send its intermediate certificate (CN=DMK "
                  "Test Intermediate",
                  {}},
        ChainCase{"UntrustedIssuer",
                  "ok",
                  {},
                  false,
                  2,
                  "certificate issued by CN=DMK Test CA,O=DMK Test is not trusted: give --ca-file or --pin-sha256",
                  {"intermediate"}},
        // Item 2: a root sent in the chain is named; a self-signed leaf keeps its words.
        ChainCase{"UntrustedRootInChain",
                  "untrusted_root",
                  {},
                  true,
                  2,
                  "certificate chain ends in the root CN=DMK Contractor Root CA,O=DMK Test, which is not trusted: "
                  "give --ca-file with it or --pin-sha256",
                  {"self-signed"}},
        ChainCase{"SelfSignedLeaf",
                  "selfsigned",
                  {},
                  true,
                  2,
                  "certificate is self-signed and not trusted: give --ca-file or --pin-sha256",
                  {"root"}},
        // Item 3: the host name only in the Common Name.
        ChainCase{"NoSubjectAltName",
                  "no_san",
                  {},
                  true,
                  1,
                  "certificate names dmk.test only in its Common Name (no subjectAltName); modern clients reject it",
                  {}},
        ChainCase{"NoSubjectAltNameCritical",
                  "no_san",
                  {"--cn-only-state", "critical"},
                  true,
                  2,
                  "certificate names dmk.test only in its Common Name",
                  {}},
        ChainCase{"NoSubjectAltNameAccepted", "no_san", {"--cn-only-state", "ok"}, true, 0, "HTTP 200", {}},
        ChainCase{"SubjectAltNamePresent", "ok", {}, true, 0, "HTTP 200", {}},
        // Item 8: weak signature and key name the algorithm or size and the certificate; order is recognised.
        ChainCase{"Sha1Intermediate",
                  "sha1_intermediate",
                  {},
                  true,
                  2,
                  "intermediate certificate CN=DMK Test SHA-1 Intermediate,O=DMK Test is signed with SHA-1, too "
                  "weak for this host",
                  {"digest algorithm too weak"}},
        ChainCase{"WeakLeafKey",
                  "weak_key",
                  {},
                  true,
                  2,
                  "leaf certificate CN=dmk.test,O=DMK Test has a 1024-bit RSA key, too weak for this host (2048 "
                  "bits required)",
                  {"EE certificate"}},
        ChainCase{"ChainOutOfOrder",
                  "out_of_order",
                  {},
                  true,
                  2,
                  "the server sends its certificate chain out of order (CN=DMK Test Intermediate,O=DMK Test first, "
                  "before CN=dmk.test,O=DMK Test): ask the contractor to put the server certificate first",
                  {"certificate is for"}}),
    [](const ::testing::TestParamInfo<ChainCase>& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace dmk::testing
