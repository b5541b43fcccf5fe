#include "common/evaluate/eval_api.h"

#include <algorithm>
#include <optional>
#include <string>

#include "common/base/posix_regex.h"
#include "common/evaluate/client_cert_demand.h"
#include "common/evaluate/eval_policy.h"
#include "common/evaluate/eval_words.h"
#include "common/evaluate/header_evaluate.h"
#include "common/evaluate/http_hints.h"
#include "common/evaluate/json_evaluate.h"
#include "common/evaluate/reject_body.h"

namespace dmk {

namespace {

std::string StatusText(const HttpFacts& http) {
  return "HTTP " + std::to_string(http.status) +
         (http.reason_phrase.empty() ? "" : " " + Quote(http.reason_phrase, 60));
}

// An error page that asks for a client certificate: true when it was one (reported in the TLS layer).
bool ClientCertDemanded(const Config& config, const HttpFacts& http, StepResult* step) {
  const bool have_cert = !config.client_cert.empty();
  std::optional<ProblemWords> words = DescribeClientCertDemand(http.status, http.body, have_cert);
  if (!words) return false;
  const ClientCertDemand demand = ReadClientCertDemand(http.status, http.body);
  const ReasonCode reason_code = demand == ClientCertDemand::kRequired && !have_cert
                                     ? ReasonCode::kTlsClientCertificateRequired
                                     : ReasonCode::kTlsClientCertificateRejected;
  step->Problem(Layer::kTls, StateForApi(ApiFinding::kClientCertDemand, config), words->text, words->advice,
                reason_code);
  return true;
}

// The credentials: true when they were refused or missing (nothing more to say about the answer).
bool CredentialsRefused(const Config& config, const HttpFacts& http, StepResult* step) {
  const int status = http.status;
  if (config.auth != AuthType::kNone) {
    const std::string type = config.auth == AuthType::kBasic ? "basic" : "bearer";
    if (status == 401 || status == 403) {
      step->Problem(Layer::kAuth, StateForApi(ApiFinding::kCredentialsRejected, config),
                    "credentials rejected (" + type + "): " + StatusText(http),
                    "The server refused our credentials: check the user/token in the credentials file with the "
                    "contractor (expired or rotated password, account locked, missing permission).",
                    ReasonCode::kAuthRejected);
      return true;
    }
    step->Fact(Layer::kAuth, "credentials accepted (" + type + ")");
    return false;
  }
  if (status != 401) return false;
  const std::string scheme = http.www_authenticate.substr(0, http.www_authenticate.find(' '));
  step->Problem(Layer::kAuth, StateForApi(ApiFinding::kCredentialsRequired, config),
                "the server requires authentication: " + StatusText(http) +
                    (scheme.empty() ? "" : " (WWW-Authenticate: " + Quote(scheme, 20) + ")"),
                "Give --auth basic|bearer with --credentials-file or --credentials-env.", ReasonCode::kAuthRequired);
  return true;
}

// The status against --expect-status: true when it is not one of them.
bool UnexpectedStatus(const Config& config, const ProbeOutcome& outcome, StepResult* step) {
  const HttpFacts& http = outcome.http;
  const int status = http.status;
  if (std::any_of(config.expect_status.begin(), config.expect_status.end(),
                  [&](const StatusSpan& span) { return status >= span.low && status <= span.high; })) {
    return false;
  }
  std::string why = StatusText(http) + " (expected " + Quote(config.expect_status_text, 60) + ")";
  std::string advice;
  if (status < 100 || status > 599) {
    // RFC 9110 section 15: status codes are 100..599.
    why = "status code outside HTTP's range " + why;
    advice =
        "The answer is not standard HTTP: check that the DMK Community service, not another program "
        "or a broken proxy, answers on " +
        Target(config, outcome) + ".";
  } else if (status >= 500) {
    why = "server error " + why;
    advice =
        "The DMK Community service answered with a server error: ask the contractor to check the "
        "service and its logs on " +
        config.hostname + ".";
  } else if (status >= 300 && status < 400) {
    why += http.location.empty() ? "" : ", redirect to " + Quote(http.location, 100);
    advice = "The server redirects: use --follow, or fix --uri, or accept it with --expect-status 3xx.";
  } else if (status == 404) {
    advice = "The path " + config.uri + " does not exist on this server: check --uri.";
  } else if (!config.tls && SaysPlainHttpToTlsPort(status, http.body)) {
    why += "; the port speaks TLS: drop --no-tls";
    advice = "The server expects TLS on port " + std::to_string(config.EffectivePort()) +
             ": remove --no-tls (and give --ca-file if needed).";
  }
  step->Problem(Layer::kApi, StateForApi(ApiFinding::kUnexpectedStatus, config), "unexpected " + why, advice,
                ReasonCode::kApiStatus);
  return true;
}

// The headers, --reject-body and the JSON checks of an answer with the expected status and body.
void CheckAnswer(const Config& config, const HttpFacts& http, StepResult* step) {
  for (const HeaderAssertion& header : config.expect_headers) {
    if (std::optional<std::string> problem = EvaluateHeader(header, http.response_headers)) {
      step->Problem(Layer::kApi, StateForApi(ApiFinding::kHeaderMismatch, config), *problem,
                    "The answer's headers are not what the DMK API sends (a proxy, a login page or another web "
                    "server answering?): check what answers on " +
                        Quote(config.uri, 80) + ".",
                    ReasonCode::kApiHeaderMismatch);
    }
  }
  if (!config.reject_body.empty()) {
    if (std::optional<std::string> rejected = DescribeRejectedBody(config.reject_body, http.body)) {
      step->Problem(Layer::kApi, StateForApi(ApiFinding::kBodyRejected, config), *rejected,
                    "The server answers with a page --reject-body names (a maintenance page?): ask the contractor "
                    "whether the DMK Community service is down on purpose, and until when.",
                    ReasonCode::kApiBodyRejected);
    }
  }
  if (config.json.empty()) return;
  JsonVerdict verdict = EvaluateJson(config.json, http.body, http.body.size() >= http.body_bytes);
  step->perfdata = std::move(verdict.perfdata);
  for (std::string& fact : verdict.facts) step->Fact(Layer::kApi, std::move(fact));
  for (JsonFinding& finding : verdict.problems) {
    step->Problem(Layer::kApi, finding.state, std::move(finding.text), "", ReasonCode::kApiJson);
  }
  if (!verdict.advice.empty()) step->advice.push_back(std::move(verdict.advice));
}

}  // namespace

StepResult EvaluateApi(const Config& config, const ProbeOutcome& outcome) {
  StepResult step;
  const HttpFacts& http = outcome.http;
  if (!http.response_started || outcome.failure != Failure::kNone) return step;
  if (ClientCertDemanded(config, http, &step) || CredentialsRefused(config, http, &step) ||
      UnexpectedStatus(config, outcome, &step)) {
    return step;
  }
  std::string text =
      "status " + std::to_string(http.status) + " is expected (" + Quote(config.expect_status_text, 60) + ")";
  if (!config.expect_body.empty()) {
    // Over the whole body, NUL bytes from the server included. A pattern beyond posix_regex.h's bounds or
    // that does not compile (the options refuse both) matches nothing.
    if (!FirstMatch(config.expect_body, http.body)) {
      step.Problem(Layer::kApi, StateForApi(ApiFinding::kBodyMismatch, config),
                   "response body does not match '" + Quote(config.expect_body, 60) + "'",
                   "The server answered, but not with what the DMK API should return: check that --uri "
                   "points at the DMK Community API and that the service behind it is healthy.",
                   ReasonCode::kApiBodyMismatch);
      return step;
    }
    text += ", body matches '" + Quote(config.expect_body, 60) + "'";
  }
  step.Fact(Layer::kApi, text);
  CheckAnswer(config, http, &step);
  return step;
}

}  // namespace dmk
