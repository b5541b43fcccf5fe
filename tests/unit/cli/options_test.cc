#include "common/cli/options.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/env.h"
#include "tests/support/test_cert.h"

namespace dmk {
namespace {

using Args = std::vector<std::string>;

const std::string kPin = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";  // base64 of a SHA-256
const std::string kOtherPin = "sha256//" + std::string(43, 'A') + "=";

using test_support::Env;
using test_support::NoEnv;

Status Parse(const Args& args, CommandLine* out, const EnvLookup& env = NoEnv()) {
  return ParseOptions(args, env, out);
}

// Parses `args` after "-H dmk.test", expecting success.
Config MustParse(Args args, const EnvLookup& env = NoEnv()) {
  args.insert(args.begin(), {"-H", "dmk.test"});
  CommandLine out;
  Status status = ParseOptions(args, env, &out);
  EXPECT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(out.request, Request::kCheck);
  return out.config;
}

// Parses `args` after "-H dmk.test", expecting an error; returns its message.
std::string MustFail(Args args, const EnvLookup& env = NoEnv()) {
  args.insert(args.begin(), {"-H", "dmk.test"});
  CommandLine out;
  Status status = ParseOptions(args, env, &out);
  EXPECT_FALSE(status.ok()) << "accepted: " << ::testing::PrintToString(args);
  return status.message();
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A temporary file, removed when the test ends.
class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    path_ = ::testing::TempDir() + "dmk_options_XXXXXX";
    int fd = ::mkstemp(path_.data());
    EXPECT_GE(fd, 0);
    if (fd >= 0) ::close(fd);
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() { ::unlink(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(OptionsTest, HasTheDocumentedDefaults) {
  Config config = MustParse({});
  EXPECT_EQ(config.hostname, "dmk.test");
  EXPECT_EQ(config.DisplayName(), "dmk.test");
  EXPECT_EQ(config.address, "");
  EXPECT_EQ(config.ip_version, 0);
  EXPECT_EQ(config.port, 0);
  EXPECT_EQ(config.EffectivePort(), 443);
  EXPECT_TRUE(config.tls);
  EXPECT_FALSE(config.insecure);
  EXPECT_TRUE(config.pins_sha256.empty());
  EXPECT_FALSE(config.cert_limits.warning.has_value());  // the lifetime rule
  EXPECT_FALSE(config.cert_limits.critical.has_value());
  EXPECT_EQ(config.uri, "/");
  EXPECT_EQ(config.method, "GET");
  EXPECT_TRUE(config.headers.empty());
  EXPECT_FALSE(config.body.has_value());
  ASSERT_EQ(config.expect_status.size(), 1u);
  EXPECT_EQ(config.expect_status[0].low, 200);
  EXPECT_EQ(config.expect_status[0].high, 299);
  EXPECT_EQ(config.expect_body, "");
  EXPECT_EQ(config.auth, AuthType::kNone);
  EXPECT_FALSE(config.follow);
  EXPECT_EQ(config.max_redirects, 5);
  EXPECT_EQ(config.max_body, 1024u * 1024u);
  EXPECT_EQ(config.proxy, "");
  EXPECT_DOUBLE_EQ(config.timeout_s, 10);
  EXPECT_DOUBLE_EQ(config.connect_timeout_s, 0);
  EXPECT_EQ(config.timeout_state, State::kCritical);
  EXPECT_FALSE(config.total.warning.has_value());
  EXPECT_FALSE(config.total.critical.has_value());
  EXPECT_EQ(config.verbosity, 0);
}

TEST(OptionsTest, RequiresTheHostname) {
  CommandLine out;
  Status status = Parse({"-p", "443"}, &out);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(Contains(status.message(), "--hostname")) << status.message();
}

TEST(OptionsTest, ReadsTargetOptions) {
  Config config = MustParse({"-I", "192.0.2.7", "-p", "8443", "--community", "Köln Süd"});
  EXPECT_EQ(config.address, "192.0.2.7");
  EXPECT_EQ(config.port, 8443);
  EXPECT_EQ(config.EffectivePort(), 8443);
  EXPECT_EQ(config.community, "Köln Süd");
  EXPECT_EQ(config.DisplayName(), "Köln Süd");
  EXPECT_EQ(MustParse({"--address=2001:db8::1"}).address, "2001:db8::1");
  EXPECT_EQ(MustParse({"-4"}).ip_version, 4);
  EXPECT_EQ(MustParse({"--ipv6"}).ip_version, 6);
}

TEST(OptionsTest, AcceptsIpLiteralsAsHostname) {
  CommandLine out;
  ASSERT_TRUE(Parse({"-H", "2001:db8::1"}, &out).ok());
  EXPECT_EQ(out.config.hostname, "2001:db8::1");
  ASSERT_TRUE(Parse({"--hostname=192.0.2.1"}, &out).ok());
  EXPECT_EQ(out.config.hostname, "192.0.2.1");
}

TEST(OptionsTest, RefusesAMalformedHostname) {
  CommandLine out;
  Status status = Parse({"-H", "dmk.test/evil path"}, &out);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(Contains(status.message(), "--hostname 'dmk.test/evil path'")) << status.message();
}

TEST(OptionsTest, ReadsTlsOptions) {
  TempFile ca(test_support::SelfSignedPem());
  Config config = MustParse({"--ca-file", ca.path(), "--ca-path", ::testing::TempDir(), "--pin-sha256", kPin,
                             "--pin-sha256", kOtherPin, "--cert-warning", "45", "--cert-critical", "36h",
                             "--client-cert", ca.path(), "--client-key", ca.path()});
  EXPECT_EQ(config.ca_file, ca.path());
  EXPECT_EQ(config.ca_path, ::testing::TempDir());
  // The "sha256//" prefix of curl's --pinnedpubkey is accepted and dropped.
  EXPECT_EQ(config.pins_sha256, (std::vector<std::string>{kPin, kOtherPin.substr(8)}));
  ASSERT_TRUE(config.cert_limits.warning && config.cert_limits.critical);
  EXPECT_EQ(config.cert_limits.warning->unit, CertLimitUnit::kDays);
  EXPECT_EQ(config.cert_limits.warning->value, 45);
  EXPECT_EQ(config.cert_limits.critical->unit, CertLimitUnit::kHours);
  EXPECT_EQ(config.cert_limits.critical->value, 36);
  EXPECT_EQ(config.client_cert, ca.path());
  EXPECT_EQ(config.client_key, ca.path());
  EXPECT_TRUE(MustParse({"--insecure"}).insecure);
}

TEST(OptionsTest, NoTlsSwitchesToPlainHttpOnPort80) {
  Config config = MustParse({"--no-tls"});
  EXPECT_FALSE(config.tls);
  EXPECT_EQ(config.EffectivePort(), 80);
}

TEST(OptionsTest, ReadsHttpOptions) {
  Config config = MustParse({"-u",
                             "/api/v1/status?x=1",
                             "--method",
                             "post",
                             "--header",
                             "X-Probe: 1",
                             "--header",
                             "Accept: application/json",
                             "--body",
                             "{}",
                             "--expect-status",
                             "200,204,3xx",
                             "--expect-body",
                             "\"status\": *\"ok\"",
                             "--follow",
                             "--max-redirects",
                             "3",
                             "--max-body",
                             "4096",
                             "--proxy",
                             "socks5://jump.example:1080"});
  EXPECT_EQ(config.uri, "/api/v1/status?x=1");
  EXPECT_EQ(config.method, "POST");
  EXPECT_EQ(config.headers, (std::vector<std::string>{"X-Probe: 1", "Accept: application/json"}));
  EXPECT_EQ(config.body, "{}");
  ASSERT_EQ(config.expect_status.size(), 3u);
  EXPECT_EQ(config.expect_status[0].low, 200);
  EXPECT_EQ(config.expect_status[0].high, 200);
  EXPECT_EQ(config.expect_status[1].low, 204);
  EXPECT_EQ(config.expect_status[2].low, 300);
  EXPECT_EQ(config.expect_status[2].high, 399);
  EXPECT_EQ(config.expect_status_text, "200,204,3xx");
  EXPECT_EQ(config.expect_body, "\"status\": *\"ok\"");
  EXPECT_TRUE(config.follow);
  EXPECT_EQ(config.max_redirects, 3);
  EXPECT_EQ(config.max_body, 4096u);
  EXPECT_EQ(config.proxy, "socks5://jump.example:1080");
  EXPECT_EQ(MustParse({"--method", "HEAD"}).method, "HEAD");
}

TEST(OptionsTest, ReadsAuthOptions) {
  Config basic = MustParse({"--auth", "basic", "--credentials-file", "/etc/dmk/secret"});
  EXPECT_EQ(basic.auth, AuthType::kBasic);
  EXPECT_EQ(basic.credentials_file, "/etc/dmk/secret");
  Config bearer = MustParse({"--auth", "Bearer", "--credentials-env", "DMK_TOKEN"});
  EXPECT_EQ(bearer.auth, AuthType::kBearer);
  EXPECT_EQ(bearer.credentials_env, "DMK_TOKEN");
  EXPECT_EQ(MustParse({"--auth", "none"}).auth, AuthType::kNone);
}

TEST(OptionsTest, ReadsTimeOptionsAndThresholds) {
  Config config = MustParse({"-t",
                             "5.5",
                             "--connect-timeout",
                             "2",
                             "--timeout-state",
                             "unknown",
                             "-w",
                             "1",
                             "-c",
                             "2:",
                             "--dns-warning",
                             "0.1",
                             "--dns-critical",
                             "0.2",
                             "--connect-warning",
                             "0.3",
                             "--connect-critical",
                             "0.4",
                             "--tls-warning",
                             "0.5",
                             "--tls-critical",
                             "0.6",
                             "--ttfb-warning",
                             "@0.7:0.8",
                             "--ttfb-critical",
                             "~:0.9"});
  EXPECT_DOUBLE_EQ(config.timeout_s, 5.5);
  EXPECT_DOUBLE_EQ(config.connect_timeout_s, 2);
  EXPECT_EQ(config.timeout_state, State::kUnknown);
  ASSERT_TRUE(config.total.warning && config.total.critical);
  EXPECT_EQ(config.total.warning->text(), "1");
  EXPECT_EQ(config.total.critical->text(), "2:");
  ASSERT_TRUE(config.dns.warning && config.dns.critical && config.connect.warning && config.connect.critical);
  EXPECT_EQ(config.dns.warning->text(), "0.1");
  EXPECT_EQ(config.dns.critical->text(), "0.2");
  EXPECT_EQ(config.connect.warning->text(), "0.3");
  EXPECT_EQ(config.connect.critical->text(), "0.4");
  ASSERT_TRUE(config.tls_handshake.warning && config.tls_handshake.critical);
  EXPECT_EQ(config.tls_handshake.warning->text(), "0.5");
  EXPECT_EQ(config.tls_handshake.critical->text(), "0.6");
  ASSERT_TRUE(config.ttfb.warning && config.ttfb.critical);
  EXPECT_TRUE(config.ttfb.warning->Alerts(0.75));
  EXPECT_TRUE(config.ttfb.critical->Alerts(1.0));
  EXPECT_EQ(MustParse({"--timeout=7"}).timeout_s, 7);
  EXPECT_EQ(MustParse({"--timeout-state", "1"}).timeout_state, State::kWarning);
  EXPECT_EQ(MustParse({"--timeout-state", "OK"}).timeout_state, State::kOk);
}

// check_curl 3.0 calls it --timeout-result (a migration aid).
TEST(OptionsTest, TimeoutResultIsAnotherNameForTimeoutState) {
  EXPECT_EQ(MustParse({"--timeout-result", "unknown"}).timeout_state, State::kUnknown);
  EXPECT_EQ(MustParse({"--timeout-result=warning"}).timeout_state, State::kWarning);
  EXPECT_TRUE(Contains(MustFail({"--timeout-result", "fatal"}), "--timeout-result 'fatal'"));
  std::string both = MustFail({"--timeout-result", "ok", "--timeout-state", "ok"});
  EXPECT_TRUE(Contains(both, "--timeout-result") && Contains(both, "--timeout-state")) << both;
}

// A check tests the path it was configured for; the environment's proxy only when asked for.
TEST(OptionsTest, IgnoresEnvironmentProxiesUnlessProxyFromEnv) {
  auto env = test_support::Env({{"https_proxy", "http://127.0.0.1:9"}, {"ALL_PROXY", "http://127.0.0.1:9"}});
  Config config = MustParse({}, env);
  EXPECT_EQ(config.proxy, "");
  EXPECT_EQ(config.proxy_variable, "https_proxy");
  config = MustParse({"--proxy-from-env"}, env);
  EXPECT_EQ(config.proxy, "http://127.0.0.1:9");
  EXPECT_EQ(config.proxy_source, ProxySource::kEnvironment);
}

TEST(OptionsTest, NoproxyBypassesTheProxyForListedHosts) {
  Config config = MustParse({"--proxy", "http://jump:3128", "--noproxy", "localhost,dmk.test"});
  EXPECT_EQ(config.proxy, "");
  EXPECT_EQ(config.noproxy_match, "dmk.test");
  config = MustParse({"--proxy", "http://jump:3128", "--noproxy", "example.com"});
  EXPECT_EQ(config.proxy, "http://jump:3128");
  EXPECT_EQ(config.proxy_source, ProxySource::kOption);
}

struct BadValue {
  Args args;
  std::string names;  // the message must name the option (and usually the value)
};

// Every bad value is a usage error naming the option, so the operator sees what to fix.
TEST(OptionsTest, BadValuesNameTheOption) {
  const std::vector<BadValue> cases = {
      {{"-p", "0"}, "--port '0'"},
      {{"-p", "65536"}, "--port '65536'"},
      {{"-p", "https"}, "--port 'https'"},
      {{"-p", "-1"}, "--port '-1'"},
      {{"-p", "44 3"}, "--port '44 3'"},
      {{"-I", "dmk.test"}, "--address 'dmk.test'"},
      {{"-4", "-I", "2001:db8::1"}, "--address '2001:db8::1'"},
      {{"-6", "-I", "192.0.2.1"}, "--address '192.0.2.1'"},
      {{"--pin-sha256", "abc"}, "--pin-sha256 'abc'"},
      {{"--pin-sha256", kPin.substr(0, 43) + "A"}, "--pin-sha256"},
      {{"--pin-sha256", "sha1//" + kPin}, "--pin-sha256"},
      {{"--cert-warning", "-3"}, "--cert-warning '-3'"},
      {{"--cert-critical", "soon"}, "--cert-critical 'soon'"},
      {{"--cert-warning", "3651"}, "--cert-warning '3651'"},
      {{"--cert-warning", "87601h"}, "--cert-warning '87601h'"},
      {{"--cert-critical", "101%"}, "--cert-critical '101%'"},
      {{"--cert-critical", "20 %"}, "--cert-critical '20 %'"},
      {{"--cert-warning", "1.5"}, "--cert-warning '1.5'"},
      {{"--cert-warning", "10", "--cert-critical", "14"},
       "--cert-warning 10 days must be more than --cert-critical 14 days"},
      {{"--cert-warning", "24h", "--cert-critical", "1"}, "--cert-warning 24h must be more than --cert-critical 1 day"},
      {{"--cert-warning", "10%", "--cert-critical", "20%"}, "--cert-warning 10% must be more than --cert-critical 20%"},
      {{"--ca-file", "/nonexistent/ca.pem"}, "--ca-file '/nonexistent/ca.pem'"},
      {{"--ca-path", "/nonexistent/certs"}, "--ca-path '/nonexistent/certs'"},
      {{"--client-cert", "/nonexistent/c.pem"}, "--client-cert '/nonexistent/c.pem'"},
      {{"-u", "api/status"}, "--uri 'api/status'"},
      {{"-u", "/a b"}, "--uri '/a b'"},
      {{"--method", "PUT"}, "--method 'PUT'"},
      {{"--header", "no colon here"}, "--header 'no colon here'"},
      {{"--header", "Bad Name: x"}, "--header 'Bad Name: x'"},
      {{"--header", "X-A: 1\r\nX-Injected: 2"}, "--header"},
      {{"--expect-status", "abc"}, "--expect-status 'abc'"},
      {{"--expect-status", "600"}, "--expect-status '600'"},
      {{"--expect-status", "99"}, "--expect-status '99'"},
      {{"--expect-status", "6xx"}, "--expect-status '6xx'"},
      {{"--expect-status", ""}, "--expect-status"},
      {{"--expect-body", "(unclosed"}, "--expect-body '(unclosed'"},
      {{"--method", "HEAD", "--expect-body", "ok"}, "--expect-body"},
      {{"--auth", "digest", "--credentials-env", "X"}, "--auth 'digest'"},
      {{"--max-redirects", "21"}, "--max-redirects '21'"},
      {{"--max-body", "0"}, "--max-body '0'"},
      {{"--max-body", "1k"}, "--max-body '1k'"},
      {{"--proxy", "proxy.example:3128"}, "--proxy 'proxy.example:3128'"},
      {{"--proxy", "ftp://proxy.example"}, "--proxy 'ftp://proxy.example'"},
      {{"-t", "0"}, "--timeout '0'"},
      {{"-t", "abc"}, "--timeout 'abc'"},
      {{"-t", "1e3"}, "--timeout '1e3'"},
      {{"-t", "3601"}, "--timeout '3601'"},
      {{"-t", "1,5"}, "--timeout '1,5'"},
      {{"--connect-timeout", "-1"}, "--connect-timeout '-1'"},
      {{"-t", "5", "--connect-timeout", "6"}, "--connect-timeout 6"},
      {{"--timeout-state", "fatal"}, "--timeout-state 'fatal'"},
      {{"-w", "abc"}, "--warning"},
      {{"-c", "20:10"}, "--critical"},
      {{"--dns-warning", "1,5"}, "--dns-warning"},
      {{"--connect-critical", "inf"}, "--connect-critical"},
      {{"--tls-warning", "1e3"}, "--tls-warning"},
      {{"--ttfb-critical", "5x"}, "--ttfb-critical"},
  };
  for (const BadValue& c : cases) {
    std::string message = MustFail(c.args);
    EXPECT_TRUE(Contains(message, c.names)) << ::testing::PrintToString(c.args) << " -> " << message;
  }
}

// --expect-body goes through the bounded check of posix_regex.h: glibc's regcomp would take exponential
// time and memory over these nested repetitions.
TEST(OptionsTest, RefusesAnExpectBodyThatWouldBlowUpRegcomp) {
  EXPECT_EQ(MustFail({"--expect-body", "(((x{255}){255}){255})"}),
            "--expect-body '(((x{255}){255}){255})': the regular expression nests repeated groups more than 2 deep "
            "('((a*)*)*')");
  EXPECT_EQ(MustFail({"--expect-body", "(x{0,255}){255}"}),
            "--expect-body '(x{0,255}){255}': the regular expression nests too many repetitions ('+', {n,m}): more "
            "than 1024 items once expanded");
  EXPECT_EQ(MustFail({"--expect-body", "(a)\\1"}),
            "--expect-body '(a)\\1': back-references (\\1 to \\9) are not supported: glibc matches them by "
            "backtracking, in exponential time");
}

TEST(OptionsTest, RangeErrorsSayTheRangeIsMalformed) {
  EXPECT_TRUE(Contains(MustFail({"-w", "abc"}), "malformed range 'abc'"));
}

struct Conflict {
  Args args;
  std::vector<std::string> words;
};

TEST(OptionsTest, RefusesContradictingOptions) {
  TempFile file("x");
  TempFile ca(test_support::SelfSignedPem());
  const std::vector<Conflict> cases = {
      {{"-4", "-6"}, {"-4", "-6"}},
      {{"--no-tls", "--ca-file", ca.path()}, {"--ca-file", "--no-tls"}},
      {{"--no-tls", "--ca-path", "/etc/ssl/certs"}, {"--ca-path", "--no-tls"}},
      {{"--no-tls", "--pin-sha256", kPin}, {"--pin-sha256", "--no-tls"}},
      {{"--no-tls", "--insecure"}, {"--insecure", "--no-tls"}},
      {{"--no-tls", "--client-cert", file.path()}, {"--client-cert", "--no-tls"}},
      {{"--no-tls", "--cert-warning", "10"}, {"--cert-warning", "--no-tls"}},
      {{"--no-tls", "--cert-critical", "10"}, {"--cert-critical", "--no-tls"}},
      {{"--no-tls", "--tls-warning", "1"}, {"--tls-warning", "--no-tls"}},
      {{"--no-tls", "--tls-critical", "1"}, {"--tls-critical", "--no-tls"}},
      {{"--insecure", "--pin-sha256", kPin}, {"--insecure", "--pin-sha256"}},
      {{"--body", "{}"}, {"--body", "POST"}},
      {{"--method", "GET", "--body", "{}"}, {"--body", "POST"}},
      {{"--client-key", file.path()}, {"--client-key", "--client-cert"}},
      {{"--credentials-file", file.path()}, {"--auth"}},
      {{"--credentials-env", "DMK_TOKEN"}, {"--auth"}},
      {{"--auth", "basic"}, {"--auth", "--credentials-file", "--credentials-env"}},
      {{"--auth", "bearer"}, {"--auth", "--credentials"}},
      {{"--auth", "basic", "--credentials-file", file.path(), "--credentials-env", "X"},
       {"--credentials-file", "--credentials-env"}},
      {{"--noproxy", "dmk.test"}, {"--noproxy", "--proxy", "--proxy-from-env"}},
      {{"--proxy", "http://jump:3128", "--proxy-from-env"}, {"--proxy", "--proxy-from-env"}},
  };
  for (const Conflict& c : cases) {
    std::string message = MustFail(c.args);
    for (const std::string& word : c.words) {
      EXPECT_TRUE(Contains(message, word)) << ::testing::PrintToString(c.args) << " -> " << message;
    }
  }
}

// The conflict is named before what is wrong with a value that --no-tls makes useless anyway.
TEST(OptionsTest, NoTlsConflictsComeBeforeBadTlsValues) {
  EXPECT_EQ(MustFail({"--no-tls", "--ca-file", "/nonexistent/ca.pem"}), "--ca-file makes no sense with --no-tls");
  EXPECT_EQ(MustFail({"--no-tls", "--tls-min", "1.1"}), "--tls-min makes no sense with --no-tls");
  EXPECT_EQ(MustFail({"--no-tls", "--cert-warning", "99999"}), "--cert-warning makes no sense with --no-tls");
}

// docs/plugin-contract.md, "Standard options": --extra-opts "is how secrets stay out of argv"; argv is visible
// to every local user.
TEST(OptionsTest, RefusesSecretHeadersOnTheCommandLineWithoutRepeatingThem) {
  for (const std::string header :
       {"Authorization: Bearer tok-SECRET", "authorization:Basic dXNlcjpwYXNz",
        "Proxy-Authorization: Basic dXNlcjpwYXNz", "Cookie: session=SECRET", " COOKIE : session=SECRET"}) {
    for (const Args& args : {Args{"--header", header}, Args{"--header=" + header}}) {
      std::string message = MustFail(args);
      EXPECT_TRUE(Contains(message, "refused on the command line")) << message;
      EXPECT_FALSE(Contains(message, "SECRET")) << "the secret leaked: " << message;
      EXPECT_FALSE(Contains(message, "dXNlcjpwYXNz")) << "the secret leaked: " << message;
    }
  }
}

TEST(OptionsTest, RefusesProxyCredentialsOnTheCommandLineWithoutRepeatingThem) {
  for (const std::string proxy : {"http://user:pa55word@proxy.example:3128", "socks5://user:pa55word@jump:1080",
                                  "http://user:pa55word@proxy.example:3128/"}) {
    std::string message = MustFail({"--proxy", proxy});
    EXPECT_TRUE(Contains(message, "--proxy")) << message;
    EXPECT_TRUE(Contains(message, "refused on the command line")) << message;
    EXPECT_FALSE(Contains(message, "pa55word")) << "the secret leaked: " << message;
  }
}

// The userinfo ends at the last '@' (proxy_url.h), as a password may hold '/': an '@' after a '/' is read as
// the end of a password too, and refused on the command line rather than risk printing one.
TEST(OptionsTest, RefusesAProxyWithAnAtSignAfterASlashOnTheCommandLine) {
  for (const std::string proxy : {"http://user:pa/55@proxy.example:3128", "http://user:secret@tail9@proxy:3128"}) {
    std::string message = MustFail({"--proxy", proxy});
    EXPECT_TRUE(Contains(message, "refused on the command line")) << message;
    EXPECT_FALSE(Contains(message, "55") || Contains(message, "tail9")) << "the secret leaked: " << message;
  }
  EXPECT_EQ(MustParse({"--proxy", "http://proxy.example:3128/"}).proxy, "http://proxy.example:3128/");
}

TEST(OptionsTest, CountsVerbosity) {
  const std::vector<std::pair<Args, int>> cases = {
      {{}, 0},
      {{"-v"}, 1},
      {{"-vv"}, 2},
      {{"-vvv"}, 3},
      {{"-v", "-v"}, 2},
      {{"--verbose", "--verbose", "--verbose"}, 3},
      {{"-v", "-vv"}, 3},
      {{"-vvvv"}, 3},  // at most 3 (docs/plugin-contract.md, "Standard options")
  };
  for (const auto& [args, level] : cases) {
    EXPECT_EQ(MustParse(args).verbosity, level) << ::testing::PrintToString(args);
  }
}

// docs/plugin-contract.md, "Exit codes and output": --help and --version are requests (exit 3 by convention),
// honoured even without the otherwise required --hostname.
TEST(OptionsTest, RecognisesHelpAndVersionRequests) {
  const std::vector<std::pair<Args, Request>> cases = {
      {{"--help"}, Request::kHelp},
      {{"-h"}, Request::kHelp},
      {{"--version"}, Request::kVersion},
      {{"-V"}, Request::kVersion},
      {{"-H", "dmk.test", "--help"}, Request::kHelp},
  };
  for (const auto& [args, request] : cases) {
    CommandLine out;
    Status status = Parse(args, &out);
    ASSERT_TRUE(status.ok()) << status.message();
    EXPECT_EQ(out.request, request) << ::testing::PrintToString(args);
  }
}

TEST(OptionsTest, HelpTextListsOptionsExitCodesAndPerfdata) {
  std::string help = HelpText();
  for (const char* word :
       {"--hostname", "--extra-opts", "--pin-sha256", "--credentials-file", "--timeout-state", "--timeout-result",
        "--proxy-from-env", "--noproxy", "0 OK", "3 UNKNOWN", "cert_days", "ttfb", "default: 443"}) {
    EXPECT_TRUE(Contains(help, word)) << word;
  }
}

// --help can be copied from a terminal: no path broken inside a word, no line over 80
// columns unless it is one word, no trailing spaces.
TEST(OptionsTest, HelpTextNeverBreaksAWord) {
  const std::string help = HelpText();
  std::vector<std::string> tokens;
  std::istringstream words(help);
  for (std::string word; words >> word;) tokens.push_back(word);
  for (const char* whole : {"/etc/monitoring-plugins/monitoring-plugins.ini,", "/etc/monitoring-plugins.ini",
                            "$MP_CONFIG_FILE);", "/etc/ssl/certs)", "--credentials-file,", "'sha256//'"}) {
    EXPECT_NE(std::find(tokens.begin(), tokens.end(), whole), tokens.end()) << whole << "\n" << help;
  }
  std::istringstream lines(help);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_TRUE(line.empty() || line.back() != ' ') << "trailing space: '" << line << "'";
    size_t text = line.find_first_not_of(' ');
    bool one_word = text == std::string::npos || line.find(' ', text) == std::string::npos;
    EXPECT_TRUE(line.size() <= 80 || one_word) << line.size() << " columns: " << line;
  }
}

TEST(OptionsTest, VersionTextIsOneLineWithTheName) {
  std::string version = VersionText();
  EXPECT_EQ(version.rfind("check_dmk_community ", 0), 0u) << version;
  EXPECT_EQ(version.find('\n'), version.size() - 1);
}

TEST(OptionsTest, RefusesUnknownOptionsAndPositionalArguments) {
  EXPECT_TRUE(Contains(MustFail({"--bogus"}), "--bogus"));
  EXPECT_TRUE(Contains(MustFail({"-Z"}), "-Z"));
  EXPECT_TRUE(Contains(MustFail({"stray"}), "unexpected argument 'stray'"));
}

// An unknown option names the nearest one, check_curl's names included.
TEST(OptionsTest, UnknownOptionsSuggestTheNearestOption) {
  EXPECT_EQ(MustFail({"--ca-cert", "/etc/ssl/ca.pem"}), "unrecognised option '--ca-cert': did you mean --ca-file?");
  EXPECT_EQ(MustFail({"--hostnmae", "x"}), "unrecognised option '--hostnmae': did you mean --hostname?");
  EXPECT_EQ(MustFail({"--expect-staus=200"}),
            "unrecognised option '--expect-staus=200': did you mean --expect-status?");
  EXPECT_EQ(MustFail({"-S"}),
            "unrecognised option '-S': not needed here: HTTPS is the default (--no-tls for plain HTTP)");
  EXPECT_EQ(MustFail({"--frobnicate"}), "unrecognised option '--frobnicate'");
}

TEST(OptionsTest, DoesNotGuessAbbreviatedOptions) { EXPECT_TRUE(Contains(MustFail({"--insec"}), "--insec")); }

TEST(OptionsTest, RefusesAMissingOptionValue) {
  CommandLine out;
  Status status = Parse({"-H"}, &out);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(Contains(status.message(), "hostname")) << status.message();
}

TEST(OptionsTest, RefusesASingleValuedOptionGivenTwiceOnTheCommandLine) {
  EXPECT_TRUE(Contains(MustFail({"-p", "1", "-p", "2"}), "port"));
}

// --extra-opts (docs/plugin-contract.md, "Standard options"): the default section is the plugin's name, a bare
// key is a flag, keys may repeat, options from the file come first and the command line overrides them.
const char* const kIni =
    "# comment\n"
    "; another comment\n"
    "[check_dmk_community]\n"
    "hostname = dmk.test\n"
    "port=8443\n"
    "insecure\n"
    "header=X-One: 1\n"
    "header = X-Two: 2\n"
    "community=Gemeinschaft Nord\n"
    "\n"
    "[berlin]\n"
    "hostname=berlin.dmk.test\n"
    "auth=bearer\n"
    "credentials-env=DMK_BERLIN\n"
    "header=Authorization: Bearer tok-from-file\n"
    "proxy=http://user:pa55word@proxy.example:3128\n"
    "verbose\n"
    "[broken]\n"
    "no-such-option=1\n"
    "[asks-help]\n"
    "help\n";

TEST(OptionsTest, ExtraOptsReadsTheDefaultSectionOfTheGivenFile) {
  TempFile ini(kIni);
  CommandLine out;
  Status status = Parse({"--extra-opts=@" + ini.path()}, &out);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(out.config.hostname, "dmk.test");
  EXPECT_EQ(out.config.port, 8443);
  EXPECT_TRUE(out.config.insecure);                                                   // a bare key is a flag
  EXPECT_EQ(out.config.headers, (std::vector<std::string>{"X-One: 1", "X-Two: 2"}));  // repeated keys collect
  EXPECT_EQ(out.config.community, "Gemeinschaft Nord");
}

TEST(OptionsTest, ExtraOptsReadsANamedSection) {
  TempFile ini(kIni);
  CommandLine out;
  Status status = Parse({"--extra-opts=berlin@" + ini.path()}, &out);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(out.config.hostname, "berlin.dmk.test");
  EXPECT_EQ(out.config.port, 0);
  EXPECT_FALSE(out.config.insecure);
  EXPECT_EQ(out.config.auth, AuthType::kBearer);
  EXPECT_EQ(out.config.verbosity, 1);
}

TEST(OptionsTest, ExtraOptsTakesItsValueFromTheNextArgumentToo) {
  // monitoring-plugins' extra-opts accepts "--extra-opts SECTION@FILE" as well as the '=' form.
  TempFile ini(kIni);
  CommandLine out;
  Status status = Parse({"--extra-opts", "berlin@" + ini.path()}, &out);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(out.config.hostname, "berlin.dmk.test");
  status = Parse({"--extra-opts", "-H", "dmk.test"}, &out);
  EXPECT_FALSE(status.ok()) << "a bare --extra-opts followed by an option reads the default file";
}

TEST(OptionsTest, ExtraOptsMayCarrySecretsThatArgvMayNot) {
  TempFile ini(kIni);
  CommandLine out;
  Status status = Parse({"--extra-opts=berlin@" + ini.path()}, &out);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(out.config.headers, std::vector<std::string>{"Authorization: Bearer tok-from-file"});
  EXPECT_EQ(out.config.proxy, "http://user:pa55word@proxy.example:3128");
}

TEST(OptionsTest, CommandLineOverridesTheIniFile) {
  TempFile ini(kIni);
  CommandLine out;
  Status status = Parse(
      {"--extra-opts=@" + ini.path(), "-p", "9443", "--community", "Override", "--header", "X-Three: 3", "-v", "-v"},
      &out);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(out.config.port, 9443);
  EXPECT_EQ(out.config.community, "Override");
  EXPECT_EQ(out.config.hostname, "dmk.test");  // from the file, not overridden
  // Repeatable options collect from both.
  ASSERT_EQ(out.config.headers.size(), 3u);
  EXPECT_NE(std::find(out.config.headers.begin(), out.config.headers.end(), "X-One: 1"), out.config.headers.end());
  EXPECT_NE(std::find(out.config.headers.begin(), out.config.headers.end(), "X-Three: 3"), out.config.headers.end());
  EXPECT_EQ(out.config.verbosity, 2);
}

TEST(OptionsTest, CommandLineHostnameOverridesTheIniFileWhereverExtraOptsStands) {
  TempFile ini(kIni);
  CommandLine out;
  Status status = Parse({"-H", "cli.dmk.test", "--extra-opts=@" + ini.path()}, &out);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(out.config.hostname, "cli.dmk.test");
  EXPECT_EQ(out.config.port, 8443);
}

TEST(OptionsTest, VerbosityAddsUpFromFileAndCommandLine) {
  TempFile ini(kIni);
  CommandLine out;
  ASSERT_TRUE(Parse({"--extra-opts=berlin@" + ini.path(), "-vv"}, &out).ok());
  EXPECT_EQ(out.config.verbosity, 3);
}

// Only whole lines are comments: a password, token or regular expression may hold '#' or ';'.
TEST(OptionsTest, ExtraOptsKeepsHashAndSemicolonInsideValues) {
  TempFile ini(
      "[check_dmk_community]\n"
      "hostname=dmk.test\n"
      "header=Authorization: Bearer abc#def;ghi\n"
      "proxy=http://user:pa#ss;word@proxy.example:3128\n"
      "expect-body=^ok # not a comment\n"
      "  # an indented comment line\n");
  CommandLine out;
  Status status = Parse({"--extra-opts=@" + ini.path()}, &out);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(out.config.headers, std::vector<std::string>{"Authorization: Bearer abc#def;ghi"});
  EXPECT_EQ(out.config.proxy, "http://user:pa#ss;word@proxy.example:3128");
  EXPECT_EQ(out.config.expect_body, "^ok # not a comment");
}

TEST(OptionsTest, ExtraOptsFlagMayBeWrittenWithAValue) {
  TempFile ini("[check_dmk_community]\nhostname=dmk.test\nfollow=\ninsecure = true\n");
  CommandLine out;
  Status status = Parse({"--extra-opts=@" + ini.path()}, &out);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_TRUE(out.config.follow);
  EXPECT_TRUE(out.config.insecure);
}

TEST(OptionsTest, ExtraOptsRefusesASingleValuedKeyGivenTwice) {
  TempFile ini("[check_dmk_community]\nhostname=dmk.test\nport=1\nport=2\n");
  CommandLine out;
  Status status = Parse({"--extra-opts=@" + ini.path()}, &out);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(Contains(status.message(), "port")) << status.message();
}

TEST(OptionsTest, ExtraOptsWithAMissingSectionIsAnError) {
  TempFile ini(kIni);
  CommandLine out;
  Status status = Parse({"--extra-opts=nowhere@" + ini.path()}, &out);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(Contains(status.message(), "[nowhere]")) << status.message();
  EXPECT_TRUE(Contains(status.message(), ini.path())) << status.message();
}

TEST(OptionsTest, ExtraOptsWithAMissingFileIsAnError) {
  CommandLine out;
  Status status = Parse({"--extra-opts=@/nonexistent/plugins.ini"}, &out);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(Contains(status.message(), "/nonexistent/plugins.ini")) << status.message();
}

TEST(OptionsTest, ExtraOptsReadsCrlfLinesAndALastLineWithoutNewline) {
  TempFile ini("[check_dmk_community]\r\nhostname = dmk.test\r\nport=9443");
  CommandLine out;
  Status status = Parse({"--extra-opts=@" + ini.path()}, &out);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(out.config.hostname, "dmk.test");
  EXPECT_EQ(out.config.port, 9443);
}

TEST(OptionsTest, ExtraOptsRefusesAnIniFileOverOneMebibyte) {
  TempFile ini("[check_dmk_community]\nhostname=dmk.test\n# " + std::string(1024 * 1024, 'x') + "\n");
  CommandLine out;
  Status status = Parse({"--extra-opts=@" + ini.path()}, &out);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(Contains(status.message(), "too large")) << status.message();
  EXPECT_TRUE(Contains(status.message(), ini.path())) << status.message();
}

// A FIFO named as the ini file would block a plain open() until a writer came; the check must end at once.
TEST(OptionsTest, ExtraOptsRefusesAFifoOrADirectoryWithoutHanging) {
  std::string fifo = ::testing::TempDir() + "dmk_options_fifo_" + std::to_string(::getpid());
  ::unlink(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  CommandLine out;
  Status status = Parse({"--extra-opts=@" + fifo}, &out);
  ::unlink(fifo.c_str());
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(Contains(status.message(), "not a regular file")) << status.message();
  status = Parse({"--extra-opts=@" + ::testing::TempDir()}, &out);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(Contains(status.message(), "not a regular file")) << status.message();
}

TEST(OptionsTest, ExtraOptsWithAnUnknownKeyIsAnError) {
  TempFile ini(kIni);
  CommandLine out;
  Status status = Parse({"--extra-opts=broken@" + ini.path()}, &out);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(Contains(status.message(), "no-such-option")) << status.message();
}

TEST(OptionsTest, ExtraOptsWithAnUnknownKeySuggestsTheNearestOption) {
  TempFile ini("[s]\nhostname = dmk.test\nca-cert = /etc/ssl/ca.pem\n");
  CommandLine out;
  Status status = Parse({"--extra-opts=s@" + ini.path()}, &out);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(Contains(status.message(), "unrecognised option 'ca-cert': did you mean --ca-file?")) << status.message();
}

// A file given where a section belongs is recognised, whether or not a default file exists.
TEST(OptionsTest, ExtraOptsWithAPathButNoSectionSuggestsSectionAtFile) {
  TempFile ini(kIni);
  CommandLine out;
  Status status = Parse({"--extra-opts=" + ini.path()}, &out);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "--extra-opts: '" + ini.path() +
                                  "' looks like a file, but without '@' it names a "
                                  "section: give SECTION@FILE, e.g. --extra-opts=check_dmk_community@" +
                                  ini.path() + " (or @" + ini.path() + " for the default section)");
  status = Parse({"--extra-opts", ini.path()}, &out);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(Contains(status.message(), "give SECTION@FILE")) << status.message();
}

TEST(OptionsTest, ExtraOptsMayNotAskForHelp) {
  TempFile ini(kIni);
  CommandLine out;
  Status status = Parse({"--extra-opts=asks-help@" + ini.path()}, &out);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(Contains(status.message(), "help")) << status.message();
}

// An ini key is a long option name (docs/plugin-contract.md, "Standard options"): a short name such as "-p" is
// refused as unknown, not stored where nothing reads it (the check would run on port 443 without a word).
TEST(OptionsTest, ExtraOptsRefusesAShortNameAsAKey) {
  for (const std::string key : {"-p", "-h", "-V", "H"}) {
    TempFile ini("[s]\nhostname=dmk.test\n" + key + "=0\n");
    CommandLine out;
    Status status = Parse({"--extra-opts=s@" + ini.path()}, &out);
    ASSERT_FALSE(status.ok()) << key;
    EXPECT_EQ(status.message().rfind(
                  "--extra-opts: section [s] of '" + ini.path() + "': unrecognised option '" + key + "'", 0),
              0u)
        << status.message();
  }
}

TEST(OptionsTest, ExtraOptsMayNotGiveExtraOptsOrAskForTheVersion) {
  for (const std::string key : {"version", "extra-opts"}) {
    TempFile ini("[s]\nhostname=dmk.test\n" + key + "\n");
    CommandLine out;
    Status status = Parse({"--extra-opts=s@" + ini.path()}, &out);
    EXPECT_EQ(status.message(), "--extra-opts: '" + key + "' is not allowed in an ini file ('" + ini.path() + "')");
  }
}

bool SystemIniExists() {
  return ::access("/etc/monitoring-plugins/monitoring-plugins.ini", F_OK) == 0 ||
         ::access("/etc/monitoring-plugins.ini", F_OK) == 0;
}

// docs/plugin-contract.md, "Standard options": the default file is the first found of the two /etc files or
// $MP_CONFIG_FILE.
TEST(OptionsTest, ExtraOptsWithoutFileUsesMpConfigFile) {
  if (SystemIniExists()) GTEST_SKIP() << "a system-wide monitoring-plugins.ini exists and takes precedence";
  TempFile ini(kIni);
  EnvLookup env = Env({{"MP_CONFIG_FILE", ini.path()}});
  CommandLine out;
  Status status = Parse({"--extra-opts"}, &out, env);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(out.config.hostname, "dmk.test");
  status = Parse({"--extra-opts=berlin"}, &out, env);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(out.config.hostname, "berlin.dmk.test");
}

TEST(OptionsTest, ExtraOptsWithoutAnyFileIsAnError) {
  if (SystemIniExists()) GTEST_SKIP() << "a system-wide monitoring-plugins.ini exists";
  CommandLine out;
  Status status = Parse({"--extra-opts="}, &out);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(Contains(status.message(), "MP_CONFIG_FILE")) << status.message();
}

// The state of a certificate that names the host only in its Common Name.
TEST(OptionsTest, ReadsTheCnOnlyState) {
  EXPECT_EQ(MustParse({}).cn_only_state, State::kWarning);
  EXPECT_EQ(MustParse({"--cn-only-state", "ok"}).cn_only_state, State::kOk);
  EXPECT_EQ(MustParse({"--cn-only-state", "CRITICAL"}).cn_only_state, State::kCritical);
  EXPECT_EQ(MustParse({"--cn-only-state", "3"}).cn_only_state, State::kUnknown);
  EXPECT_TRUE(Contains(MustFail({"--cn-only-state", "loud"}), "--cn-only-state 'loud' must be ok, warning"));
  const std::string message = MustFail({"--no-tls", "--cn-only-state", "ok"});
  EXPECT_TRUE(Contains(message, "--cn-only-state") && Contains(message, "--no-tls")) << message;
}

}  // namespace
}  // namespace dmk
