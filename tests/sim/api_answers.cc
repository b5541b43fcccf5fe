// See api_answers.h.
#include "tests/sim/api_answers.h"

#include <array>
#include <string>

namespace dmk {
namespace {

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kHtml = "text/html; charset=utf-8";

struct Answer {
  std::string_view name;
  const char* content_type;
  std::string_view body;  // empty: built by Build()
};

constexpr std::array kAnswers = {
    Answer{"healthy", kJson,
           R"({"status":"ok","database":"up","encoders":{"online":3,"offline":0},"version":"6.2.1"})"},
    Answer{"degraded", kJson,
           R"({"status":"degraded","database":"down","encoders":{"online":0,"offline":3},"version":"6.2.1"})"},
    Answer{"missing", kJson, R"({"status":"ok","database":"up","version":"6.2.1"})"},
    Answer{"wrong_type", kJson, R"({"status":"ok","database":"up","encoders":{"online":"3","offline":null}})"},
    Answer{"not_json", "text/plain", "status: ok\nencoders online: 3\n"},
    Answer{"login", kHtml,
           "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form action=\"/login\">"
           "<input name=\"user\"></form></body></html>\n"},
    Answer{"maintenance", kHtml,
           "<html><head><title>Maintenance</title></head><body><h1>Down for maintenance</h1>"
           "<p>Back at 06:00 | call 555-0100</p></body></html>\n"},
    Answer{"deep", kJson, ""},
    Answer{"huge_number", kJson, R"({"status":"ok","encoders":{"online":1e400,"offline":0}})"},
    Answer{"big_integer", kJson,
           R"({"status":"ok","encoders":{"online":3,"offline":0},"serial":123456789012345678901234567890,)"
           R"("events":123456789012345678901234567891})"},
    // JSON text, then a NUL byte and more: nlohmann/json's lexer stops at the NUL.
    Answer{"nul_garbage", kJson, std::string_view("{\"status\":\"ok\"}\0garbage", 23)},
    Answer{"trailing_garbage", kJson, R"({"status":"ok"} garbage)"},
    Answer{"html_type", kHtml,
           R"({"status":"ok","database":"up","encoders":{"online":3,"offline":0},"version":"6.2.1"})"},
};

}  // namespace

std::optional<HttpResponse> ApiAnswer(std::string_view name) {
  for (const Answer& answer : kAnswers) {
    if (answer.name != name) continue;
    HttpResponse response;
    response.content_type = answer.content_type;
    response.body = std::string(answer.body);
    if (name == "deep") {
      // 200 000 levels: a recursive parser without a depth bound overflows its stack here.
      response.body = std::string(200000, '[') + std::string(200000, ']');
    }
    response.headers = {{"Set-Cookie", "session=SIM-SECRET-COOKIE; HttpOnly"}, {"X-DMK-Version", "6.2.1"}};
    return response;
  }
  return std::nullopt;
}

bool IsApiAnswerName(std::string_view name) { return ApiAnswer(name).has_value(); }

}  // namespace dmk
