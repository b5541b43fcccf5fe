// See http_request.h.
#include "tests/sim/http_request.h"

#include <strings.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>

namespace dmk {
namespace {

// RFC 9110 section 5.6.2 tchar.
bool IsTokenChar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsToken(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

std::string_view TrimOws(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// Position just past the blank line ending the head, or npos. Bare LF line ends are tolerated
// (RFC 9112 section 2.2).
size_t HeadEnd(std::string_view data) {
  for (size_t i = data.find('\n'); i != std::string_view::npos; i = data.find('\n', i + 1)) {
    if (i + 1 < data.size() && data[i + 1] == '\n') return i + 2;
    if (i + 2 < data.size() && data[i + 1] == '\r' && data[i + 2] == '\n') return i + 3;
  }
  return std::string_view::npos;
}

std::string OriginPath(std::string_view target) {
  if (const size_t scheme = target.find("://"); scheme != std::string_view::npos && target.front() != '/') {
    const size_t slash = target.find('/', scheme + 3);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  target = target.substr(0, target.find_first_of("?#"));
  return target.empty() ? "/" : std::string(target);
}

}  // namespace

std::optional<std::string_view> HttpRequest::Header(std::string_view name) const {
  for (const auto& [header_name, value] : headers) {
    if (EqualsIgnoreCase(header_name, name)) return value;
  }
  return std::nullopt;
}

bool ParseRequestHead(std::string_view head, HttpRequest* request) {
  request->headers.clear();
  bool first = true;
  while (!head.empty()) {
    const size_t eol = head.find('\n');
    std::string_view line = head.substr(0, eol);
    head = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (first) {
      first = false;
      const size_t space1 = line.find(' ');
      const size_t space2 = space1 == std::string_view::npos ? space1 : line.find(' ', space1 + 1);
      if (space2 == std::string_view::npos) return false;
      request->method = std::string(line.substr(0, space1));
      request->target = std::string(line.substr(space1 + 1, space2 - space1 - 1));
      request->version = std::string(line.substr(space2 + 1));
      if (!IsToken(request->method) || request->target.empty() ||
          request->target.find_first_of(" \t") != std::string::npos || !request->version.starts_with("HTTP/1.")) {
        return false;
      }
      request->path = OriginPath(request->target);
      continue;
    }
    if (line.empty()) return head.empty();
    const size_t colon = line.find(':');
    // Obsolete line folding and whitespace before the colon are rejected (RFC 9112 sections 5.1, 5.2).
    if (colon == std::string_view::npos || !IsToken(line.substr(0, colon))) return false;
    request->headers.emplace_back(std::string(line.substr(0, colon)), std::string(TrimOws(line.substr(colon + 1))));
  }
  return false;
}

RequestStatus ReadRequest(Connection& conn, Deadline deadline, HttpRequest* request) {
  std::string data;
  std::array<char, 4096> buffer{};
  size_t head_end = std::string::npos;
  while (head_end == std::string::npos) {
    if (data.size() > kMaxRequestHead) return RequestStatus::kHeadTooLarge;
    const ssize_t n = conn.Read(buffer.data(), buffer.size(), deadline);
    if (n == 0) return RequestStatus::kPeerClosed;
    if (n < 0) return RequestStatus::kFailed;
    const size_t scan_from = data.size() < 3 ? 0 : data.size() - 3;
    data.append(buffer.data(), static_cast<size_t>(n));
    head_end = HeadEnd(std::string_view(data).substr(scan_from));
    if (head_end != std::string::npos) head_end += scan_from;
  }
  if (head_end > kMaxRequestHead) return RequestStatus::kHeadTooLarge;
  request->head = data.substr(0, head_end);
  request->body = data.substr(head_end);
  if (!ParseRequestHead(request->head, request)) return RequestStatus::kMalformed;
  if (request->Header("Transfer-Encoding")) return RequestStatus::kUnsupported;

  uint64_t length = 0;
  if (const auto value = request->Header("Content-Length")) {
    const char* end = value->data() + value->size();
    const auto [ptr, ec] = std::from_chars(value->data(), end, length);
    if (value->empty() || ec != std::errc() || ptr != end) return RequestStatus::kMalformed;
    if (length > kMaxRequestBody) return RequestStatus::kBodyTooLarge;
  }
  // Bytes beyond the body would be a pipelined request; we answer one request per connection.
  if (request->body.size() > length) request->body.resize(static_cast<size_t>(length));
  while (request->body.size() < length) {
    const size_t want = std::min(buffer.size(), static_cast<size_t>(length) - request->body.size());
    const ssize_t n = conn.Read(buffer.data(), want, deadline);
    if (n == 0) return RequestStatus::kPeerClosed;
    if (n < 0) return RequestStatus::kFailed;
    request->body.append(buffer.data(), static_cast<size_t>(n));
  }
  return RequestStatus::kComplete;
}

}  // namespace dmk
