// Writing HTTP/1.1 responses (RFC 9112). Every response of the simulator carries "Connection: close"
// and is followed by closing the connection, so one connection serves exactly one request.
#ifndef DMK_TESTS_SIM_HTTP_RESPONSE_H_
#define DMK_TESTS_SIM_HTTP_RESPONSE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tests/sim/connection.h"
#include "tests/sim/http_request.h"

namespace dmk {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int code = 200;
  std::string content_type = "text/plain";
  HeaderList headers;  // Beyond Content-Type, Content-Length and Connection.
  std::string body;
};

// The RFC 9110 reason phrase for code, or "Status" for codes it does not name.
std::string_view ReasonPhrase(int code);

// Status line, Content-Type, Content-Length (when given), "Connection: close", extra headers and the
// blank line.
std::string ResponseHead(int code, std::string_view content_type, std::optional<uint64_t> content_length,
                         const HeaderList& headers);

// Sends response (head only for HEAD requests, RFC 9110 section 9.3.2). False if the client went away
// or stopped reading for 30 s.
bool SendResponse(Connection& conn, const HttpRequest& request, const HttpResponse& response);

}  // namespace dmk

#endif  // DMK_TESTS_SIM_HTTP_RESPONSE_H_
