#include "common/report/render.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "common/model/secret.h"

namespace dmk {
namespace {

using namespace std::string_literals;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) lines.push_back(line);
  return lines;
}

size_t Count(const std::string& text, char c) { return static_cast<size_t>(std::count(text.begin(), text.end(), c)); }

CheckResult OkResult() {
  CheckResult result;
  result.state = State::kOk;
  result.summary = "HTTP 200 OK in 0.15 s, certificate valid 90 more days";
  result.layers = {
      {Layer::kDns, State::kOk, "dmk.test -> 192.0.2.10 in 0.01 s"},
      {Layer::kTcp, State::kOk, "connected to 192.0.2.10:443 in 0.02 s"},
      {Layer::kTls, State::kOk, "TLSv1.3"},
      {Layer::kHttp, State::kOk, "GET / -> 200 OK"},
      {Layer::kApi, State::kOk, "status 200 is expected (2xx)"},
  };
  result.perfdata = {
      {"time", 0.15, "s", std::nullopt, std::nullopt, 0.0, 10.0},
      {"size", 15.0, "B", std::nullopt, std::nullopt, 0.0, std::nullopt},
  };
  return result;
}

// docs/plugin-contract.md, "Exit codes and output": FIRST LINE | perfdata, then long output lines.
TEST(RenderTest, FirstLineIsPrefixStateCommunitySummaryAndPerfdata) {
  std::string out = Render("Nord", OkResult(), {});
  std::vector<std::string> lines = Lines(out);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0],
            "DMK COMMUNITY OK - Nord: HTTP 200 OK in 0.15 s, certificate valid 90 more days | time=0.15s;;;0;10 "
            "size=15B;;;0");
  EXPECT_EQ(out.back(), '\n');
}

TEST(RenderTest, FirstLineMatchesTheContractForEveryState) {
  const std::regex first_line(R"(DMK COMMUNITY (OK|WARNING|CRITICAL|UNKNOWN) - [^|]+: [^|]+ \| [^|]+)");
  for (State state : {State::kOk, State::kWarning, State::kCritical, State::kUnknown}) {
    CheckResult result = OkResult();
    result.state = state;
    std::string line = Lines(Render("Süd", result, {}))[0];
    EXPECT_TRUE(std::regex_match(line, first_line)) << line;
    EXPECT_EQ(line.rfind("DMK COMMUNITY " + std::string(StateName(state)) + " - Süd: ", 0), 0u) << line;
  }
}

TEST(RenderTest, WritesOneLinePerLayerThenAdviceThenDetails) {
  CheckResult result = OkResult();
  result.state = State::kCritical;
  result.layers[1] = {Layer::kTcp, State::kCritical, "connect refused"};
  result.layers[2] = {Layer::kTls, std::nullopt, "not reached"};
  result.advice = {"Start the service."};
  result.details = {"URL: https://dmk.test/"};
  std::vector<std::string> lines = Lines(Render("Nord", result, {}));
  ASSERT_EQ(lines.size(), 9u);
  EXPECT_EQ(lines[1], "[OK] DNS: dmk.test -> 192.0.2.10 in 0.01 s");
  EXPECT_EQ(lines[2], "[CRITICAL] TCP: connect refused");
  EXPECT_EQ(lines[3], "[--] TLS: not reached");
  EXPECT_EQ(lines[6], "What to do:");
  EXPECT_EQ(lines[7], "- Start the service.");
  EXPECT_EQ(lines[8], "URL: https://dmk.test/");
}

TEST(RenderTest, OmitsThePipeWithoutPerfdata) {
  CheckResult result = OkResult();
  result.perfdata.clear();
  std::string first = Lines(Render("Nord", result, {}))[0];
  EXPECT_EQ(first, "DMK COMMUNITY OK - Nord: HTTP 200 OK in 0.15 s, certificate valid 90 more days");
}

// docs/plugin-contract.md, "Exit codes and output": Icinga2 reads perfdata from any line where '|' is followed
// by '=', so no text may carry a '|' — not the community name, not the summary, not any long-output line.
TEST(RenderTest, HostileTextCannotInjectPerfdataOrLines) {
  CheckResult result = OkResult();
  result.summary = "bad | fake=1;2;3\nDMK COMMUNITY OK - all fine | x=1";
  result.layers[0].text = "dns | injected=5\r\n| more=6";
  result.advice = {"do | this=1"};
  result.details = {"detail | d=1\n| e=2"};
  std::string out = Render("Evil\n| community=1", result, {});
  std::vector<std::string> lines = Lines(out);
  EXPECT_EQ(lines.size(), 1 + result.layers.size() + 2 + 1) << out;  // status, layers, advice header+line, detail
  EXPECT_EQ(Count(out, '|'), 1u) << out;                             // only the perfdata separator
  EXPECT_TRUE(Contains(lines[0], " | time=0.15s")) << lines[0];
  EXPECT_EQ(lines[0].rfind("DMK COMMUNITY OK - Evil / community=1: bad / fake=1;2;3 DMK COMMUNITY OK", 0), 0u)
      << lines[0];
}

