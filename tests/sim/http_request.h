// Reading and parsing one HTTP/1.1 request (RFC 9112) from a Connection, with the bounds the simulator
// promises: a head of at most 64 KiB, a body of at most 1 MiB, and 30 s to receive them.
#ifndef DMK_TESTS_SIM_HTTP_REQUEST_H_
#define DMK_TESTS_SIM_HTTP_REQUEST_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tests/sim/connection.h"

namespace dmk {

inline constexpr size_t kMaxRequestHead = 64 * 1024;
inline constexpr size_t kMaxRequestBody = 1024 * 1024;

struct HttpRequest {
  std::string head;     // The raw head, request line to blank line inclusive.
  std::string method;   // "GET", "HEAD", "POST", ...
  std::string target;   // As sent, e.g. "/api/status?x=1".
  std::string path;     // target without query or fragment; origin form even for absolute-form targets.
  std::string version;  // "HTTP/1.1"
  std::vector<std::pair<std::string, std::string>> headers;  // In order, values without surrounding OWS.
  std::string body;

  // The value of the first header called name (compared case-insensitively), if any.
  std::optional<std::string_view> Header(std::string_view name) const;
};

enum class RequestStatus {
  kComplete,
  kPeerClosed,    // Stream ended before a full request.
  kFailed,        // Timeout or I/O error; see Connection::last_error().
  kMalformed,     // Answer 400.
  kHeadTooLarge,  // Answer 431.
  kBodyTooLarge,  // Answer 413.
  kUnsupported,   // Transfer-Encoding in a request; answer 501.
};

// Parses a complete head (through the blank line). Returns false if it is not a valid request head.
bool ParseRequestHead(std::string_view head, HttpRequest* request);

// Reads one request from conn, head then Content-Length body, all before deadline.
RequestStatus ReadRequest(Connection& conn, Deadline deadline, HttpRequest* request);

}  // namespace dmk

#endif  // DMK_TESTS_SIM_HTTP_REQUEST_H_
