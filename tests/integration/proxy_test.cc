// The proxy policy on the real binary: a proxy in the environment (as many hosts have) must not
// change what is tested unless --proxy-from-env asks for it, a failure through a proxy is the proxy's, and
// --noproxy bypasses it. Runs inside tests/run_in_netns.sh (loopback only; dmk.test maps to 127.0.0.1 and
// ::1): port 9 (discard) has nothing listening there, so a proxy at 127.0.0.1:9 refuses every connection.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/integration/harness.h"

namespace dmk::testing {
namespace {

constexpr const char* kPort = "18443";
constexpr const char* kPlainPort = "18450";
constexpr const char* kSilentPort = "18451";
constexpr const char* kDeadProxy = "http://127.0.0.1:9";

// What libcurl reads for an https:// URL (and, for http://, the lower-case http_proxy only), plus the
// names it never reads for https, which must not matter either.
const std::vector<std::string> kHttpsProxyVariables = {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"};

std::vector<std::string> Target(const Simulator& sim) {
  return {"-H", "dmk.test", "-p", kPort, "--ca-file", sim.CaFile(), "--community", "Oak Park"};
}

// A real HTTP proxy from Debian (tinyproxy) on 127.0.0.1:`port`, allowed to tunnel to kPort.
std::unique_ptr<BackgroundProcess> StartTinyproxy(int port) {
  std::string config =
      WriteTempFile("tinyproxy.conf",
                    "Port " + std::to_string(port) + "\nListen 127.0.0.1\nAllow 127.0.0.1\nConnectPort " + kPort +
                        "\nMaxClients 4\nTimeout 10\nLogLevel Critical\n",
                    0644);
  auto process =
      std::make_unique<BackgroundProcess>("/usr/bin/tinyproxy", std::vector<std::string>{"-d", "-c", config});
  if (!process->WaitForPort(port)) return nullptr;
  return process;
}

TEST(ProxyPolicy, EnvironmentProxiesAreIgnoredWithoutProxyFromEnv) {
  Simulator sim({std::string(kPort) + ":ok"});
  ASSERT_TRUE(sim.ready());
  for (const std::string& name : kHttpsProxyVariables) {
    ProcessResult result = RunPlugin(Target(sim), {name + "=" + kDeadProxy});
    EXPECT_EQ(result.exit_code, 0) << name << ":\n" << result.out;
    EXPECT_TRUE(Has(result.out, "proxy: none; " + name + " in the environment is ignored (--proxy-from-env uses it)"))
        << name << ":\n"
        << result.out;
    EXPECT_EQ(result.err, "");
  }
  // All of them at once, with the exceptions list too.
  std::vector<std::string> env;
  for (const char* name : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    env.push_back(std::string(name) + "=" + kDeadProxy);
  }
  env.insert(env.end(), {"no_proxy=other.test", "NO_PROXY=other.test"});
  ProcessResult result = RunPlugin(Target(sim), env);
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_TRUE(Has(result.out, "[OK] TCP: connected to ")) << result.out;
  EXPECT_FALSE(Has(result.out, "through proxy")) << result.out;
}

TEST(ProxyPolicy, PlainHttpIgnoresHttpProxyWithoutProxyFromEnv) {
  Simulator sim({std::string(kPlainPort) + ":ok:plain"});
  ASSERT_TRUE(sim.ready());
  ProcessResult result = RunPlugin({"-H", "dmk.test", "-p", kPlainPort, "--no-tls"},
                                   {std::string("http_proxy=") + kDeadProxy, std::string("all_proxy=") + kDeadProxy});
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_TRUE(Has(result.out, "proxy: none; http_proxy in the environment is ignored")) << result.out;
}

TEST(ProxyPolicy, ProxyFromEnvUsesTheEnvironmentAndBlamesTheProxy) {
  Simulator sim({std::string(kPort) + ":ok"});
  ASSERT_TRUE(sim.ready());
  for (const std::string& name : kHttpsProxyVariables) {
    std::vector<std::string> args = Target(sim);
    args.push_back("--proxy-from-env");
    ProcessResult result = RunPlugin(args, {name + "=" + kDeadProxy});
    EXPECT_EQ(result.exit_code, 2) << name << ":\n" << result.out;
    EXPECT_TRUE(Has(result.StatusText(), "could not connect through proxy http://127.0.0.1:9")) << name << ":\n"
                                                                                                << result.out;
    EXPECT_FALSE(Has(result.out, "TCP connect to")) << "the server's port is not to blame:\n" << result.out;
    EXPECT_TRUE(Has(result.out, "proxy: http://127.0.0.1:9 (from " + name + ", --proxy-from-env)")) << result.out;
  }
}

TEST(ProxyPolicy, ProxyFromEnvGoesThroughARealProxy) {
  Simulator sim({std::string(kPort) + ":ok"});
  ASSERT_TRUE(sim.ready());
  std::unique_ptr<BackgroundProcess> proxy = StartTinyproxy(18890);
  ASSERT_NE(proxy, nullptr) << "tinyproxy did not start";
  std::vector<std::string> args = Target(sim);
  args.push_back("--proxy-from-env");
  ProcessResult result = RunPlugin(args, {"https_proxy=127.0.0.1:18890", "no_proxy=other.test"});
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_TRUE(Has(result.out, "through proxy http://127.0.0.1:18890")) << result.out;
  EXPECT_TRUE(Has(result.out, "proxy: http://127.0.0.1:18890 (from https_proxy, --proxy-from-env)")) << result.out;
}

TEST(ProxyPolicy, NoProxyListsBypassTheProxy) {
  Simulator sim({std::string(kPort) + ":ok"});
  ASSERT_TRUE(sim.ready());
  std::vector<std::string> from_env = Target(sim);
  from_env.push_back("--proxy-from-env");
  ProcessResult result = RunPlugin(from_env, {std::string("https_proxy=") + kDeadProxy, "NO_PROXY=localhost,.test"});
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_TRUE(Has(result.out, "proxy: none, dmk.test matches '.test' of NO_PROXY")) << result.out;

  std::vector<std::string> option = Target(sim);
  option.insert(option.end(), {"--proxy", kDeadProxy, "--noproxy", "dmk.test"});
  result = RunPlugin(option, {"no_proxy="});
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_TRUE(Has(result.out, "proxy: none, dmk.test matches 'dmk.test' of --noproxy")) << result.out;

  // The environment's no_proxy never bypasses --proxy: libcurl would read it unless told not to.
  std::vector<std::string> no_bypass = Target(sim);
  no_bypass.insert(no_bypass.end(), {"--proxy", kDeadProxy});
  result = RunPlugin(no_bypass, {"no_proxy=*", "NO_PROXY=*"});
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_TRUE(Has(result.StatusText(), "could not connect through proxy http://127.0.0.1:9")) << result.out;
}

TEST(ProxyPolicy, AProxyThatNeverAnswersIsBlamedForTheTimeout) {
  Simulator sim({std::string(kPort) + ":ok", std::string(kSilentPort) + ":silent"});
  ASSERT_TRUE(sim.ready());
  std::vector<std::string> args = Target(sim);
  args.insert(args.end(), {"--proxy", std::string("http://127.0.0.1:") + kSilentPort, "-t", "2"});
  ProcessResult result = RunPlugin(args);
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_TRUE(Has(result.StatusText(), "proxy http://127.0.0.1:18451")) << result.out;
  EXPECT_FALSE(Has(result.StatusText(), "TCP connect to")) << result.out;
  EXPECT_FALSE(Has(result.StatusText(), "TLS handshake")) << result.out;
  EXPECT_LT(result.seconds, 3.0);
}

// check_curl 3.0's name for --timeout-state (a migration aid).
TEST(CheckCurlMigration, TimeoutResultIsAcceptedAsCheckCurlSpellsIt) {
  Simulator sim({std::string(kSilentPort) + ":silent"});
  ASSERT_TRUE(sim.ready());
  ProcessResult result = RunPlugin({"-H", "dmk.test", "-p", kSilentPort, "--ca-file", sim.CaFile(), "--community",
                                    "Oak Park", "-t", "1", "--timeout-result", "warning"});
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_TRUE(Has(result.StatusText(), "DMK COMMUNITY WARNING")) << result.out;
  EXPECT_TRUE(Has(result.StatusText(), "timed out")) << result.out;
}

}  // namespace
}  // namespace dmk::testing
