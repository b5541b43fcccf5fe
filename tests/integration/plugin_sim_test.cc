// The real check_dmk_community binary against the DMK simulator, one behaviour per case: the exit code,
// the words of the status line, the perfdata labels, nothing on stderr, and the wall-time bound on every
// hang. Runs inside tests/run_in_netns.sh (loopback only; dmk.test maps to 127.0.0.1 and ::1).
#include <grp.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/integration/harness.h"
#include "tests/support/output_checks.h"

namespace dmk::testing {
namespace {

constexpr const char* kPort = "18443";

struct Case {
  const char* name;
  std::string listener;           // simulator listener on kPort; empty: nothing listens
  std::vector<std::string> args;  // beyond -H dmk.test -p kPort --community "Oak Park"
  int exit_code;
  std::vector<std::string> words;  // each must appear in the status line
  double max_seconds = 5;          // wall-time bound
  bool ca = true;                  // add --ca-file with the simulator's CA
};

std::ostream& operator<<(std::ostream& out, const Case& c) { return out << c.name; }

class SimulatorCase : public ::testing::TestWithParam<Case> {};

// Checks what every run must satisfy (docs/plugin-contract.md): one status line with the state's words and
// the exit code matching it, nothing on stderr, no control bytes, exactly one '|' before the perfdata,
// perfdata that parses with the stable labels.
void ExpectContract(const ProcessResult& result, int exit_code, bool tls, bool dns = true) {
  static const char* kStates[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
  ASSERT_GE(exit_code, 0);
  EXPECT_EQ(result.exit_code, exit_code) << result.out;
  EXPECT_EQ(result.FirstLine().rfind(std::string("DMK COMMUNITY ") + kStates[exit_code] + " - Oak Park: ", 0), 0u)
      << result.out;
  EXPECT_EQ(result.err, "") << "Icinga2 merges stderr into the check output";
  for (char c : result.out) {
    EXPECT_TRUE(c == '\n' || static_cast<unsigned char>(c) >= 0x20) << "control byte " << int(c) << " in output";
    if (c != '\n' && static_cast<unsigned char>(c) < 0x20) break;
  }
  size_t bars = 0;
  for (char c : result.out) bars += c == '|' ? 1 : 0;
  EXPECT_EQ(bars, 1u) << "a '|' in text would start perfdata in Icinga2:\n" << result.out;
  std::vector<std::string> expected = {"dns", "connect", "tls", "ttfb", "time", "size", "cert_days"};
  if (!tls) expected = {"dns", "connect", "ttfb", "time", "size"};
  if (!dns) expected.erase(expected.begin());
  EXPECT_EQ(PerfdataLabels(result.Perfdata()), expected) << result.Perfdata();
}

TEST_P(SimulatorCase, EndsWithTheRightStateAndWords) {
  const Case& c = GetParam();
  std::vector<std::string> listeners;
  // With no listener on kPort the simulator still runs elsewhere, for its CA.
  listeners.push_back(c.listener.empty() ? "18444:ok" : std::string(kPort) + ":" + c.listener);
  Simulator sim(listeners);
  ASSERT_TRUE(sim.ready()) << "simulator did not start";
  std::vector<std::string> args = {"-H", "dmk.test", "-p", kPort, "--community", "Oak Park"};
  if (c.ca) args.insert(args.end(), {"--ca-file", sim.CaFile()});
  for (std::string arg : c.args) {
    for (auto [placeholder, value] : {std::pair<std::string, std::string>{"{pin-selfsigned}", sim.Pin("selfsigned")},
                                      {"{pin-good}", sim.Pin("good")},
                                      {"{ca-dir}", sim.CaDir()},
                                      {"{client-cert}", sim.dir() + "/client.pem"},
                                      {"{client-key}", sim.dir() + "/client.key"}}) {
      if (size_t at = arg.find(placeholder); at != std::string::npos) arg.replace(at, placeholder.size(), value);
    }
    args.push_back(arg);
  }
  ProcessResult result = RunPlugin(args);
  bool tls = std::find(c.args.begin(), c.args.end(), "--no-tls") == c.args.end();
  bool dns = std::find(c.args.begin(), c.args.end(), "-I") == c.args.end();
  ExpectContract(result, c.exit_code, tls, dns);
  for (const std::string& word : c.words) EXPECT_TRUE(Has(result.StatusText(), word)) << word << "\n" << result.out;
  EXPECT_LT(result.seconds, c.max_seconds) << "the plugin must finish within its timeout + 0.2 s";
  // The time a timeout reports is measured: a bound, never its digits.
  if (Has(result.StatusText(), "timed out after ")) {
    const double after = test_support::TimedOutAfterSeconds(result.StatusText());
    EXPECT_GT(after, 0) << result.out;
    EXPECT_LE(after, c.max_seconds) << result.out;
  }
  if (!SanitizerBuild()) {
    EXPECT_LT(result.max_rss_kib, kPeakRssLimitKib) << "peak RSS";
  }
}

// Hang cases run with -t 2: the plugin must answer within timeout + 0.2 s and name the layer.
const std::vector<std::string> kT2 = {"-t", "2"};
std::vector<std::string> With(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

INSTANTIATE_TEST_SUITE_P(
    Behaviours, SimulatorCase,
    ::testing::Values(
        Case{"Healthy", "ok", {}, 0, {"HTTP 200", "certificate valid", "more days"}},
        Case{"HealthyThroughDns", "ok", {"-4"}, 0, {"HTTP 200"}},
        Case{"HealthyOverIpv6", "ok", {"-6"}, 0, {"HTTP 200"}},
        Case{"HealthyWithAddress", "ok", {"-I", "127.0.0.1"}, 0, {"HTTP 200"}},
        Case{"HealthyWithHashedCaDir", "ok", {"--ca-path", "{ca-dir}"}, 0, {"HTTP 200"}, 5, false},
        Case{"HealthyApiBodyMatches",
             "ok",
             {"-u", "/api/status", "--expect-body", "\"status\": ?\"ok\""},
             0,
             {"HTTP 200"}},
        Case{"ApiBodyMismatch",
             "ok",
             {"-u", "/api/status", "--expect-body", "\"status\":\"degraded\""},
             2,
             {"response body does not match"}},
        Case{"HeadRequest", "ok", {"--method", "HEAD"}, 0, {"HTTP 200"}},
        Case{"PostRequest", "ok", {"--method", "POST", "--body", "{}", "-u", "/api/status"}, 0, {"HTTP 200"}},
        Case{"PlainHttp", "ok:plain", {"--no-tls"}, 0, {"HTTP 200"}, 5, false},
        Case{"SlowIsWarning", "slow=1200", {"-w", "1", "-c", "3"}, 1, {"took", "warning range 1"}},
        Case{"SlowTtfbIsCritical", "slow=1200", {"--ttfb-critical", "1"}, 2, {"time to first byte took"}},
        Case{"Refused", "", {}, 2, {"TCP connect to", "refused"}},
        Case{"SilentAfterAccept", "silent", kT2, 2, {"TLS handshake timed out after "}, 2.2},
        Case{"TlsStall", "tls_stall", kT2, 2, {"TLS handshake timed out"}, 2.2},
        Case{"HangAfterRequest", "hang", kT2, 2, {"no response to GET / (timed out after "}, 2.2},
        Case{"HangIsWarningWithTimeoutState",
             "hang",
             With(kT2, {"--timeout-state", "warning"}),
             1,
             {"no response"},
             2.2},
        Case{"DripHeaders", "drip_headers", With(kT2, {}), 2, {"stalled before its status line", "timed out"}, 2.2},
        Case{"DripBody", "drip_body", kT2, 2, {"response body stalled", "received"}, 2.2},
        Case{"HalfStatusLine", "half_status", kT2, 2, {"stalled before its status line", "timed out"}, 2.2},
        Case{"ResetBeforeTls", "reset", {}, 2, {"reset"}},
        Case{"ResetAfterRequest", "reset_after_request", {}, 2, {"without answering"}},
        Case{"CloseAtOnce", "close", {}, 2, {"closed by the server before the TLS handshake"}},
        Case{"CloseAtOncePlain", "close:plain", {"--no-tls"}, 2, {"closed the connection without answering"}, 5, false},
        Case{"BasicAuthAccepted",
             "auth_basic=alice:s3cret",
             {"--auth", "basic", "--credentials-env", "DMK_SECRET"},
             0,
             {"HTTP 200"}},
        Case{"AuthRequiredWithoutCredentials", "auth_basic=alice:s3cret", {}, 2, {"requires authentication"}},
        Case{"ServerError", "status=500", {}, 2, {"server error HTTP 500"}},
        Case{"NotFound", "status=404", {}, 2, {"unexpected HTTP 404"}},
        Case{"ExpectedStatusList", "status=404", {"--expect-status", "200,404"}, 0, {"HTTP 404"}},
        Case{"Expired", "expired", {}, 2, {"certificate expired", "days ago"}},
        Case{"NotYetValid", "notyet", {}, 2, {"certificate is not valid before"}},
        Case{"SelfSigned", "selfsigned", {}, 2, {"self-signed and not trusted", "--pin-sha256"}},
        Case{"SelfSignedPinned", "selfsigned", {"--pin-sha256", "{pin-selfsigned}"}, 0, {"HTTP 200"}, 5, false},
        Case{"PinMismatch", "ok", {"--pin-sha256", "{pin-selfsigned}"}, 2, {"does not match --pin-sha256"}},
        Case{"PinMatch", "ok", {"--pin-sha256", "sha256//{pin-good}"}, 0, {"HTTP 200"}},
        Case{"WrongHost", "wronghost", {}, 2, {"certificate is for other.example, not dmk.test"}},
        Case{"InsecureSaysSo", "selfsigned", {"--insecure"}, 0, {"HTTP 200", "NOT verified"}, 5, false},
        Case{"UntrustedWithoutCa", "ok", {}, 2, {"not trusted"}, 5, false},
        Case{"CertificateSoonIsWarning", "expiring=20", {}, 1, {"certificate expires in", "days (20"}},
        Case{"CertificateVerySoonIsCritical", "expiring=7", {}, 2, {"certificate expires in", "days (20"}},
        Case{"IntermediateExpiresFirst",
             "chain",
             {},
             2,
             {"chain certificate", "DMK Test Intermediate", "expires in", "days (20"}},
        Case{"HugeBody", "big_body=209715200", {}, 2, {"response too large"}},
        Case{"HugeBodyWithoutLength", "no_length_body=3000000", {}, 2, {"response too large"}},
        Case{"HugeHeaders", "huge_headers=1048576", {}, 2, {"response headers too large"}},
        Case{"RedirectNotFollowed", "redirect", {}, 2, {"unexpected HTTP 302", "redirect to /redirected"}},
        Case{"RedirectFollowed", "redirect", {"--follow"}, 0, {"HTTP 200"}},
        Case{"RedirectLoop", "redirect_loop", {"--follow"}, 2, {"more than 5 redirects"}},
        Case{"RedirectToOtherHost", "redirect_other", {"--follow"}, 2, {"not followed", "another host"}},
        Case{"RedirectToPlainHttp", "redirect_http", {"--follow"}, 2, {"not followed", "downgrades https"}},
        Case{"HostileStatusLine", "hostile", {}, 2, {"server error HTTP 500 Bad/Gateway"}},
        Case{"Hostile401", "hostile401", {}, 2, {"requires authentication"}},
        Case{"GarbageAfterHandshake", "garbage", {}, 2, {"not valid HTTP"}},
        Case{"ShortBody", "short_body", {}, 2, {"broke off after 10 B"}},
        Case{"MalformedStatusLine", "malformed_status", {}, 2, {"not valid HTTP"}},
        Case{"PlainHttpOnTlsPort", "ok:plain", kT2, 2, {"TLS handshake timed out"}, 2.2, false},
        Case{"TlsOnPlainPort", "ok", {"--no-tls"}, 2, {"without answering", "drop --no-tls"}, 5, false},
        // nginx answers plain HTTP on its TLS port with a 400 that says so.
        Case{"PlainHttpToAnNginxTlsPort",
             "https_port",
             {"--no-tls"},
             2,
             {"unexpected HTTP 400 Bad Request", "; the port speaks TLS: drop --no-tls"},
             5,
             false},
        Case{"TlsToAnNginxTlsPort", "https_port", {}, 0, {"HTTP 200"}},
        Case{"ClientCertificateRequired", "mtls", {}, 2, {"requires a client certificate"}},
        Case{"ClientCertificateAccepted",
             "mtls",
             {"--client-cert", "{client-cert}", "--client-key", "{client-key}"},
             0,
             {"HTTP 200"}}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return std::string(param_info.param.name); });

// Environment for the credentials case above.
class SecretEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { setenv("DMK_SECRET", "alice:s3cret", 1); }
};
const auto* const kSecretEnvironment = ::testing::AddGlobalTestEnvironment(new SecretEnvironment);

TEST(PluginAgainstSimulator, NamesTheAddressesFromDns) {
  Simulator sim({std::string(kPort) + ":ok"});
  ASSERT_TRUE(sim.ready());
  ProcessResult result =
      RunPlugin({"-H", "dmk.test", "-p", kPort, "--ca-file", sim.CaFile(), "--community", "Oak Park"});
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_TRUE(Has(result.out, "[OK] DNS: dmk.test -> ")) << result.out;
  EXPECT_TRUE(Has(result.out, "127.0.0.1") && Has(result.out, "::1")) << "both addresses from /etc/hosts\n"
                                                                      << result.out;
  EXPECT_TRUE(Has(result.out, "[OK] TLS: TLSv1.3")) << result.out;
  // An 88-day certificate: thresholds of a quarter and an eighth of its life, in days.
  EXPECT_TRUE(Has(result.Perfdata(), "cert_days=86.99;22:;11:") || Has(result.Perfdata(), "cert_days=87;22:;11:"))
      << "the simulator's certificate expires 87 days after it started\n"
      << result.Perfdata();
}

TEST(PluginAgainstSimulator, DnsFailureIsCriticalAndSaysDns) {
  // resolv.conf inside the namespace points at 127.0.0.1 where no DNS server runs: the lookup fails at once.
  ProcessResult result = RunPlugin({"-H", "missing.test", "--community", "Oak Park"});
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_TRUE(Has(result.StatusText(), "DNS lookup of missing.test failed")) << result.out;
  EXPECT_TRUE(Has(result.Perfdata(), "dns=U")) << result.Perfdata();
  EXPECT_LT(result.seconds, 3.0);
}

TEST(PluginAgainstSimulator, RejectedCredentialsSayAuth) {
  Simulator sim({std::string(kPort) + ":auth_bearer=tok-123456"});
  ASSERT_TRUE(sim.ready());
  std::string file = WriteTempFile("token", "wrong-token\n", 0600);
  ProcessResult result = RunPlugin({"-H", "dmk.test", "-p", kPort, "--ca-file", sim.CaFile(), "--community", "Oak Park",
                                    "--auth", "bearer", "--credentials-file", file});
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_TRUE(Has(result.StatusText(), "credentials rejected (bearer): HTTP 401")) << result.out;
  EXPECT_TRUE(Has(result.out, "[CRITICAL] AUTH:")) << result.out;
}

TEST(PluginAgainstSimulator, BearerTokenFromFileIsAccepted) {
  Simulator sim({std::string(kPort) + ":auth_bearer=tok-123456"});
  ASSERT_TRUE(sim.ready());
  std::string file = WriteTempFile("token", "tok-123456\n", 0600);
  ProcessResult result = RunPlugin({"-H", "dmk.test", "-p", kPort, "--ca-file", sim.CaFile(), "--community", "Oak Park",
                                    "--auth", "bearer", "--credentials-file", file});
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_TRUE(Has(result.out, "[OK] AUTH: credentials accepted (bearer)")) << result.out;
}

TEST(PluginAgainstSimulator, SecretsEchoedByTheServerAreRedactedEvenAtVerbosity3) {
  Simulator sim({std::string(kPort) + ":echo_auth"});
  ASSERT_TRUE(sim.ready());
  ProcessResult result = RunPlugin({"-H", "dmk.test", "-p", kPort, "--ca-file", sim.CaFile(), "--community", "Oak Park",
                                    "--auth", "basic", "--credentials-env", "DMK_SECRET", "-vvv"},
                                   {"DMK_SECRET=alice:Sup3rS3cret"});
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_FALSE(Has(result.out, "Sup3rS3cret")) << result.out;
  EXPECT_FALSE(Has(result.out, "YWxpY2U6U3VwM3JTM2NyZXQ=")) << "base64 of alice:Sup3rS3cret\n" << result.out;
  EXPECT_TRUE(Has(result.out, "[redacted]")) << result.out;
}

TEST(PluginAgainstSimulator, CredentialsFromAnExtraOptsIniSection) {
  Simulator sim({std::string(kPort) + ":auth_basic=alice:s3cret"});
  ASSERT_TRUE(sim.ready());
  std::string secret = WriteTempFile("secret", "alice:s3cret\n", 0600);
  std::string ini = WriteTempFile("communities.ini",
                                  "[oak-park]\nhostname = dmk.test\nport = 18443\nca-file = " + sim.CaFile() +
                                      "\nauth = basic\ncredentials-file = " + secret + "\ncommunity = Oak Park\n",
                                  0640);
  ProcessResult result = RunPlugin({"--extra-opts=oak-park@" + ini});
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_TRUE(Has(result.out, "credentials accepted (basic)")) << result.out;
}

TEST(PluginAgainstSimulator, UnreachableNetworkIsNamed) {
  // No route exists in the private namespace: connect() fails at once, no packet is sent.
  ProcessResult result = RunPlugin({"-H", "dmk.test", "-I", "192.0.2.1", "-t", "2", "--community", "Oak Park"});
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_TRUE(Has(result.StatusText(), "unreachable")) << result.out;
}

TEST(PluginAgainstSimulator, BadInputIsUnknownAndNamesTheOption) {
  ProcessResult result = RunPlugin({"-H", "dmk.test", "-w", "20:10"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_TRUE(Has(result.FirstLine(), "DMK COMMUNITY UNKNOWN - --warning: malformed range '20:10'")) << result.out;
  EXPECT_EQ(result.err, "");
}

TEST(PluginAgainstSimulator, SecretOnTheCommandLineIsRefused) {
  ProcessResult result = RunPlugin({"-H", "dmk.test", "--header", "Authorization: Bearer abc"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_TRUE(Has(result.FirstLine(), "refused on the command line")) << result.out;
  EXPECT_FALSE(Has(result.out, "abc")) << result.out;
}

TEST(PluginAgainstSimulator, WorldReadableCredentialsFileIsRefused) {
  std::string file = WriteTempFile("secret", "alice:s3cret\n", 0644);
  ProcessResult result = RunPlugin({"-H", "dmk.test", "--auth", "basic", "--credentials-file", file});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_TRUE(Has(result.FirstLine(), "readable or writable by group or others")) << result.out;
}

// A --ca-file that is missing, a directory or not PEM is named when the options are read,
// before any connection (nothing listens on the port here: a connection attempt would say "refused").
TEST(PluginAgainstSimulator, ABadCaFileIsNamedBeforeConnecting) {
  std::string text = WriteTempFile("ca.txt", "not a certificate\n", 0644);
  std::string dir = text.substr(0, text.rfind('/'));
  for (auto [path, words] : {std::pair{text, "holds no PEM certificate"}, std::pair{dir, "is a directory"},
                             std::pair{dir + "/missing.pem", "does not exist"}}) {
    ProcessResult result = RunPlugin({"-H", "dmk.test", "-p", kPort, "--ca-file", path});
    EXPECT_EQ(result.exit_code, 3) << result.out;
    EXPECT_TRUE(Has(result.FirstLine(), "DMK COMMUNITY UNKNOWN - --ca-file '" + path + "' " + words)) << result.out;
    EXPECT_EQ(result.err, "");
  }
}

// A CA file whose PEM block is whole as text (what the options check looks at) but which OpenSSL cannot load
// (an empty DER SEQUENCE): libcurl refuses it when it sets up TLS, and the plugin says so in words.
TEST(PluginAgainstSimulator, ACaFileOpensslCannotLoadIsNamedAtTheHandshake) {
  Simulator sim({std::string(kPort) + ":ok"});
  ASSERT_TRUE(sim.ready());
  std::string path = WriteTempFile("empty.pem", "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n", 0644);
  ProcessResult result = RunPlugin({"-H", "dmk.test", "-p", kPort, "--ca-file", path, "--community", "Oak Park"});
  EXPECT_EQ(result.exit_code, 3) << result.out;
  EXPECT_TRUE(Has(result.FirstLine(), "DMK COMMUNITY UNKNOWN - Oak Park: could not load the trusted CA certificates ("))
      << result.out;
  EXPECT_TRUE(Has(result.FirstLine(), path)) << result.out;
  EXPECT_TRUE(Has(result.out, "Reason: internal.error; side: monitoring")) << result.out;
  EXPECT_TRUE(Has(result.out, "--ca-path a directory hashed with openssl rehash")) << result.out;
}

// A root-owned 0600 credentials file, the plugin run as the user Icinga2 and
// NRPE run it as (nagios; nobody where no nagios user exists), dropped to with setpriv.
TEST(PluginAgainstSimulator, UnreadableCredentialsFileSaysPermissionDeniedOwnerAndRunner) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to make a file another user cannot read";
  const char* user = ::getpwnam("nagios") != nullptr ? "nagios" : "nobody";
  std::string file = WriteTempFile("secret", "alice:s3cret\n", 0600);
  std::string dir = file.substr(0, file.rfind('/'));
  ASSERT_EQ(::chmod(dir.c_str(), 0755), 0);  // the file itself, not its directory, is what keeps the user out
  ProcessResult result =
      RunProcess("/usr/bin/setpriv", {std::string("--reuid=") + user, std::string("--regid=") + user, "--clear-groups",
                                      PluginPath(), "-H", "dmk.test", "--auth", "basic", "--credentials-file", file});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_TRUE(Has(result.FirstLine(), "DMK COMMUNITY UNKNOWN - --credentials-file '" + file +
                                          "' cannot be read: permission denied (owned by root, mode 0600; the check "
                                          "runs as " +
                                          user + ")"))
      << result.out << result.err;
  EXPECT_EQ(result.err, "");
}

}  // namespace
}  // namespace dmk::testing

namespace dmk::testing {
namespace {

// A real HTTP proxy from Debian (tinyproxy), as a jump host between the cloud and a community.
class Tinyproxy {
 public:
  // `extra`: more configuration lines, e.g. "BasicAuth alice pa.ss\n".
  explicit Tinyproxy(int port, const std::string& extra = "") {
    std::string config = WriteTempFile("tinyproxy.conf",
                                       "Port " + std::to_string(port) +
                                           "\nListen 127.0.0.1\nAllow 127.0.0.1\nConnectPort 18443\n"
                                           "MaxClients 4\nTimeout 10\nLogLevel Critical\n" +
                                           extra,
                                       0644);
    process_ = std::make_unique<BackgroundProcess>("/usr/bin/tinyproxy", std::vector<std::string>{"-d", "-c", config});
    ready_ = process_->WaitForPort(port);
  }
  bool ready() const { return ready_; }

 private:
  std::unique_ptr<BackgroundProcess> process_;
  bool ready_ = false;
};

TEST(PluginAgainstSimulator, ConnectsThroughAnHttpProxy) {
  Simulator sim({std::string(kPort) + ":ok"});
  ASSERT_TRUE(sim.ready());
  Tinyproxy proxy(18888);
  ASSERT_TRUE(proxy.ready()) << "tinyproxy did not start";
  ProcessResult result = RunPlugin({"-H", "dmk.test", "-p", kPort, "--ca-file", sim.CaFile(), "--community", "Oak Park",
                                    "--proxy", "http://127.0.0.1:18888"});
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_TRUE(Has(result.out, "[OK] DNS: left to the proxy http://127.0.0.1:18888")) << result.out;
  EXPECT_TRUE(Has(result.out, "through proxy")) << result.out;
  EXPECT_FALSE(Has(result.Perfdata(), "dns=")) << "the proxy resolves: no DNS phase here\n" << result.Perfdata();
}

TEST(PluginAgainstSimulator, AProxyThatIsDownIsNamed) {
  Simulator sim({std::string(kPort) + ":ok"});
  ASSERT_TRUE(sim.ready());
  ProcessResult result = RunPlugin({"-H", "dmk.test", "-p", kPort, "--ca-file", sim.CaFile(), "--community", "Oak Park",
                                    "--proxy", "http://127.0.0.1:18889"});
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_TRUE(Has(result.StatusText(), "could not connect through proxy http://127.0.0.1:18889")) << result.out;
}

// The proxy URL's userinfo ends at its last '@', so no part of the password reaches the
// status line, and the proxy is the host after that '@'.
TEST(PluginAgainstSimulator, AnAtInTheProxyPasswordNeverReachesTheOutput) {
  Simulator sim({std::string(kPort) + ":ok"});
  ASSERT_TRUE(sim.ready());
  std::string ini = WriteTempFile("proxy.ini", "[oak-park]\nproxy = http://user:secret@tail9@127.0.0.1:18889\n", 0600);
  ProcessResult result = RunPlugin({"-H", "dmk.test", "-p", kPort, "--ca-file", sim.CaFile(), "--community", "Oak Park",
                                    "--extra-opts=oak-park@" + ini, "-vvv"});
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_TRUE(Has(result.StatusText(), "could not connect through proxy http://127.0.0.1:18889")) << result.out;
  EXPECT_FALSE(Has(result.out, "tail9")) << result.out;
  EXPECT_FALSE(Has(result.out, "secret")) << result.out;
}

// The user and password reach a real proxy percent-decoded: tinyproxy accepts "pa.ss" written as "pa%2Ess",
// and refuses a wrong password with 407.
TEST(PluginAgainstSimulator, ProxyCredentialsFromTheIniAreSentDecoded) {
  Simulator sim({std::string(kPort) + ":ok"});
  ASSERT_TRUE(sim.ready());
  Tinyproxy proxy(18890, "BasicAuth alice pa.ss\n");
  ASSERT_TRUE(proxy.ready()) << "tinyproxy did not start";
  for (auto [password, exit_code] : {std::pair{"pa%2Ess", 0}, std::pair{"Badpass9", 2}}) {
    std::string ini =
        WriteTempFile("proxy.ini", std::string("[p]\nproxy = http://alice:") + password + "@127.0.0.1:18890\n", 0600);
    ProcessResult result = RunPlugin(
        {"-H", "dmk.test", "-p", kPort, "--ca-file", sim.CaFile(), "--community", "Oak Park", "--extra-opts=p@" + ini});
    EXPECT_EQ(result.exit_code, exit_code) << password << "\n" << result.out;
    EXPECT_FALSE(Has(result.out, password)) << result.out;
  }
}

// Docs and behaviour in step.

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The text of a file of the source tree ($DMK_SOURCE_DIR, set by CTest).
std::string SourceFile(const std::string& relative) {
  const char* root = std::getenv("DMK_SOURCE_DIR");
  return ReadWhole(std::string(root == nullptr ? "." : root) + "/" + relative);
}

// The README's perfdata table: the labels in order, and for each the options it says leave it out
// ("left out with `--address`, `--proxy` ...").
struct PerfdataDoc {
  std::vector<std::string> labels;
  std::map<std::string, std::vector<std::string>> left_out_with;
};

PerfdataDoc ReadPerfdataTable(const std::string& readme) {
  PerfdataDoc doc;
  size_t section = readme.find("\n## Perfdata\n");
  if (section == std::string::npos) return doc;
  std::istringstream lines(readme.substr(section, readme.find("\n## ", section + 1) - section));
  static const std::regex kRow(R"(^\| `([a-z_]+)` \|.*)");
  static const std::regex kOption(R"(`(--[a-z-]+)`)");
  for (std::string line; std::getline(lines, line);) {
    std::smatch row;
    if (!std::regex_match(line, row, kRow)) continue;
    doc.labels.push_back(row[1]);
    size_t left = line.find("left out with ");
    if (left == std::string::npos) continue;
    std::string clause = line.substr(left, line.find(')', left) - left);
    for (std::sregex_iterator it(clause.begin(), clause.end(), kOption), end; it != end; ++it) {
      doc.left_out_with[row[1]].push_back((*it)[1]);
    }
  }
  return doc;
}

std::vector<std::string> LabelsWithout(const PerfdataDoc& doc, const std::vector<std::string>& given) {
  std::vector<std::string> labels;
  for (const std::string& label : doc.labels) {
    const auto& options = doc.left_out_with.count(label) ? doc.left_out_with.at(label) : std::vector<std::string>{};
    bool left_out = std::any_of(given.begin(), given.end(), [&](const std::string& option) {
      return std::find(options.begin(), options.end(), option) != options.end();
    });
    if (!left_out) labels.push_back(label);
  }
  return labels;
}

TEST(DocsInStep, EveryPerfdataLabelTheReadmeStatesIsThePluginsRealOutput) {
  PerfdataDoc doc = ReadPerfdataTable(SourceFile("README.md"));
  ASSERT_EQ(doc.labels, (std::vector<std::string>{"dns", "connect", "tls", "ttfb", "time", "size", "cert_days"}))
      << "the README's perfdata table could not be read";
  ASSERT_EQ(doc.left_out_with["dns"], (std::vector<std::string>{"--address", "--proxy", "--hostname"}));
  ASSERT_EQ(doc.left_out_with["tls"], (std::vector<std::string>{"--no-tls"}));
  Simulator sim({std::string(kPort) + ":ok", "18445:ok:plain"});
  ASSERT_TRUE(sim.ready());
  Tinyproxy proxy(18891);
  ASSERT_TRUE(proxy.ready()) << "tinyproxy did not start";
  struct Run {
    std::vector<std::string> options;  // the README's words for what the run gives ("--hostname": an IP address)
    std::vector<std::string> args;
  };
  const std::vector<std::string> tls = {"-H", "dmk.test", "-p", kPort, "--ca-file", sim.CaFile()};
  for (const Run& run : {Run{{}, tls}, Run{{"--address"}, With(tls, {"--address", "127.0.0.1"})},
                         Run{{"--proxy"}, With(tls, {"--proxy", "http://127.0.0.1:18891"})},
                         Run{{"--no-tls"}, {"-H", "dmk.test", "-p", "18445", "--no-tls"}},
                         Run{{"--hostname", "--no-tls"}, {"-H", "127.0.0.1", "-p", "18445", "--no-tls"}}}) {
    ProcessResult result = RunPlugin(With(run.args, {"--community", "Oak Park"}));
    EXPECT_EQ(result.exit_code, 0) << result.out;
    EXPECT_EQ(PerfdataLabels(result.Perfdata()), LabelsWithout(doc, run.options))
        << ::testing::PrintToString(run.args) << ": " << result.Perfdata();
  }
}

// Every credentials file the docs tell an administrator to create ("install -m MODE -o OWNER -g GROUP
// /dev/null .../dmk-secrets/...", or packaging/README.md's "`credentials-file` `MODE` owned by `OWNER`") is one
// the plugin reads when it runs as nagios, as Icinga 2 and NRPE run it.
TEST(DocsInStep, TheSecretFileModesTheDocsGiveAreAcceptedByThePlugin) {
  if (::geteuid() != 0 || ::getpwnam("nagios") == nullptr) GTEST_SKIP() << "needs root and a nagios user";
  struct Mode {
    std::string where;
    unsigned mode;
    std::string owner;
    std::string group;
  };
  std::vector<Mode> modes;
  static const std::regex kInstall(R"(install -m (0[0-7]{3}) -o (\w+) -g (\w+) /dev/null \S*secret)");
  static const std::regex kProse(R"(`credentials-file` `(0[0-7]{3})` owned by `(\w+)`)");
  for (const char* file : {"README.md", "icinga-conf/examples/dmk_communities.ini", "packaging/README.md"}) {
    std::string text = SourceFile(file);
    for (std::sregex_iterator it(text.begin(), text.end(), kInstall), end; it != end; ++it) {
      modes.push_back({file, static_cast<unsigned>(std::stoul((*it)[1], nullptr, 8)), (*it)[2], (*it)[3]});
    }
    for (std::sregex_iterator it(text.begin(), text.end(), kProse), end; it != end; ++it) {
      modes.push_back({file, static_cast<unsigned>(std::stoul((*it)[1], nullptr, 8)), (*it)[2], (*it)[2]});
    }
  }
  for (const char* file : {"README.md", "icinga-conf/examples/dmk_communities.ini", "packaging/README.md"}) {
    ASSERT_TRUE(std::any_of(modes.begin(), modes.end(), [&](const Mode& m) { return m.where == file; }))
        << file << " states no credentials-file mode in a form this test reads";
  }
  Simulator sim({std::string(kPort) + ":auth_basic=alice:s3cret"});
  ASSERT_TRUE(sim.ready());
  std::string ca = WriteTempFile("ca.pem", ReadWhole(sim.CaFile()), 0644);
  ASSERT_EQ(::chmod(ca.substr(0, ca.rfind('/')).c_str(), 0755), 0);
  for (const Mode& m : modes) {
    std::string file = WriteTempFile("secret", "alice:s3cret\n", 0600);
    ASSERT_EQ(::chmod(file.substr(0, file.rfind('/')).c_str(), 0755), 0);
    passwd* owner = ::getpwnam(m.owner.c_str());
    group* group = ::getgrnam(m.group.c_str());
    ASSERT_TRUE(owner != nullptr && group != nullptr) << m.where << ": " << m.owner << ":" << m.group;
    ASSERT_EQ(::chown(file.c_str(), owner->pw_uid, group->gr_gid), 0);
    ASSERT_EQ(::chmod(file.c_str(), m.mode), 0);
    ProcessResult result =
        RunProcess("/usr/bin/setpriv",
                   {"--reuid=nagios", "--regid=nagios", "--init-groups", PluginPath(), "-H", "dmk.test", "-p", kPort,
                    "--ca-file", ca, "--community", "Oak Park", "--auth", "basic", "--credentials-file", file});
    EXPECT_EQ(result.exit_code, 0) << m.where << " says mode " << std::oct << m.mode << " " << m.owner << ":" << m.group
                                   << "\n"
                                   << result.out;
    EXPECT_TRUE(Has(result.out, "credentials accepted (basic)")) << m.where << "\n" << result.out;
  }
}

// The files the package installs (icinga-conf/ as the CheckCommand and examples, the man page) cite no
// document the package does not contain: only those packaging/debian/docs installs.
TEST(DocsInStep, ShippedFilesCiteOnlyDocumentsThePackageShips) {
  const std::string root = std::getenv("DMK_SOURCE_DIR") == nullptr ? "." : std::getenv("DMK_SOURCE_DIR");
  // packaging/debian/docs names files and folders (dh_installdocs installs a folder whole), by their paths in
  // the source tree: README.md, docs (so docs/icinga.md is shipped).
  std::vector<std::string> shipped_docs;
  std::istringstream docs(SourceFile("packaging/debian/docs"));
  for (std::string line; std::getline(docs, line);) {
    if (line.empty()) continue;
    if (!std::filesystem::is_directory(root + "/" + line)) {
      shipped_docs.push_back(line);
      continue;
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root + "/" + line)) {
      if (entry.is_regular_file()) shipped_docs.push_back(std::filesystem::relative(entry.path(), root).string());
    }
  }
  ASSERT_GT(shipped_docs.size(), 1u);
  std::vector<std::string> files = {root + "/packaging/check_dmk_community.1"};
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root + "/icinga-conf")) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  ASSERT_GT(files.size(), 5u);
  static const std::regex kCitation(R"([A-Za-z0-9_./-]+\.md\b)");
  for (const std::string& file : files) {
    std::string text = ReadWhole(file);
    for (std::sregex_iterator it(text.begin(), text.end(), kCitation), end; it != end; ++it) {
      EXPECT_NE(std::find(shipped_docs.begin(), shipped_docs.end(), it->str()), shipped_docs.end())
          << file << " cites " << it->str() << ", which the package does not contain";
    }
  }
}

}  // namespace
}  // namespace dmk::testing
