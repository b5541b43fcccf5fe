// The real check_dmk_community binary against the simulator's handshake behaviours
// (tests/sim/README.md): servers this host's OpenSSL refuses, or that demand a client certificate over HTTP, must be
// named in plain words on the status line, never with OpenSSL's reason text. Runs inside tests/run_in_netns.sh.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/integration/harness.h"

namespace dmk::testing {
namespace {

constexpr const char* kPort = "18443";

struct Case {
  const char* name;
  std::string listener;           // simulator listener on kPort
  std::vector<std::string> args;  // beyond -H dmk.test -p kPort --community "Oak Park" --ca-file CA
  int exit_code;
  std::vector<std::string> words;       // each must appear in the status line
  std::vector<std::string> long_words;  // each must appear in the whole output
  bool request_sent = true;             // false: the perfdata must show the request never went out
};

std::ostream& operator<<(std::ostream& out, const Case& c) { return out << c.name; }

class HandshakeCase : public ::testing::TestWithParam<Case> {};

TEST_P(HandshakeCase, NamesWhatTheServerDidInPlainWords) {
  const Case& c = GetParam();
  Simulator sim({std::string(kPort) + ":" + c.listener});
  ASSERT_TRUE(sim.ready()) << "simulator did not start";
  std::vector<std::string> args = {"-H", "dmk.test", "-p", kPort, "--community", "Oak Park", "--ca-file", sim.CaFile()};
  for (std::string arg : c.args) {
    if (arg == "{client-cert}") arg = sim.dir() + "/client.pem";
    if (arg == "{client-key}") arg = sim.dir() + "/client.key";
    args.push_back(arg);
  }
  const ProcessResult result = RunPlugin(args);
  static const char* kStates[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
  EXPECT_EQ(result.exit_code, c.exit_code) << result.out;
  EXPECT_EQ(result.FirstLine().rfind(std::string("DMK COMMUNITY ") + kStates[c.exit_code] + " - Oak Park: ", 0), 0u)
      << result.out;
  EXPECT_EQ(result.err, "") << "Icinga2 merges stderr into the check output";
  for (const std::string& word : c.words) EXPECT_TRUE(Has(result.StatusText(), word)) << word << "\n" << result.out;
  for (const std::string& word : c.long_words) EXPECT_TRUE(Has(result.out, word)) << word << "\n" << result.out;
  EXPECT_FALSE(Has(result.StatusText(), "OpenSSL")) << "OpenSSL's own words on the status line:\n" << result.out;
  EXPECT_EQ(PerfdataLabels(result.Perfdata()),
            (std::vector<std::string>{"dns", "connect", "tls", "ttfb", "time", "size", "cert_days"}))
      << result.Perfdata();
  if (!c.request_sent) {
    EXPECT_TRUE(Has(result.Perfdata(), "ttfb=U")) << result.Perfdata();
  }
  EXPECT_LT(result.seconds, 5) << "bounded";
  if (!SanitizerBuild()) {
    EXPECT_LT(result.max_rss_kib, kPeakRssLimitKib) << "peak RSS";
  }
}

// Item 4: a server that offers only TLS 1.0/1.1 (its context at security level 0); --tls-min.
INSTANTIATE_TEST_SUITE_P(
    LegacyProtocol, HandshakeCase,
    ::testing::Values(
        Case{"Tls10Only",
             "tls_only=1.0",
             {},
             2,
             {"the server offers only TLS 1.0 (this host requires TLS 1.2 or newer)"},
             {}},
        Case{"Tls11Only",
             "tls_only=1.1",
             {},
             2,
             {"the server offers only TLS 1.1 (this host requires TLS 1.2 or newer)"},
             {}},
        Case{"Tls10OnlyWithTlsMin",
             "tls_only=1.0",
             {"--tls-min", "1.2"},
             2,
             {"the server offers only TLS 1.0 (this host requires TLS 1.2 or newer)"},
             {"--tls-min 1.2"}},
        // The handshake itself succeeds: the check stops it before the request is sent.
        Case{"Tls12BelowTlsMin13",
             "tls_only=1.2",
             {"--tls-min", "1.3"},
             2,
             {"the server offers only TLS 1.2 (this host requires TLS 1.3 or newer)"},
             {"[--] HTTP: not reached"},
             false},
        Case{"Tls12MeetsTlsMin12", "tls_only=1.2", {"--tls-min", "1.2"}, 0, {"HTTP 200"}, {}},
        Case{"Tls13MeetsTlsMin13", "ok", {"--tls-min", "1.3"}, 0, {"HTTP 200"}, {"[OK] TLS: TLSv1.3 TLS_"}}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return std::string(param_info.param.name); });

// Item 11: the TLS line of a TLS 1.2 server names its cipher.
INSTANTIATE_TEST_SUITE_P(Tls12Cipher, HandshakeCase,
                         ::testing::Values(Case{"CipherOfATls12Server",
                                                "tls_only=1.2",
                                                {},
                                                0,
                                                {"HTTP 200"},
                                                {"[OK] TLS: TLSv1.2 ECDHE-ECDSA-AES256-GCM-SHA384, CN=dmk.test"}}),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           return std::string(param_info.param.name);
                         });

// Item 5: no shared cipher, and a 1024-bit Diffie-Hellman group (measured); -vv too, where libcurl's own
// message callback would otherwise be installed.
INSTANTIATE_TEST_SUITE_P(
    CipherAndKeyExchange, HandshakeCase,
    ::testing::Values(
        Case{"OnlyANullCipher", "weak_cipher", {}, 2, {"the server offers no cipher this host accepts"}, {}},
        Case{"Dh1024",
             "weak_dh",
             {},
             2,
             {"the server's Diffie-Hellman key is too small (1024 bits; 2048 required)"},
             {}},
        Case{"Dh1024Verbose",
             "weak_dh",
             {"-vv"},
             2,
             {"the server's Diffie-Hellman key is too small (1024 bits; 2048 required)"},
             {}}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return std::string(param_info.param.name); });

// Item 6: a client certificate demanded at the HTTP level, nginx- and IIS-style.
INSTANTIATE_TEST_SUITE_P(
    ClientCertificateOverHttp, HandshakeCase,
    ::testing::Values(
        Case{"Nginx400",
             "client_cert_400",
             {},
             2,
             {"the server requires a client certificate: give --client-cert and --client-key (HTTP 400)"},
             {}},
        Case{"Iis4037",
             "client_cert_403=7",
             {},
             2,
             {"the server requires a client certificate: give --client-cert and --client-key (HTTP 403.7)"},
             {}},
        Case{"Iis4037WithBasicAuth",
             "client_cert_403=7",
             {"--auth", "basic", "--credentials-env", "DMK_SECRET"},
             2,
             {"the server requires a client certificate"},
             {}},
        Case{"Iis40316",
             "client_cert_403=16",
             {"--client-cert", "{client-cert}", "--client-key", "{client-key}"},
             2,
             {"the server rejected our client certificate (HTTP 403.16: not trusted or invalid)"},
             {}},
        Case{"Iis40313",
             "client_cert_403=13",
             {"--client-cert", "{client-cert}", "--client-key", "{client-key}"},
             2,
             {"the server rejected our client certificate (HTTP 403.13: revoked)"},
             {}}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return std::string(param_info.param.name); });

// Item 7: a certificate of 200 KiB (above OpenSSL's 100 KiB default) passes; one above the 1 MiB bound is named.
INSTANTIATE_TEST_SUITE_P(
    LargeChain, HandshakeCase,
    ::testing::Values(Case{"Chain200KiB", "big_chain=204800", {}, 0, {"HTTP 200"}, {}},
                      Case{"ChainAboveTheBound",
                           "big_chain=1200000",
                           {},
                           2,
                           {"certificate chain too large: the server sends more than 1024 KiB of certificates"},
                           {}}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return std::string(param_info.param.name); });

// Item 9: an alert no TLS version defines.
INSTANTIATE_TEST_SUITE_P(
    UndefinedAlert, HandshakeCase,
    ::testing::Values(Case{"Alert200",
                           "tls_alert",
                           {},
                           2,
                           {"the server ended the TLS handshake with alert 200, which no TLS version defines"},
                           {}}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return std::string(param_info.param.name); });

class SecretEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { setenv("DMK_SECRET", "alice:s3cret", 1); }
};
const auto* const kSecretEnvironment = ::testing::AddGlobalTestEnvironment(new SecretEnvironment);

}  // namespace
}  // namespace dmk::testing
