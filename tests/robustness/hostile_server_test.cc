// The real check_dmk_community binary against hostile and broken DMK servers beyond the basic failure
// catalogue of tests/integration/plugin_sim_test.cc: malformed framing, bogus chunking, compression
// nobody asked for, endless interim answers, a 10 MiB status line, TLS-level slowloris and garbage,
// hostile redirects and certificates, servers that echo the credentials back, and bad local input
// (secrets on the command line, unsafe credentials files).
//
// Every run must keep the plugin contract (docs/plugin-contract.md, "Exit codes and output"): the right exit
// code and one status line naming the cause; nothing on stderr (Icinga2 merges it into the output); no
// control byte, no invalid UTF-8 and no '|' taken from the network (Icinga2 reads perfdata after any
// '|'); perfdata that parses; the end within --timeout + 0.2 s; peak RSS under 32 MiB; and output
// bounded (NRPE v3 passes at most 64 KiB). Runs inside tests/run_in_netns.sh.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "tests/integration/harness.h"
#include "tests/support/output_checks.h"

namespace dmk::testing {
namespace {

constexpr const char* kPort = "18443";
constexpr double kSlack = 0.2;                  // the issue's bound: timeout + 0.2 s
constexpr size_t kNrpeOutputLimit = 64 * 1024;  // NRPE v3 packets (docs/plugin-contract.md, "NRPE")
constexpr size_t kQuietOutputLimit = 8 * 1024;  // without -v: a status line and one line per layer

// What every run must satisfy, whatever the server did. `tls`: the perfdata has the TLS labels.
void ExpectCleanRun(const ProcessResult& result, int exit_code, bool tls, int timeout_s, bool verbose) {
  static const char* kStates[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
  ASSERT_TRUE(exit_code >= 0 && exit_code <= 3);
  EXPECT_EQ(result.exit_code, exit_code) << result.out;
  EXPECT_EQ(result.FirstLine().rfind(std::string("DMK COMMUNITY ") + kStates[exit_code] + " - Oak Park: ", 0), 0u)
      << result.out;
  EXPECT_EQ(result.err, "") << "Icinga2 merges stderr into the check output";
  EXPECT_FALSE(result.out.empty());
  EXPECT_EQ(result.out.back(), '\n');
  EXPECT_TRUE(test_support::NoControlBytes(result.out, true)) << "a control byte in the output:\n" << result.out;
  EXPECT_TRUE(test_support::CleanUtf8(result.out)) << "invalid UTF-8 or a C1 control in the output:\n" << result.out;
  EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '|'), 1)
      << "a '|' in text would start perfdata in Icinga2:\n"
      << result.out;
  std::vector<std::string> expected = {"dns", "connect", "tls", "ttfb", "time", "size", "cert_days"};
  if (!tls) expected = {"dns", "connect", "ttfb", "time", "size"};
  EXPECT_EQ(PerfdataLabels(result.Perfdata()), expected) << result.Perfdata();
  EXPECT_LT(result.seconds, timeout_s + kSlack) << "the plugin must end within its timeout + 0.2 s";
  if (!SanitizerBuild()) {
    EXPECT_LT(result.max_rss_kib, kPeakRssLimitKib) << "peak RSS";
  }
  EXPECT_LT(result.out.size(), verbose ? kNrpeOutputLimit : kQuietOutputLimit) << "output size";
}

// The perfdata value of `label` in bytes or seconds (the unit stripped); -1 when absent or 'U'.
double PerfValue(const std::string& perfdata, const std::string& label) {
  const std::string key = label + "=";
  size_t at = perfdata.find(key);
  if (at == std::string::npos || (at > 0 && perfdata[at - 1] != ' ')) return -1;
  const std::string value = perfdata.substr(at + key.size(), perfdata.find(';', at) - at - key.size());
  if (value == "U" || value.empty()) return -1;
  return std::strtod(value.c_str(), nullptr);
}

struct Case {
  const char* name;
  std::string listener;           // simulator listener on kPort
  std::vector<std::string> args;  // beyond -H dmk.test -p kPort --community "Oak Park" --ca-file CA -t TIMEOUT
  int exit_code;
  std::vector<std::string> words;  // each must appear in the status line
  int timeout_s = 3;
};

std::ostream& operator<<(std::ostream& out, const Case& c) { return out << c.name; }

class HostileServer : public ::testing::TestWithParam<Case> {};

TEST_P(HostileServer, EndsBoundedTruthfulAndClean) {
  const Case& c = GetParam();
  Simulator sim({std::string(kPort) + ":" + c.listener});
  ASSERT_TRUE(sim.ready()) << "simulator did not start";
  const bool tls = std::find(c.args.begin(), c.args.end(), "--no-tls") == c.args.end();
  std::vector<std::string> args = {"-H",          "dmk.test", "-p", kPort,
                                   "--community", "Oak Park", "-t", std::to_string(c.timeout_s)};
  if (tls) args.insert(args.end(), {"--ca-file", sim.CaFile()});
  args.insert(args.end(), c.args.begin(), c.args.end());
  const bool verbose =
      std::any_of(c.args.begin(), c.args.end(), [](const std::string& a) { return a.rfind("-v", 0) == 0; });
  ProcessResult result = RunPlugin(args);
  ExpectCleanRun(result, c.exit_code, tls, c.timeout_s, verbose);
  for (const std::string& word : c.words) EXPECT_TRUE(Has(result.StatusText(), word)) << word << "\n" << result.out;
  // The time a timeout reports is measured: a bound, never its digits.
  if (Has(result.StatusText(), "timed out after ")) {
    const double after = test_support::TimedOutAfterSeconds(result.StatusText());
    EXPECT_GT(after, 0) << result.out;
    EXPECT_LE(after, c.timeout_s + kSlack) << result.out;
  }
}

const std::vector<std::string> kVvv = {"-vvv"};

INSTANTIATE_TEST_SUITE_P(
    Framing, HostileServer,
    ::testing::Values(Case{"NegativeContentLength", "bad_length", {}, 2, {"not valid HTTP", "Content-Length"}},
                      Case{"ConflictingContentLengths", "two_lengths", {}, 2, {"broke off after 10 B"}},
                      Case{"HeaderLineWithoutColon", "no_colon", {}, 2, {"not valid HTTP", "without colon"}},
                      Case{"ChunkSizeThatIsNoNumber", "bad_chunk", {}, 2, {"not valid HTTP", "chunked"}},
                      Case{"ChunkSizeBeyond64Bits", "huge_chunk", {}, 2, {"not valid HTTP", "chunked"}},
                      Case{"EndlessChunks", "endless_chunks", {}, 2, {"response too large", "--max-body"}},
                      Case{"EndlessInterimAnswersAtFullSpeed", "endless_1xx", {}, 2, {"response headers too large"}},
                      Case{"EndlessInterimAnswersSlowly",
                           "endless_1xx=100",
                           {},
                           2,
                           {"response headers stalled", "timed out after"},
                           2},
                      Case{"TenMebibyteStatusLine", "huge_status=10485760", {}, 2, {"response headers too large"}},
                      Case{"StatusCodeOutsideTheRfc",
                           "status_line=HTTP/1.1 999 Weird",
                           {},
                           2,
                           {"outside HTTP's range HTTP 999 Weird"}},
                      Case{"StatusCodeZero", "status_line=HTTP/1.1 000 Zero", {}, 2, {"not valid HTTP"}},
                      Case{"StatusCodeOfFourDigits", "status_line=HTTP/1.1 2000 Big", {}, 2, {"not valid HTTP"}},
                      Case{"NoHttpVersion", "status_line=ICY 200 OK", {}, 2, {"not valid HTTP"}},
                      Case{"StatusLineWithoutReason", "status_line=HTTP/1.1 200", {}, 0, {"HTTP 200 in"}},
                      Case{"MegabyteOfHeadersVerbose", "huge_headers=1048576", kVvv, 2, {"response headers too large"}},
                      Case{"HostileStatusLineVerbose", "hostile", kVvv, 2, {"server error HTTP 500 Bad/Gateway"}},
                      Case{"Hostile401Verbose", "hostile401", kVvv, 2, {"requires authentication"}},
                      Case{"GarbageAfterTheHandshakeVerbose", "garbage", kVvv, 2, {"not valid HTTP"}},
                      Case{"DripHeadersVerbose",
                           "drip_headers",
                           {"-vvv"},
                           2,
                           {"stalled before its status line", "timed out after "},
                           2},
                      Case{"DripBodyVerbose", "drip_body", {"-vvv"}, 2, {"response body stalled", "received"}, 2}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return std::string(param_info.param.name); });

INSTANTIATE_TEST_SUITE_P(Compression, HostileServer,
                         ::testing::Values(
                             // We never ask for compression (no Accept-Encoding), so the body is never inflated: 100
                             // MiB of zeros stay 650 KiB of opaque bytes, measured and matched as they came.
                             Case{"GzipBombIsNotInflated", "gzip_bomb=104857600", {}, 0, {"HTTP 200"}},
                             Case{"GzipBombDoesNotMatchTheBodyCheck",
                                  "gzip_bomb=104857600",
                                  {"--expect-body", "status"},
                                  2,
                                  {"response body does not match"}},
                             Case{"GzipBombVerbose", "gzip_bomb=104857600", kVvv, 0, {"HTTP 200"}},
                             // --expect-body keeps at most the first 1 MiB for the match, whatever --max-body allows
                             // (the peak RSS bound of every case holds for 100 MiB of body).
                             Case{"HugeBodyIsMatchedWithinItsFirstMiB",
                                  "big_body=104857600",
                                  {"--max-body", "1073741824", "--expect-body", "^x+$"},
                                  0,
                                  {"HTTP 200 OK"}}),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           return std::string(param_info.param.name);
                         });

