#include "common/evaluate/eval_api.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "common/evaluate/evaluate.h"
#include "tests/support/eval_fixtures.h"

namespace dmk {
namespace {

using namespace std::string_literals;

using test_support::AllAdvice;
using test_support::BaseConfig;
using test_support::Contains;
using test_support::HasLayer;
using test_support::Healthy;
using test_support::kNow;
using test_support::LayerOf;

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
  ReasonCode reason_code;  // kOk: no problem
  const char* text;        // the first problem's first words
};

// What differs between the first problem of `step` and what `c` expects; empty: nothing.
std::string Mismatch(const StepResult& step, const Case& c) {
  const Finding* first = nullptr;
  for (const Finding& finding : step.findings) {
    if (finding.problem && first == nullptr) first = &finding;
  }
  if (c.reason_code == ReasonCode::kOk) return first == nullptr ? "" : "a problem: " + first->text;
  if (first == nullptr) return "no problem";
  std::string why;
  if (first->layer != c.layer) why += " layer;";
  if (first->state != c.state) why += " state;";
  if (first->reason_code != c.reason_code)
    why += " reason code " + std::string(ReasonCodeName(first->reason_code)) + ";";
  if (first->text.rfind(c.text, 0) != 0) why += " text: " + first->text;
  return why;
}

TEST(EvalApiTest, EachCheckNamesItsCodeWhereItFindsAProblem) {
  const auto none = [](Config&) {};
  const Case cases[] = {
      {"expected", With(none), Answer(200, "ok"), Layer::kApi, State::kOk, ReasonCode::kOk, ""},
      {"500", With(none), Answer(500, ""), Layer::kApi, State::kCritical, ReasonCode::kApiStatus,
       "unexpected server error HTTP 500 (expected 2xx)"},
      {"404", With(none), Answer(404, ""), Layer::kApi, State::kCritical, ReasonCode::kApiStatus,
       "unexpected HTTP 404"},
      {"credentials missing", With(none), Answer(401, ""), Layer::kAuth, State::kCritical, ReasonCode::kAuthRequired,
       "the server requires authentication: HTTP 401"},
      {"credentials rejected", With([](Config& c) { c.auth = AuthType::kBearer; }), Answer(403, ""), Layer::kAuth,
       State::kCritical, ReasonCode::kAuthRejected, "credentials rejected (bearer): HTTP 403"},
      {"nginx wants a client certificate", With(none),
       Answer(400, "<title>400 No required SSL certificate was sent</title>"), Layer::kTls, State::kCritical,
       ReasonCode::kTlsClientCertificateRequired, ""},
      {"body mismatch", With([](Config& c) { c.expect_body = "healthy"; }), Answer(200, "sick"), Layer::kApi,
       State::kCritical, ReasonCode::kApiBodyMismatch, "response body does not match 'healthy'"},
      {"body beyond the regex bound", With([](Config& c) {
         c.expect_body = std::string(17, '(') + "a";
         for (int i = 0; i < 17; ++i) c.expect_body += ")+";  // 2^17 copies: beyond the bound
       }),
       Answer(200, "aaaa"), Layer::kApi, State::kCritical, ReasonCode::kApiBodyMismatch,
       "response body does not match"},
      {"maintenance page, warning", With([](Config& c) {
         c.reject_body = "[Mm]aintenance";
         c.reject_body_state = State::kWarning;
       }),
       Answer(200, "Down for maintenance"), Layer::kApi, State::kWarning, ReasonCode::kApiBodyRejected,
       "response body matches --reject-body"},
      {"header missing", With([](Config& c) {
         ASSERT_TRUE(ParseHeaderAssertion("Content-Type: ^application/json", &c.expect_headers.emplace_back()).ok());
       }),
       Answer(200, "{}"), Layer::kApi, State::kCritical, ReasonCode::kApiHeaderMismatch, ""},
      {"json value",
       With([](Config& c) { ASSERT_TRUE(ParseJsonAssertion("/status=ok", &c.json.assertions.emplace_back()).ok()); }),
       Answer(200, R"({"status":"degraded"})"), Layer::kApi, State::kCritical, ReasonCode::kApiJson, ""},
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

TEST(EvalApiTest, ServerErrorIsCritical) {
  ProbeOutcome outcome = Healthy();
  outcome.http.status = 503;
  outcome.http.reason_phrase = "Service Unavailable";
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "server error")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "503 Service Unavailable")) << result.summary;
  EXPECT_EQ(LayerOf(result, Layer::kHttp).state, State::kOk);
  EXPECT_EQ(LayerOf(result, Layer::kApi).state, State::kCritical);
  EXPECT_TRUE(Contains(AllAdvice(result), "logs")) << AllAdvice(result);
  EXPECT_TRUE(Contains(FormatPerfdata(result.perfdata), "size=15B")) << "a reached response has a size";
}

// RFC 9110 section 15: status codes are 100..599; 599 is still a server error, 600 and 999 are not HTTP.
TEST(EvalApiTest, StatusOutsideHttpsRangeIsNotCalledAServerError) {
  struct StatusCase {
    int status;
    const char* words;
  };
  for (const StatusCase& c :
       {StatusCase{599, "server error HTTP 599"}, StatusCase{600, "outside HTTP's range HTTP 600"},
        StatusCase{999, "outside HTTP's range HTTP 999"}}) {
    ProbeOutcome outcome = Healthy();
    outcome.http.status = c.status;
    outcome.http.reason_phrase = "Weird";
    CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
    EXPECT_EQ(result.state, State::kCritical) << c.status;
    EXPECT_EQ(LayerOf(result, Layer::kApi).state, State::kCritical) << c.status;
    EXPECT_TRUE(Contains(result.summary, c.words)) << result.summary;
    if (c.status > 599) {
      EXPECT_FALSE(Contains(result.summary, "server error")) << result.summary;
      EXPECT_TRUE(Contains(AllAdvice(result), "not standard HTTP")) << AllAdvice(result);
    }
  }
}

