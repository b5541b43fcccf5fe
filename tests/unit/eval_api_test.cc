#include "common/eval_api.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace dmk {
namespace {

Config With(const std::function<void(Config&)>& change) {
  Config config;
  config.hostname = "dmk.test";
  change(config);
  return config;
}

ProbeOutcome Answer(int status, std::string body, std::vector<std::string> headers = {}) {
  ProbeOutcome outcome;
  HttpFacts& http = outcome.http;
  http.request_sent = http.response_started = http.headers_done = true;
  http.status = status;
  http.body_bytes = body.size();
  http.body = std::move(body);
  http.response_headers = std::move(headers);
  return outcome;
}

struct Case {
  const char* name;
  Config config;
  ProbeOutcome outcome;
  Layer layer;  // of the first problem
  State state;
  const char* reason;  // nullptr: no problem
  const char* text;    // the first problem's first words
};

// What differs between the first problem of `step` and what `c` expects; empty: nothing.
std::string Mismatch(const StepResult& step, const Case& c) {
  const Finding* first = nullptr;
  for (const Finding& finding : step.findings) {
    if (finding.problem && first == nullptr) first = &finding;
  }
  if (c.reason == nullptr) return first == nullptr ? "" : "a problem: " + first->text;
  if (first == nullptr) return "no problem";
  std::string why;
  if (first->layer != c.layer) why += " layer;";
  if (first->state != c.state) why += " state;";
  if (first->reason == nullptr || std::string(first->reason) != c.reason) why += " reason;";
  if (first->text.rfind(c.text, 0) != 0) why += " text: " + first->text;
  return why;
}

TEST(EvalApiTest, EachCheckNamesItsCodeWhereItFindsAProblem) {
  const auto none = [](Config&) {};
  const Case cases[] = {
      {"expected", With(none), Answer(200, "ok"), Layer::kApi, State::kOk, nullptr, ""},
      {"500", With(none), Answer(500, ""), Layer::kApi, State::kCritical, "api.status",
       "unexpected server error HTTP 500 (expected 2xx)"},
      {"404", With(none), Answer(404, ""), Layer::kApi, State::kCritical, "api.status", "unexpected HTTP 404"},
      {"credentials missing", With(none), Answer(401, ""), Layer::kAuth, State::kCritical, "auth.required",
       "the server requires authentication: HTTP 401"},
      {"credentials rejected", With([](Config& c) { c.auth = AuthType::kBearer; }), Answer(403, ""), Layer::kAuth,
       State::kCritical, "auth.rejected", "credentials rejected (bearer): HTTP 403"},
      {"nginx wants a client certificate", With(none),
       Answer(400, "<title>400 No required SSL certificate was sent</title>"), Layer::kTls, State::kCritical,
       "tls.client_certificate_required", ""},
      {"body mismatch", With([](Config& c) { c.expect_body = "healthy"; }), Answer(200, "sick"), Layer::kApi,
       State::kCritical, "api.body_mismatch", "response body does not match 'healthy'"},
      {"body beyond the regex bound", With([](Config& c) {
         c.expect_body = std::string(17, '(') + "a";
         for (int i = 0; i < 17; ++i) c.expect_body += ")+";  // 2^17 copies: beyond the bound
       }),
       Answer(200, "aaaa"), Layer::kApi, State::kCritical, "api.body_mismatch", "response body does not match"},
      {"maintenance page, warning", With([](Config& c) {
         c.reject_body = "[Mm]aintenance";
         c.reject_body_state = State::kWarning;
       }),
       Answer(200, "Down for maintenance"), Layer::kApi, State::kWarning, "api.body_rejected",
       "response body matches --reject-body"},
      {"header missing", With([](Config& c) {
         ASSERT_TRUE(ParseHeaderAssertion("Content-Type: ^application/json", &c.expect_headers.emplace_back()).ok());
       }),
       Answer(200, "{}"), Layer::kApi, State::kCritical, "api.header_mismatch", ""},
      {"json value",
       With([](Config& c) { ASSERT_TRUE(ParseJsonAssertion("/status=ok", &c.json.assertions.emplace_back()).ok()); }),
       Answer(200, R"({"status":"degraded"})"), Layer::kApi, State::kCritical, "api.json", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(Mismatch(EvaluateApi(c.config, c.outcome), c), "") << c.name;
}

TEST(EvalApiTest, ExpectedAnswerIsAFactWithTheBodyMatch) {
  const StepResult step = EvaluateApi(With([](Config& c) { c.expect_body = "o+k"; }), Answer(200, "xook"));
  ASSERT_EQ(step.findings.size(), 1u);
  EXPECT_FALSE(step.findings[0].problem);
  EXPECT_EQ(step.findings[0].text, "status 200 is expected (2xx), body matches 'o+k'");
}

TEST(EvalApiTest, BodyMatchSeesPastNulBytes) {
  std::string body("\0\0healthy", 9);
  const StepResult step = EvaluateApi(With([](Config& c) { c.expect_body = "healthy"; }), Answer(200, body));
  ASSERT_EQ(step.findings.size(), 1u);
  EXPECT_FALSE(step.findings[0].problem);
}

TEST(EvalApiTest, JsonChecksGiveTheirPerfdataAndAdvice) {
  Config config = With([](Config& c) { ASSERT_TRUE(AddJsonThreshold("/offline=0", false, &c.json.thresholds).ok()); });
  const StepResult step = EvaluateApi(config, Answer(200, R"({"offline":1})"));
  ASSERT_EQ(step.perfdata.size(), 1u);
  EXPECT_EQ(step.perfdata[0].value, 1.0);
  EXPECT_FALSE(step.advice.empty());
}

TEST(EvalApiTest, NothingWithoutACompleteAnswer) {
  ProbeOutcome outcome = Answer(200, "ok");
  outcome.failure = Failure::kHttpTruncated;
  EXPECT_TRUE(EvaluateApi(With([](Config&) {}), outcome).findings.empty());
  EXPECT_TRUE(EvaluateApi(With([](Config&) {}), ProbeOutcome()).findings.empty());
}

}  // namespace
}  // namespace dmk