INSTANTIATE_TEST_SUITE_P(
    Tls, HostileServer,
    ::testing::Values(
        Case{"SlowlorisHandshakeOneBytePerSecond", "slow_tls", {}, 2, {"TLS handshake timed out after "}, 2},
        Case{"FatalAlertWithAnUndefinedCode",
             "tls_alert",
             {},
             2,
             {"the server ended the TLS handshake with alert 200, which no TLS version defines"}},
        Case{"RandomBytesForAClientHello", "tls_garbage", {}, 2, {"does not speak TLS"}},
        Case{"PlainServerAnswering400OnTheTlsPort", "plain_400:plain", {}, 2, {"does not speak TLS", "--no-tls"}},
        Case{"CertificateWithHostileNames", "hostile_cert", {"-v"}, 2, {"certificate is for", "not dmk.test"}},
        Case{"CertificateWithHostileNamesInsecure",
             "hostile_cert",
             {"--insecure", "-vvv"},
             0,
             {"HTTP 200", "NOT verified"}}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return std::string(param_info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Redirects, HostileServer,
    ::testing::Values(
        Case{"HostileLocationNotFollowed", "hostile_location", kVvv, 2, {"unexpected HTTP 302", "redirect to /next/"}},
        Case{"HostileLocationWithFollow", "hostile_location", {"--follow", "-vvv"}, 2, {"not followed"}},
        Case{"RedirectWithoutLocation", "no_location", {"--follow"}, 2, {"unexpected HTTP 302"}},
        Case{"RedirectLoopVerbose", "redirect_loop", {"--follow", "-vvv"}, 2, {"more than 5 redirects"}},
        Case{"RedirectToAnotherHostVerbose", "redirect_other", {"--follow", "-vvv"}, 2, {"another host"}},
        Case{"RedirectToPlainHttpVerbose", "redirect_http", {"--follow", "-vvv"}, 2, {"downgrades https"}}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return std::string(param_info.param.name); });

TEST(HostileServerBodies, GzipBombIsMeasuredCompressed) {
  Simulator sim({std::string(kPort) + ":gzip_bomb=104857600"});
  ASSERT_TRUE(sim.ready());
  ProcessResult result =
      RunPlugin({"-H", "dmk.test", "-p", kPort, "--ca-file", sim.CaFile(), "--community", "Oak Park"});
  EXPECT_EQ(result.exit_code, 0) << result.out;
  const double size = PerfValue(result.Perfdata(), "size");
  EXPECT_GT(size, 100000) << result.Perfdata();
  EXPECT_LT(size, 1024 * 1024) << "the body must be counted as sent, never inflated\n" << result.Perfdata();
}

// A server that accepts and resets at once races libcurl's connect: the reset may arrive before or after
// libcurl sees the connection up. Either way it is the same server behaviour and must read the same
// (it once came out as "TCP connect failed: Couldn't connect to server" one run in three).
TEST(HostileServerReset, ResetAtOnceIsNamedResetEveryTime) {
  Simulator sim({std::string(kPort) + ":reset"});
  ASSERT_TRUE(sim.ready());
  for (int i = 0; i < 12; ++i) {
    ProcessResult result =
        RunPlugin({"-H", "dmk.test", "-p", kPort, "--ca-file", sim.CaFile(), "--community", "Oak Park", "-t", "3"});
    ExpectCleanRun(result, 2, true, 3, false);
    EXPECT_TRUE(Has(result.StatusText(), "was reset by the server before the TLS handshake")) << result.out;
  }
}

// --- Secrets a server echoes back -----------------------------------------------------------------

// Every piece of `secret` of `window` bytes, raw and as SanitizeLine would turn it ('|' to '/',
// whitespace runs to one space), so a leak of part of a secret is found too.
std::vector<std::string> SecretPieces(const std::string& secret, size_t window) {
  std::string sanitised;
  for (char c : secret) {
    if (c == '|') c = '/';
    if (c == ' ' && !sanitised.empty() && sanitised.back() == ' ') continue;
    sanitised.push_back(c);
  }
  std::vector<std::string> pieces;
  for (const std::string& form : {secret, sanitised}) {
    for (size_t i = 0; i + window <= form.size(); ++i) pieces.push_back(form.substr(i, window));
  }
  return pieces;
}

void ExpectNoPieceOf(const std::string& secret, const std::string& output) {
  for (const std::string& piece : SecretPieces(secret, 6)) {
    EXPECT_FALSE(Has(output, piece)) << "'" << piece << "' of the secret leaked:\n" << output;
  }
}

struct EchoCase {
  const char* name;
  std::string auth;         // basic or bearer
  std::string credentials;  // what the environment variable holds
  std::string secret;       // the part that must never be printed
};

std::ostream& operator<<(std::ostream& out, const EchoCase& c) { return out << c.name; }

class EchoedSecret : public ::testing::TestWithParam<EchoCase> {};

// The simulator echoes the secret in the reason phrase, a header, WWW-Authenticate and the body, each
// time placed to straddle the length at which the plugin cuts that text, and the password holds '|'
// and a double space, which sanitising would change: redaction must happen before either.
TEST_P(EchoedSecret, NeverAppearsWholeOrInPartEvenAtVerbosity3) {
  const EchoCase& c = GetParam();
  Simulator sim({std::string(kPort) + ":echo_secret"});
  ASSERT_TRUE(sim.ready());
  ProcessResult result = RunPlugin({"-H", "dmk.test", "-p", kPort, "--ca-file", sim.CaFile(), "--community", "Oak Park",
                                    "-t", "3", "--auth", c.auth, "--credentials-env", "DMK_ECHO_SECRET", "-vvv"},
                                   {"DMK_ECHO_SECRET=" + c.credentials});
  ExpectCleanRun(result, 2, true, 3, true);
  EXPECT_TRUE(Has(result.StatusText(), "server error HTTP 500")) << result.out;
  EXPECT_TRUE(Has(result.out, "[redacted]")) << result.out;
  ExpectNoPieceOf(c.secret, result.out);
}

INSTANTIATE_TEST_SUITE_P(
    Credentials, EchoedSecret,
    ::testing::Values(EchoCase{"BasicPasswordWithPipesAndSpaces", "basic", "alice:Zq9|Xw  Vk7|Jp3Lm",
                               "Zq9|Xw  Vk7|Jp3Lm"},
                      EchoCase{"BearerToken", "bearer", "tok-Q7mZ4xR9vK2pL8wN5cJ3", "tok-Q7mZ4xR9vK2pL8wN5cJ3"}),
    [](const ::testing::TestParamInfo<EchoCase>& param_info) { return std::string(param_info.param.name); });

// An Authorization header may come from an --extra-opts file (never from argv): its value is a secret
// as much as --auth's, even though the plugin does not build it.
TEST(EchoedSecretFromIniHeader, NeverAppearsWholeOrInPart) {
  Simulator sim({std::string(kPort) + ":echo_secret"});
  ASSERT_TRUE(sim.ready());
  const std::string token = "ini-Hd8Kq2Wm5Zr7Tx4Bv9Pn";
  std::string ini =
      WriteTempFile("dmk.ini",
                    "[dmk]\nhostname = dmk.test\nport = 18443\ncommunity = Oak Park\nca-file = " + sim.CaFile() +
                        "\ntimeout = 3\nheader = Authorization: Bearer " + token + "\nverbose\nverbose\nverbose\n",
                    0600);
  ProcessResult result = RunPlugin({"--extra-opts=dmk@" + ini});
  ExpectCleanRun(result, 2, true, 3, true);
  ExpectNoPieceOf(token, result.out);
}

// --- Bad local input: secrets on the command line, unsafe credentials files --------------------------

struct ArgvCase {
  const char* name;
  std::vector<std::string> args;
  std::string secret;  // must not be repeated in the refusal
  std::string advice;  // the refusal says how to pass it instead
};

std::ostream& operator<<(std::ostream& out, const ArgvCase& c) { return out << c.name; }

class SecretOnCommandLine : public ::testing::TestWithParam<ArgvCase> {};

// argv is visible to every local user (ps, /proc/PID/cmdline) and Icinga2 records the command line in
// every check result: the plugin refuses the secret, says how to pass it, and does not repeat it.
TEST_P(SecretOnCommandLine, IsRefusedWithAdviceAndNotRepeated) {
  const ArgvCase& c = GetParam();
  std::vector<std::string> args = {"-H", "dmk.test"};
  args.insert(args.end(), c.args.begin(), c.args.end());
  ProcessResult result = RunPlugin(args);
  EXPECT_EQ(result.exit_code, 3) << result.out;
  EXPECT_EQ(result.FirstLine().rfind("DMK COMMUNITY UNKNOWN - ", 0), 0u) << result.out;
  EXPECT_TRUE(Has(result.out, "refused on the command line")) << result.out;
  EXPECT_TRUE(Has(result.out, c.advice)) << result.out;
  EXPECT_FALSE(Has(result.out, c.secret)) << result.out;
  EXPECT_EQ(result.err, "");
  EXPECT_LT(result.seconds, 1.0);
}

INSTANTIATE_TEST_SUITE_P(
    Argv, SecretOnCommandLine,
    ::testing::Values(
        ArgvCase{"AuthorizationHeader", {"--header", "Authorization: Bearer Tk9xQ2"}, "Tk9xQ2", "--credentials-file"},
        ArgvCase{"AuthorizationHeaderInOneArgument",
                 {"--header=authorization:Basic YWxpY2U6cHc="},
                 "YWxpY2U6cHc=",
                 "--extra-opts"},
        ArgvCase{"ProxyAuthorizationWithSpaces",
                 {"--header", "  Proxy-Authorization :  Basic cHJveHk6cHc="},
                 "cHJveHk6cHc=",
                 "--extra-opts"},
        ArgvCase{"CookieHeader", {"--header", "Cookie: session=Zk3Pq8"}, "Zk3Pq8", "--credentials-env"},
        ArgvCase{
            "ProxyWithUserAndPassword", {"--proxy", "http://bob:Pw7Yq3@proxy.test:3128"}, "Pw7Yq3", "--extra-opts"}),
    [](const ::testing::TestParamInfo<ArgvCase>& param_info) { return std::string(param_info.param.name); });

struct FileCase {
  const char* name;
  unsigned mode;      // for a regular file
  std::string kind;   // "file", "dir", "fifo", "device"
  std::string words;  // in the refusal
};

std::ostream& operator<<(std::ostream& out, const FileCase& c) { return out << c.name; }

// The path a FileCase names: a regular file holding a secret with its mode, a directory, a FIFO with no
// writer, or a character device.
std::string PathOfKind(const FileCase& c) {
  if (c.kind == "file") return WriteTempFile("secret", "alice:Fq8Zr4Lm\n", c.mode);
  if (c.kind == "dir") {
    std::string path = WriteTempFile("dummy", "", 0600);
    return path.substr(0, path.rfind('/'));
  }
  if (c.kind == "fifo") {
    std::string path = WriteTempFile("dummy", "", 0600) + ".fifo";
    EXPECT_EQ(mkfifo(path.c_str(), 0600), 0);
    return path;
  }
  return "/dev/zero";
}

constexpr const char* kTooOpen = "readable or writable by group or others";

// Names that are not a regular file: refused for the credentials file and the ini file alike.
const std::vector<FileCase> kNotRegularFiles = {FileCase{"Directory", 0, "dir", "not a regular file"},
                                                FileCase{"FifoWithoutWriter", 0, "fifo", "not a regular file"},
                                                FileCase{"CharacterDevice", 0, "device", "not a regular file"}};

std::vector<FileCase> AndNotRegularFiles(std::vector<FileCase> cases) {
  cases.insert(cases.end(), kNotRegularFiles.begin(), kNotRegularFiles.end());
  return cases;
}

class UnsafeCredentialsFile : public ::testing::TestWithParam<FileCase> {};

// Like ssh with a private key: a credentials file others may read or write, or that is not a regular
// file, is refused before anything is sent (a FIFO must not hang the check), and its content is never
// printed.
TEST_P(UnsafeCredentialsFile, IsRefusedAtOnceWithoutPrintingIt) {
  const FileCase& c = GetParam();
  std::string path = PathOfKind(c);
  ProcessResult result = RunPlugin({"-H", "dmk.test", "--auth", "basic", "--credentials-file", path});
  EXPECT_EQ(result.exit_code, 3) << result.out;
  EXPECT_TRUE(Has(result.FirstLine(), c.words)) << result.out;
  EXPECT_FALSE(Has(result.out, "Fq8Zr4Lm")) << result.out;
  EXPECT_EQ(result.err, "");
  EXPECT_LT(result.seconds, 1.0) << "a FIFO or device must not block the check";
}

INSTANTIATE_TEST_SUITE_P(Files, UnsafeCredentialsFile,
                         ::testing::ValuesIn(AndNotRegularFiles({FileCase{"GroupReadable", 0640, "file", kTooOpen},
                                                                 FileCase{"GroupWritable", 0620, "file", kTooOpen},
                                                                 FileCase{"OthersReadable", 0604, "file", kTooOpen}})),
                         [](const ::testing::TestParamInfo<FileCase>& param_info) {
                           return std::string(param_info.param.name);
                         });

class UnreadableIniFile : public ::testing::TestWithParam<FileCase> {};

// The --extra-opts file is read on every check (the NRPE set-up): one that is not a regular file is refused
// with UNKNOWN at once; a FIFO must not hold the check until its timeout.
TEST_P(UnreadableIniFile, IsRefusedAtOnce) {
  const FileCase& c = GetParam();
  std::string path = PathOfKind(c);
  ProcessResult result = RunPlugin({"--extra-opts=dmk@" + path});
  EXPECT_EQ(result.exit_code, 3) << result.out;
  EXPECT_TRUE(Has(result.FirstLine(), "--extra-opts")) << result.out;
  EXPECT_TRUE(Has(result.FirstLine(), c.words)) << result.out;
  EXPECT_EQ(result.err, "");
  EXPECT_LT(result.seconds, 1.0) << "a FIFO or device must not block the check";
}

INSTANTIATE_TEST_SUITE_P(Files, UnreadableIniFile, ::testing::ValuesIn(kNotRegularFiles),
                         [](const ::testing::TestParamInfo<FileCase>& param_info) {
                           return std::string(param_info.param.name);
                         });

// --- Bad input found by fuzzing (tests/fuzz/), kept as regressions ------------------------------------

struct BadInputCase {
  const char* name;
  std::vector<std::string> args;  // "{ini}" becomes the path of a file holding `ini`
  std::string ini;
  std::string words;  // in the UNKNOWN line
};

std::ostream& operator<<(std::ostream& out, const BadInputCase& c) { return out << c.name; }

class BadInput : public ::testing::TestWithParam<BadInputCase> {};

// Bad input is the user's mistake: one UNKNOWN line naming it, at once, never a hang or an "internal
// error" from an exception that escaped the option parser.
TEST_P(BadInput, IsOneUnknownLineNamingItAtOnce) {
  const BadInputCase& c = GetParam();
  const std::string ini = c.ini.empty() ? "" : WriteTempFile("dmk.ini", c.ini, 0600);
  std::vector<std::string> args;
  for (std::string arg : c.args) {
    if (size_t at = arg.find("{ini}"); at != std::string::npos) arg.replace(at, 5, ini);
    args.push_back(arg);
  }
  ProcessResult result = RunProcess(PluginPath(), args, {}, 5);
  EXPECT_EQ(result.exit_code, 3) << result.out;
  EXPECT_EQ(result.FirstLine().rfind("DMK COMMUNITY UNKNOWN - ", 0), 0u) << result.out;
  EXPECT_TRUE(Has(result.FirstLine(), c.words)) << result.out;
  EXPECT_FALSE(Has(result.out, "internal error")) << result.out;
  EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 1) << result.out;
  EXPECT_EQ(result.err, "");
  EXPECT_LT(result.seconds, 1.0) << "the option parser must not hang";
}

INSTANTIATE_TEST_SUITE_P(
    FuzzRegressions, BadInput,
    ::testing::Values(
        // parse_options_fuzzer: Boost.ProgramOptions substituted %canonical_option% into its own error
        // message forever (the plugin hung, its memory growing until killed).
        BadInputCase{"OptionNameHoldingABoostPlaceholder",
                     {"-d%canonical_option%"},
                     "",
                     "which the option parser cannot handle"},
        BadInputCase{"LongOptionHoldingABoostPlaceholder",
                     {"--x%canonical_option%", "-H", "dmk.test"},
                     "",
                     "which the option parser cannot handle"},
        BadInputCase{"IniValueHoldingABoostPlaceholder",
                     {"--extra-opts=dmk@{ini}"},
                     "[dmk]\nhostname = dmk.test\ninsecure = %value%\n",
                     "which the option parser cannot handle"},
        // parse_options_fuzzer: an ini line "= value" made Boost throw ambiguous_option, which escaped
        // ParseOptions (the plugin said "internal error").
        BadInputCase{"IniLineWithoutKey",
                     {"--extra-opts=dmk@{ini}"},
                     "[dmk]\nhostname = dmk.test\n= x\n",
                     "unrecognised option ''"},
        // parse_options_fuzzer: a DEL byte passed as a header value (RFC 9110 section 5.5 allows none).
        BadInputCase{"HeaderValueWithDel", {"-H", "dmk.test", "--header", "X-Test: a\x7f"}, "", "--header"},
        // json_assert_fuzzer: a stack of 48 '*' and 6 '+' kept glibc's regcomp busy for seconds.
        BadInputCase{"JsonRegexWithStackedRepetitions",
                     {"-H", "dmk.test", "--expect-json", "/a=~ad" + std::string(48, '*') + std::string(6, '+')},
                     "",
                     "--expect-json '/a=~ad***"},
        BadInputCase{"RejectBodyWithStackedRepetitions",
                     {"-H", "dmk.test", "--reject-body", "x+*"},
                     "",
                     "--reject-body 'x+*': a repetition ('*', '+', '?', {n,m}) is applied to another repetition"},
        BadInputCase{"ExpectBodyWithABackReference",
                     {"-H", "dmk.test", "--expect-body", "(a*)*b\\1"},
                     "",
                     "--expect-body '(a*)*b\\1': back-references"},
        BadInputCase{"ExpectHeaderWithNestedRepeatedGroups",
                     {"-H", "dmk.test", "--expect-header", "Server: ((a+)*b)+"},
                     "",
                     "nests repeated groups more than 2 deep"}),
    [](const ::testing::TestParamInfo<BadInputCase>& param_info) { return std::string(param_info.param.name); });

// A regular expression within the bounds can still make glibc's regexec take minutes: "(x|xx)*y" is
// quadratic in a body of 'x's (26 s over 64 KiB on the test machine). The plugin still ends within -t, with
// UNKNOWN naming the option, and never says the body matched or did not.
TEST(CostlyRegularExpression, EndsWithinTheTimeLimitNamingTheOption) {
  Simulator sim({std::string(kPort) + ":big_body=262144"});
  ASSERT_TRUE(sim.ready());
  for (const std::vector<std::string>& check :
       {std::vector<std::string>{"--expect-body", "(x|xx)*y"}, std::vector<std::string>{"--reject-body", "(x|xx)*y"}}) {
    std::vector<std::string> args = {"-H",         "dmk.test",    "-p",       kPort, "--ca-file",
                                     sim.CaFile(), "--community", "Oak Park", "-t",  "3"};
    args.insert(args.end(), check.begin(), check.end());
    ProcessResult result = RunPlugin(args);
    EXPECT_EQ(result.exit_code, 3) << result.out;
    EXPECT_EQ(result.FirstLine().rfind("DMK COMMUNITY UNKNOWN - the checks of the answer (" + check[0] +
                                           ") did not finish within the time limit (-t 3) over a 262144 B body",
                                       0),
              0u)
        << result.out;
    EXPECT_FALSE(Has(result.out, "does not match")) << result.out;
    EXPECT_EQ(result.err, "");
    EXPECT_LT(result.seconds, 3 + kSlack) << "the plugin must end within its timeout + 0.2 s";
  }
}

}  // namespace
}  // namespace dmk::testing