TEST(EvalApiTest, UnexpectedRedirectIsCriticalWithAHint) {
  ProbeOutcome outcome = Healthy();
  outcome.http.status = 302;
  outcome.http.reason_phrase = "Found";
  outcome.http.location = "https://dmk.test/login";
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "unexpected")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "302")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "expected 2xx")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "https://dmk.test/login")) << result.summary;
  EXPECT_TRUE(Contains(AllAdvice(result), "--follow")) << AllAdvice(result);
  EXPECT_TRUE(Contains(AllAdvice(result), "--expect-status 3xx")) << AllAdvice(result);
}

TEST(EvalApiTest, NotFoundPointsAtTheUri) {
  ProbeOutcome outcome = Healthy();
  outcome.http.status = 404;
  outcome.http.reason_phrase = "Not Found";
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "unexpected HTTP 404")) << result.summary;
  EXPECT_TRUE(Contains(AllAdvice(result), "--uri")) << AllAdvice(result);
}

TEST(EvalApiTest, ExpectStatusAcceptsTheListedCodes) {
  Config config = BaseConfig();
  config.expect_status = {{204, 204}, {300, 399}};
  config.expect_status_text = "204,3xx";
  ProbeOutcome outcome = Healthy();
  outcome.http.status = 302;
  EXPECT_EQ(Evaluate(config, outcome, kNow).state, State::kOk);
  outcome.http.status = 204;
  EXPECT_EQ(Evaluate(config, outcome, kNow).state, State::kOk);
  outcome.http.status = 200;
  CheckResult result = Evaluate(config, outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "expected 204,3xx")) << result.summary;
}

TEST(EvalApiTest, AuthenticationRequiredWithoutAuthIsCriticalInTheAuthLayer) {
  ProbeOutcome outcome = Healthy();
  outcome.http.status = 401;
  outcome.http.reason_phrase = "Unauthorized";
  outcome.http.www_authenticate = "Basic realm=\"dmk\"";
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  ASSERT_TRUE(HasLayer(result, Layer::kAuth));
  EXPECT_EQ(LayerOf(result, Layer::kAuth).state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "requires authentication")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "Basic")) << result.summary;
  EXPECT_FALSE(Contains(result.summary, "credentials rejected")) << result.summary;
  EXPECT_TRUE(Contains(AllAdvice(result), "--auth")) << AllAdvice(result);
}

TEST(EvalApiTest, RejectedCredentialsAreCritical) {
  for (AuthType auth : {AuthType::kBasic, AuthType::kBearer}) {
    for (int status : {401, 403}) {
      Config config = BaseConfig();
      config.auth = auth;
      ProbeOutcome outcome = Healthy();
      outcome.http.status = status;
      CheckResult result = Evaluate(config, outcome, kNow);
      EXPECT_EQ(result.state, State::kCritical) << status;
      EXPECT_EQ(LayerOf(result, Layer::kAuth).state, State::kCritical) << status;
      EXPECT_TRUE(Contains(result.summary, "credentials rejected")) << result.summary;
      EXPECT_TRUE(Contains(result.summary, auth == AuthType::kBasic ? "basic" : "bearer")) << result.summary;
      EXPECT_TRUE(Contains(result.summary, std::to_string(status))) << result.summary;
    }
  }
}

TEST(EvalApiTest, AcceptedCredentialsAreReported) {
  Config config = BaseConfig();
  config.auth = AuthType::kBearer;
  CheckResult result = Evaluate(config, Healthy(), kNow);
  EXPECT_EQ(result.state, State::kOk);
  EXPECT_EQ(LayerOf(result, Layer::kAuth).state, State::kOk);
  EXPECT_TRUE(Contains(LayerOf(result, Layer::kAuth).text, "credentials accepted"));
}

TEST(EvalApiTest, ExpectBodyMatchIsOkAndMismatchIsCritical) {
  Config config = BaseConfig();
  config.expect_body = "\"status\": *\"ok\"";
  CheckResult ok = Evaluate(config, Healthy(), kNow);
  EXPECT_EQ(ok.state, State::kOk) << ok.summary;
  EXPECT_TRUE(Contains(LayerOf(ok, Layer::kApi).text, "body matches"));
  ProbeOutcome outcome = Healthy();
  outcome.http.body = R"({"status":"degraded"})";
  CheckResult bad = Evaluate(config, outcome, kNow);
  EXPECT_EQ(bad.state, State::kCritical);
  EXPECT_EQ(LayerOf(bad, Layer::kApi).state, State::kCritical);
  EXPECT_TRUE(Contains(bad.summary, "does not match")) << bad.summary;
}

TEST(EvalApiTest, ExpectBodyLooksBeyondNulBytes) {
  Config config = BaseConfig();
  config.expect_body = "status.*ok";
  ProbeOutcome outcome = Healthy();
  outcome.http.body = "\0\0binary\0{\"status\":\"ok\"}"s;
  outcome.http.body_bytes = outcome.http.body.size();
  CheckResult result = Evaluate(config, outcome, kNow);
  EXPECT_EQ(result.state, State::kOk) << result.summary;
  config.expect_body = "^status";
  result = Evaluate(config, outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "does not match")) << result.summary;
}

}  // namespace
}  // namespace dmk