TEST(RenderTest, RemovesControlBytes) {
  CheckResult result = OkResult();
  result.summary =
      "a\x1b[31mred\x07\0nul\x7f\xc2\x9b"
      "end"s;
  result.layers[0].text = "\x1b]0;title\x07";
  std::string out = Render("Nord\x1b[2J", result, {});
  for (char c : out) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (c == '\n') continue;
    EXPECT_TRUE(byte >= 0x20 && byte != 0x7F) << "control byte " << static_cast<int>(byte) << " in: " << out;
  }
  EXPECT_FALSE(Contains(out, "\xc2\x9b")) << "C1 control kept";
  EXPECT_TRUE(Contains(out, "red")) << out;
  EXPECT_TRUE(Contains(out, "end")) << out;
}

TEST(RenderTest, BoundsTheStatusLine) {
  CheckResult result = OkResult();
  result.summary = std::string(100000, 'x');
  std::string first = Lines(Render("Nord", result, {}))[0];
  EXPECT_LT(first.size(), 1000u);
  EXPECT_TRUE(Contains(first, "... | time=")) << "the cut is marked and perfdata survives";
}

TEST(RenderTest, RedactsSecretsEverywhere) {
  Secret secret;
  secret.type = AuthType::kBasic;
  secret.user = "monitor";
  secret.password = "hunter22";
  const std::string base64 = "bW9uaXRvcjpodW50ZXIyMg==";  // base64("monitor:hunter22")
  std::vector<std::string> forms = SecretForms(secret);
  CheckResult result = OkResult();
  result.summary = "server said: wrong password hunter22";
  result.layers[0].text = "Authorization: Basic " + base64;
  result.layers[1].text = "hunter22hunter22";
  result.advice = {"try hunter22 again"};
  result.details = {"> Authorization: Basic " + base64, "body: {\"echo\":\"hunter22\"}", "user monitor"};
  std::string out = Render("hunter22 community", result, forms);
  EXPECT_FALSE(Contains(out, "hunter22")) << out;
  EXPECT_FALSE(Contains(out, base64)) << out;
  EXPECT_FALSE(Contains(out, "bW9uaXRvcjpodW50ZXIy")) << "part of the base64 left" << out;
  EXPECT_TRUE(Contains(out, "wrong password [redacted]")) << out;
  EXPECT_TRUE(Contains(out, "Basic [redacted]")) << out;
  EXPECT_TRUE(Contains(out, "[redacted][redacted]")) << out;
  EXPECT_TRUE(Contains(out, "monitor")) << "the user name is not a secret";
}

TEST(RenderTest, RedactsABearerToken) {
  std::string out = Render("Nord",
                           [] {
                             CheckResult result = OkResult();
                             result.details = {"> Authorization: Bearer eyJ.tok-123", "echo eyJ.tok-123 eyJ.tok-123"};
                             return result;
                           }(),
                           {"eyJ.tok-123"});
  EXPECT_FALSE(Contains(out, "eyJ.tok-123")) << out;
  EXPECT_TRUE(Contains(out, "echo [redacted] [redacted]")) << out;
}

// A secret split by sanitising (a control byte in the middle) must not come back together afterwards.
TEST(RenderTest, RedactsASecretThatSanitisingWouldReassemble) {
  CheckResult result = OkResult();
  result.summary = "echo hunter22 and hunter\n22 and hunter\a22";
  std::string out = Render("Nord", result, {"hunter22"});
  EXPECT_EQ(Lines(out)[0].find("hunter22"), std::string::npos) << out;
}

TEST(RedactTest, ReplacesEveryOccurrence) {
  EXPECT_EQ(Redact("a secret b secret c", {"secret"}), "a [redacted] b [redacted] c");
  EXPECT_EQ(Redact("no match", {"secret"}), "no match");
  EXPECT_EQ(Redact("", {"secret"}), "");
}

TEST(RedactTest, IgnoresSecretsShorterThanThreeBytes) { EXPECT_EQ(Redact("a b ab", {"ab", "", "a"}), "a b ab"); }

TEST(RedactTest, TerminatesWhenTheReplacementHoldsTheSecret) {
  EXPECT_EQ(Redact("red", {"red"}), "[redacted]");
  std::string out = Redact("redacted red", {"redacted", "red"});
  EXPECT_FALSE(Contains(out, "redacted red")) << out;
}

TEST(RenderTest, UsageErrorIsOneUnknownLine) {
  std::string out = RenderUsageError(Status::Error("--port 'x' must be a whole number from 1 to 65535"));
  EXPECT_EQ(out,
            "DMK COMMUNITY UNKNOWN - --port 'x' must be a whole number from 1 to 65535 (see check_dmk_community "
            "--help)\n");
}

TEST(RenderTest, UsageErrorIsSanitised) {
  std::string out = RenderUsageError(Status::Error("--header 'a | b=1\nX: y' is bad\x1b"));
  EXPECT_EQ(Count(out, '\n'), 1u) << out;
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(Count(out, '|'), 0u) << out;
  EXPECT_FALSE(Contains(out, "\x1b")) << out;
  EXPECT_EQ(out.rfind("DMK COMMUNITY UNKNOWN - ", 0), 0u) << out;
}

}  // namespace
}  // namespace dmk
