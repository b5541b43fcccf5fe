// See http_response.h.
#include "tests/sim/http_response.h"

namespace dmk {

std::string_view ReasonPhrase(int code) {
  switch (code) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
  }
}

std::string ResponseHead(int code, std::string_view content_type, std::optional<uint64_t> content_length,
                         const HeaderList& headers) {
  std::string head = "HTTP/1.1 " + std::to_string(code) + " " + std::string(ReasonPhrase(code)) + "\r\n";
  head += "Content-Type: " + std::string(content_type) + "\r\n";
  if (content_length) head += "Content-Length: " + std::to_string(*content_length) + "\r\n";
  head += "Connection: close\r\n";
  for (const auto& [name, value] : headers) head += name + ": " + value + "\r\n";
  head += "\r\n";
  return head;
}

bool SendResponse(Connection& conn, const HttpRequest& request, const HttpResponse& response) {
  std::string message = ResponseHead(response.code, response.content_type, response.body.size(), response.headers);
  if (request.method != "HEAD") message += response.body;
  return conn.Write(message, DeadlineIn(std::chrono::seconds(30)));
}

}  // namespace dmk
