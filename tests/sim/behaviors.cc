// See behaviors.h.
#include "tests/sim/behaviors.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <strings.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <string_view>

#include "tests/sim/api_answers.h"
#include "tests/sim/handshake_behaviors.h"
#include "tests/sim/http_request.h"
#include "tests/sim/http_response.h"

namespace dmk {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;

constexpr auto kIoTimeout = 30s;    // Handshake, request, and each write without progress.
constexpr auto kHoldOpen = 120s;    // How long stalling behaviours keep a connection.
constexpr auto kDripInterval = 1s;  // drip_headers, drip_body.
constexpr size_t kStreamChunk = 64 * 1024;

// Request targets are client input: keep log lines short and free of control bytes.
std::string Printable(std::string_view text) {
  std::string out;
  for (const char c : text.substr(0, 120)) out += (c > 0x20 && c < 0x7f) ? c : '?';
  if (text.size() > 120) out += "...";
  return out;
}

std::string Base64(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  out.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return out;
}

// The healthy DMK Community answer for path.
HttpResponse OkResponse(std::string_view path) {
  HttpResponse response;
  if (path == "/") {
    response.content_type = "text/html";
    response.body = "<html><body>DMK Community Server</body></html>";
  } else if (path == "/api/status") {
    response.content_type = "application/json";
    response.body = R"({"status":"ok","service":"DMK Community","version":"6.2"})";
  } else if (path == "/redirected") {
    response.body = "redirected ok";
  } else {
    response.code = 404;
    response.body = "not found";
  }
  return response;
}

HttpResponse Redirect(std::string location) {
  HttpResponse response;
  response.code = 302;
  response.body = "redirecting to " + location;
  response.headers.emplace_back("Location", std::move(location));
  return response;
}

// RFC 9110 section 11.4: "Authorization: <scheme> <credentials>", the scheme case-insensitive.
bool HasCredentials(const HttpRequest& request, std::string_view scheme, std::string_view expected) {
  const auto value = request.Header("Authorization");
  if (!value || value->size() <= scheme.size() || strncasecmp(value->data(), scheme.data(), scheme.size()) != 0 ||
      (*value)[scheme.size()] != ' ') {
    return false;
  }
  std::string_view credentials = value->substr(scheme.size());
  while (!credentials.empty() && credentials.front() == ' ') credentials.remove_prefix(1);
  return credentials == expected;
}

HttpResponse Unauthorized(std::string challenge) {
  HttpResponse response;
  response.code = 401;
  response.body = "unauthorized";
  response.headers.emplace_back("WWW-Authenticate", std::move(challenge));
  return response;
}

// /loop/N -> /loop/N+1; any other path counts as N = 0.
std::string NextLoopLocation(std::string_view path) {
  uint64_t n = 0;
  if (path.starts_with("/loop/")) {
    const std::string_view digits = path.substr(6);
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc() || ptr != digits.data() + digits.size() || n > 1'000'000'000) n = 0;
  }
  return "/loop/" + std::to_string(n + 1);
}

// A body made to break naive plugin output: a fake perfdata separator, NUL bytes, terminal escape
// sequences (colour, window title, clear screen), bare CR and LF, and enough text to need truncating.
std::string HostileBody() {
  std::string body = "DMK error | evil=1;2;3\r\nOK - all fine | fake=0;1;2;3;4\n"s;
  body += "\x1b[31mred alert\x1b[0m \x1b]0;pwned title\x07 \x1b[2J\x1b[H"s;
  body += "nul here:\0:and here:\0\0:end\r"s;
  body += "overwritten line\n\n"s;
  while (body.size() < 420) body += "The quick brown fox jumps over the lazy dog | x=1;2;3. ";
  body += "\n";
  return body;
}

// Status lines and headers with perfdata separators and control bytes, as a broken or malicious
// proxy could send them.
std::string HostileResponse(const HttpRequest& request, bool unauthorized) {
  const std::string body = HostileBody();
  std::string message = unauthorized ? "HTTP/1.1 401 Un|authorized x=1 \x1b[31m\x07\x01\r\n"s
                                     : "HTTP/1.1 500 Bad|Gateway x=1 \x1b[31m\x07\x01\r\n"s;
  message += "Content-Type: text/plain\r\n";
  message += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  message += "Connection: close\r\n";
  message += "X-Evil: a|b=c\x1b]0;title\x07\r\n"s;
  if (unauthorized) message += "WWW-Authenticate: Basic realm=\"a|b\x1b\"\r\n"s;
  message += "\r\n";
  if (request.method != "HEAD") message += body;
  return message;
}

// Ends the connection after a response and names the outcome for the log.
std::string Finish(Connection& conn, bool sent, const std::string& what) {
  if (!sent) {
    const std::string why = conn.last_error();
    conn.CloseGracefully();
    return what + " (client left: " + why + ")";
  }
  conn.CloseGracefully();
  return what;
}

std::string Answer(Connection& conn, const HttpRequest& request, const HttpResponse& response) {
  std::string what = std::to_string(response.code);
  for (const auto& [name, value] : response.headers) {
    if (name == "Location") what += " -> " + Printable(value);
  }
  return Finish(conn, SendResponse(conn, request, response), what);
}

// Sends 'x' * bytes after the head, in chunks, never holding the body in memory.
std::string StreamBody(Connection& conn, const HttpRequest& request, uint64_t bytes, bool with_length) {
  const std::string head =
      ResponseHead(200, "text/plain", with_length ? std::optional<uint64_t>(bytes) : std::nullopt, {});
  if (!conn.Write(head, DeadlineIn(kIoTimeout))) return Finish(conn, false, "200");
  if (request.method == "HEAD") return Finish(conn, true, "200 (head only)");
  const std::string chunk(kStreamChunk, 'x');
  uint64_t sent = 0;
  while (sent < bytes) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(chunk.size(), bytes - sent));
    if (!conn.Write(std::string_view(chunk).substr(0, n), DeadlineIn(kIoTimeout))) {
      return Finish(conn, false, "200 after " + std::to_string(sent) + " body bytes");
    }
    sent += n;
  }
  return Finish(conn, true, "200 with " + std::to_string(sent) + " body bytes");
}

// A 200 whose header section holds about `bytes` of "X-Pad-N: xxx..." lines of 1000 bytes each.
std::string HugeHeaders(Connection& conn, const HttpRequest& request, uint64_t bytes) {
  const std::string body = "huge headers ok";
  std::string pending =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\nConnection: close\r\n";
  constexpr size_t kLine = 1000;
  uint64_t left = bytes;
  for (uint64_t i = 1; left > 0; ++i) {
    const std::string name = "X-Pad-" + std::to_string(i) + ": ";
    const size_t line = static_cast<size_t>(std::min<uint64_t>(kLine, left));
    if (line < name.size() + 3) break;  // Too little left for a line with a value.
    pending += name;
    pending.append(line - name.size() - 2, 'x');
    pending += "\r\n";
    left -= line;
    if (pending.size() >= kStreamChunk) {
      if (!conn.Write(pending, DeadlineIn(kIoTimeout))) return Finish(conn, false, "200 huge headers");
      pending.clear();
    }
  }
  pending += "\r\n";
  if (request.method != "HEAD") pending += body;
  return Finish(conn, conn.Write(pending, DeadlineIn(kIoTimeout)),
                "200 with " + std::to_string(bytes - left) + " header bytes");
}

// Writes message one byte per kDripInterval; stops when the client leaves.
std::string Drip(Connection& conn, std::string_view message, size_t first_dripped) {
  if (!conn.Write(message.substr(0, first_dripped), DeadlineIn(kIoTimeout))) return Finish(conn, false, "drip");
  for (size_t i = first_dripped; i < message.size(); ++i) {
    if (conn.WaitForPeerToLeave(DeadlineIn(kDripInterval))) {
      conn.CloseGracefully();
      return "client left after " + std::to_string(i - first_dripped) + " dripped bytes";
    }
    if (!conn.Write(message.substr(i, 1), DeadlineIn(kIoTimeout))) return Finish(conn, false, "drip");
  }
  return Finish(conn, true, "dripped " + std::to_string(message.size() - first_dripped) + " bytes");
}

std::string HoldOpen(Connection& conn, std::string what) {
  const bool left = conn.WaitForPeerToLeave(DeadlineIn(kHoldOpen));
  conn.CloseGracefully();
  return what + (left ? ", client left" : ", gave up after 120 s");
}

// Writes message as it is and ends the connection: for answers no well-formed HttpResponse can express.
std::string SendRaw(Connection& conn, std::string_view message, const std::string& what) {
  return Finish(conn, conn.Write(message, DeadlineIn(kIoTimeout)), what);
}

// Writes the same piece again and again until the client leaves, a write stalls for kIoTimeout, or
// kHoldOpen has passed; `pause` between pieces (zero: as fast as the client reads).
std::string Repeat(Connection& conn, std::string_view piece, std::chrono::milliseconds pause, const std::string& what) {
  const Deadline give_up = DeadlineIn(kHoldOpen);
  uint64_t sent = 0;
  while (Clock::now() < give_up) {
    if (pause.count() > 0 && conn.WaitForPeerToLeave(DeadlineIn(pause))) break;
    if (!conn.Write(piece, DeadlineIn(kIoTimeout))) break;
    sent += piece.size();
  }
  conn.CloseGracefully();
  return what + ", " + std::to_string(sent) + " bytes sent";
}

// A gzip member (RFC 1952) whose deflate stream (RFC 1951) inflates to `size` zero bytes: one literal,
// then back-references of length 258 at distance 1 in the fixed Huffman code, 13 bits per 258 bytes,
// so 100 MiB of zeros travel as about 650 KiB.
std::string GzipOfZeros(uint64_t size) {
  std::string out = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"s;
  uint64_t bits = 0;
  int bit_count = 0;
  auto put = [&](uint32_t value, int count) {  // deflate packs values least significant bit first
    bits |= static_cast<uint64_t>(value) << bit_count;
    bit_count += count;
    while (bit_count >= 8) {
      out.push_back(static_cast<char>(bits & 0xffu));
      bits >>= 8;
      bit_count -= 8;
    }
  };
  auto put_code = [&](uint32_t code, int length) {  // ... and Huffman codes most significant bit first
    uint32_t reversed = 0;
    for (int i = 0; i < length; ++i) reversed |= ((code >> i) & 1u) << (length - 1 - i);
    put(reversed, length);
  };
  put(1, 1);  // BFINAL
  put(1, 2);  // BTYPE 01: fixed Huffman codes
  uint64_t left = size;
  if (left > 0) {
    put_code(0x30, 8);  // literal 0
    --left;
  }
  for (; left >= 258; left -= 258) {
    put_code(0xC5, 8);  // length symbol 285: 258 bytes
    put_code(0, 5);     // distance symbol 0: distance 1
  }
  for (; left > 0; --left) put_code(0x30, 8);
  put_code(0, 7);  // end of block
  if (bit_count > 0) put(0, 8 - bit_count);
  // CRC-32 (ISO 3309) of `size` zero bytes.
  std::array<uint32_t, 256> table{};
  for (uint32_t n = 0; n < 256; ++n) {
    uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1u) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  uint32_t crc = 0xFFFFFFFFu;
  for (uint64_t i = 0; i < size; ++i) crc = table[crc & 0xffu] ^ (crc >> 8);
  crc ^= 0xFFFFFFFFu;
  for (const uint32_t word : {crc, static_cast<uint32_t>(size & 0xFFFFFFFFu)}) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((word >> (8 * i)) & 0xffu));
  }
  return out;
}

// The password (Basic) or token (Bearer) the client sent, decoded; empty if none.
std::string SentSecret(const HttpRequest& request) {
  const std::string value(request.Header("Authorization").value_or(""));
  const size_t space = value.find(' ');
  if (space == std::string::npos) return "";
  const std::string scheme = value.substr(0, space);
  std::string credentials = value.substr(space + 1);
  if (strcasecmp(scheme.c_str(), "Bearer") == 0) return credentials;
  if (strcasecmp(scheme.c_str(), "Basic") != 0 || credentials.empty() || credentials.size() % 4 != 0) return "";
  std::string decoded(credentials.size(), '\0');
  const int n =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                      reinterpret_cast<const unsigned char*>(credentials.data()), static_cast<int>(credentials.size()));
  if (n < 0) return "";
  size_t length = static_cast<size_t>(n);
  for (auto it = credentials.rbegin(); it != credentials.rend() && *it == '='; ++it) --length;
  decoded.resize(length);
  const size_t colon = decoded.find(':');
  return colon == std::string::npos ? "" : decoded.substr(colon + 1);
}

// The secret the client sent, echoed where a plugin quotes server text, each time just across the
// length the plugin cuts that text at, so that a plugin which cuts before it redacts leaks a prefix.
std::string EchoSecretResponse(const HttpRequest& request) {
  const std::string secret = SentSecret(request);
  const std::string body = std::string(995, 'b') + secret + "\n" + secret + "\n";
  std::string message = "HTTP/1.1 500 " + std::string(50, 'r') + secret + "\r\n";
  message += "Content-Type: text/plain\r\n";
  message += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  message += "Connection: close\r\n";
  message += "X-Echo: " + std::string(290, 'h') + secret + "\r\n";
  message += "WWW-Authenticate: Basic realm=\"" + secret + "\"\r\n";
  message += "\r\n";
  if (request.method != "HEAD") message += body;
  return message;
}

// A chunked head (RFC 9112 section 7.1) for the chunk behaviours.
std::string ChunkedHead() {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
}

// Reads what the client sent first (its TLS ClientHello) into *hello; false if nothing came.
bool ReadFirstFlight(Connection& conn, std::string* hello) {
  std::array<char, 16 * 1024> buffer{};
  const ssize_t n = conn.Read(buffer.data(), buffer.size(), DeadlineIn(kIoTimeout));
  if (n <= 0) return false;
  hello->assign(buffer.data(), static_cast<size_t>(n));
  return true;
}

// Answers the client's ClientHello with a real server flight, computed in memory, and writes it one
// byte per kDripInterval: a slowloris on the client's handshake.
std::string DripTlsHandshake(Connection& conn, SSL_CTX* tls) {
  if (tls == nullptr) {
    conn.CloseGracefully();
    return "slow_tls needs a TLS listener";
  }
  SslPtr ssl(SSL_new(tls));
  BIO* in = BIO_new(BIO_s_mem());
  BIO* out = BIO_new(BIO_s_mem());
  if (!ssl || in == nullptr || out == nullptr) {
    BIO_free(in);
    BIO_free(out);
    conn.CloseGracefully();
    return "internal: cannot set up TLS in memory";
  }
  SSL_set_bio(ssl.get(), in, out);  // ssl owns both BIOs now
  SSL_set_accept_state(ssl.get());
  std::string flight;
  const Deadline deadline = DeadlineIn(kIoTimeout);
  while (flight.empty() && Clock::now() < deadline) {
    std::string hello;
    if (!ReadFirstFlight(conn, &hello)) {
      conn.CloseGracefully();
      return "slow_tls: no ClientHello";
    }
    BIO_write(in, hello.data(), static_cast<int>(hello.size()));
    ERR_clear_error();
    SSL_do_handshake(ssl.get());
    ERR_clear_error();
    flight.resize(BIO_ctrl_pending(out));
    size_t got = 0;
    if (!flight.empty() && BIO_read_ex(out, flight.data(), flight.size(), &got) == 1) flight.resize(got);
  }
  return "slow TLS: " + Drip(conn, flight, 0);
}

// What a plain HTTP server such as nginx answers to a TLS ClientHello: a 400 in plain text.
std::string Plain400(Connection& conn) {
  std::string hello;
  if (!ReadFirstFlight(conn, &hello)) {
    conn.CloseGracefully();
    return "plain_400: nothing received";
  }
  const std::string body = "<html><head><title>400 Bad Request</title></head><body>400 Bad Request</body></html>\r\n";
  return SendRaw(conn,
                 "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body,
                 "400 in plain text to a TLS client");
}

// nginx on an `ssl` port that receives plain HTTP: it answers a 400 in plain text that says so (nginx's
// ngx_http_error_497_page, status 497 sent as 400). Empty when the client speaks TLS (a handshake record,
// RFC 8446 section 5.1: content type 22): then the connection goes on as "ok".
std::string PlainHttpToTlsPort(Connection& conn) {
  const int first = conn.PeekFirstByte(DeadlineIn(kIoTimeout));
  if (first < 0) return Finish(conn, false, "https_port: nothing received");
  if (first == 0x16) return "";
  std::string request;
  ReadFirstFlight(conn, &request);
  const std::string body =
      "<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n"
      "<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>"
      "\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
  return SendRaw(conn,
                 "HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Type: text/html\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body,
                 "nginx's 400 to plain HTTP on a TLS port");
}

std::string RandomBytes(size_t size) {
  std::string bytes(size, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size())) != 1) {
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 131 + 7) & 0xff);
  }
  return bytes;
}

std::string ServeRequest(Connection& conn, const ListenSpec& spec, const HttpRequest& request) {
  switch (spec.behavior) {
    case Behavior::kOk:
    case Behavior::kExpired:
    case Behavior::kNotYet:
    case Behavior::kSelfSigned:
    case Behavior::kWrongHost:
    case Behavior::kChain:
    case Behavior::kExpiring:
    case Behavior::kLifetime:
    case Behavior::kMtls:
    case Behavior::kMissingIntermediate:
    case Behavior::kUntrustedRoot:
    case Behavior::kNoSan:
    case Behavior::kSha1Intermediate:
    case Behavior::kWeakKey:
    case Behavior::kOutOfOrder:
    case Behavior::kHttpsPort: return Answer(conn, request, OkResponse(request.path));
    case Behavior::kSlow:
      if (conn.WaitForPeerToLeave(DeadlineIn(std::chrono::milliseconds(spec.number)))) {
        conn.CloseGracefully();
        return "client left during the delay";
      }
      return Answer(conn, request, OkResponse(request.path));
    case Behavior::kHang: return HoldOpen(conn, "no answer");
    case Behavior::kDripHeaders: {
      const std::string message = ResponseHead(200, "text/plain", 3, {}) + "ok\n";
      return Drip(conn, message, 0);
    }
    case Behavior::kDripBody: {
      std::string message = ResponseHead(200, "text/plain", 100, {});
      const size_t head_size = message.size();
      for (int i = 0; i < 100; ++i) message += static_cast<char>('0' + i % 10);
      return Drip(conn, message, head_size);
    }
    case Behavior::kResetAfterRequest: conn.CloseWithReset(); return "reset after request";
    case Behavior::kAuthBasic:
      if (HasCredentials(request, "Basic", Base64(spec.text))) return Answer(conn, request, OkResponse(request.path));
      return Answer(conn, request, Unauthorized("Basic realm=\"DMK\""));
    case Behavior::kAuthBearer:
      if (HasCredentials(request, "Bearer", spec.text)) return Answer(conn, request, OkResponse(request.path));
      return Answer(conn, request, Unauthorized("Bearer"));
    case Behavior::kJson: return Answer(conn, request, ApiAnswer(spec.text).value_or(HttpResponse{}));
    case Behavior::kStatus: {
      HttpResponse response;
      response.code = static_cast<int>(spec.number);
      response.body = "error " + std::to_string(spec.number);
      return Answer(conn, request, response);
    }
    case Behavior::kBigBody: return StreamBody(conn, request, spec.number, true);
    case Behavior::kNoLengthBody: return StreamBody(conn, request, spec.number, false);
    case Behavior::kHugeHeaders: return HugeHeaders(conn, request, spec.number);
    case Behavior::kRedirect:
      if (request.path == "/redirected") return Answer(conn, request, OkResponse(request.path));
      return Answer(conn, request, Redirect("/redirected"));
    case Behavior::kRedirectLoop: return Answer(conn, request, Redirect(NextLoopLocation(request.path)));
    case Behavior::kRedirectOther: return Answer(conn, request, Redirect("https://other.example/"));
    case Behavior::kRedirectHttp:
      if (request.path == "/redirected") return Answer(conn, request, OkResponse(request.path));
      return Answer(conn, request, Redirect("http://dmk.test:" + std::to_string(spec.port) + "/redirected"));
    case Behavior::kHostile:
    case Behavior::kHostile401: {
      const bool is_401 = spec.behavior == Behavior::kHostile401;
      return Finish(conn, conn.Write(HostileResponse(request, is_401), DeadlineIn(kIoTimeout)),
                    is_401 ? "hostile 401" : "hostile 500");
    }
    case Behavior::kEchoAuth: {
      HttpResponse response;
      const auto authorization = request.Header("Authorization");
      response.body =
          "authorization: " + std::string(authorization.value_or("(none)")) + "\n\nrequest head:\n" + request.head;
      return Answer(conn, request, response);
    }
    case Behavior::kGarbage: {
      std::string garbage(4096, '\0');
      if (RAND_bytes(reinterpret_cast<unsigned char*>(garbage.data()), static_cast<int>(garbage.size())) != 1) {
        for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>((i * 131 + 7) & 0xff);
      }
      return Finish(conn, conn.Write(garbage, DeadlineIn(kIoTimeout)), "4096 random bytes");
    }
    case Behavior::kShortBody: {
      const std::string message = ResponseHead(200, "text/plain", 1000, {}) + "0123456789";
      return Finish(conn, conn.Write(message, DeadlineIn(kIoTimeout)), "200 cut after 10 of 1000 body bytes");
    }
    case Behavior::kMalformedStatus:
      return Finish(conn, conn.Write("HELLO WORLD\r\n\r\n", DeadlineIn(kIoTimeout)), "malformed status line");
    case Behavior::kHalfStatus:
      if (!conn.Write("HTTP/1.1 20", DeadlineIn(kIoTimeout))) return Finish(conn, false, "half status line");
      return HoldOpen(conn, "half status line");
    case Behavior::kBadLength:
      return SendRaw(conn,
                     "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: -1\r\nConnection: close\r\n\r\n"
                     "a body with a negative length\n",
                     "200 with Content-Length: -1");
    case Behavior::kTwoLengths:
      return SendRaw(conn,
                     "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 10\r\nContent-Length: 1000\r\n"
                     "Connection: close\r\n\r\n0123456789",
                     "200 with Content-Length 10 and 1000");
    case Behavior::kNoColon:
      return SendRaw(conn,
                     "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nThis header line has no colon\r\n"
                     "Content-Length: 3\r\nConnection: close\r\n\r\nok\n",
                     "200 with a header line without colon");
    case Behavior::kBadChunk:
      return SendRaw(conn, ChunkedHead() + "zz\r\nhello\r\n0\r\n\r\n", "200 chunked, chunk size 'zz'");
    case Behavior::kHugeChunk:
      return SendRaw(conn, ChunkedHead() + "fffffffffffffffffffff\r\nhello\r\n0\r\n\r\n",
                     "200 chunked, a chunk size beyond 64 bits");
    case Behavior::kEndlessChunks: {
      if (!conn.Write(ChunkedHead(), DeadlineIn(kIoTimeout))) return Finish(conn, false, "200 chunked");
      return Repeat(conn, "1000\r\n" + std::string(0x1000, 'x') + "\r\n", std::chrono::milliseconds(0),
                    "200 with endless chunks");
    }
    case Behavior::kGzipBomb: {
      const std::string body = GzipOfZeros(spec.number);
      return SendRaw(
          conn,
          ResponseHead(200, "text/plain", body.size(), {{"Content-Encoding", "gzip"}}) +
              (request.method == "HEAD" ? "" : body),
          "200 gzip of " + std::to_string(spec.number) + " zero bytes in " + std::to_string(body.size()) + " bytes");
    }
    case Behavior::kEndless1xx:
      return Repeat(conn, "HTTP/1.1 102 Processing\r\n\r\n", std::chrono::milliseconds(spec.number),
                    "endless 102 Processing");
    case Behavior::kHugeStatus: {
      if (!conn.Write("HTTP/1.1 200 ", DeadlineIn(kIoTimeout))) return Finish(conn, false, "huge status line");
      const std::string chunk(kStreamChunk, 'A');
      uint64_t sent = 0;
      while (sent < spec.number) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(chunk.size(), spec.number - sent));
        if (!conn.Write(std::string_view(chunk).substr(0, n), DeadlineIn(kIoTimeout))) {
          return Finish(conn, false, "status line cut after " + std::to_string(sent) + " bytes");
        }
        sent += n;
      }
      return SendRaw(conn, "\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n",
                     "status line of " + std::to_string(sent) + " bytes");
    }
    case Behavior::kStatusLine:
      return SendRaw(conn,
                     spec.text + "\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n",
                     "status line '" + Printable(spec.text) + "'");
    case Behavior::kHostileLocation: {
      std::string location = "/next|perf=1;2;3\x1b[31m\x07"s;
      location.append(8000, 'x');
      return SendRaw(conn,
                     "HTTP/1.1 302 Found\r\nContent-Type: text/plain\r\nContent-Length: 0\r\nConnection: close\r\n"
                     "Location: " +
                         location + "\r\n\r\n",
                     "302 to a hostile Location");
    }
    case Behavior::kNoLocation:
      return SendRaw(
          conn, "HTTP/1.1 302 Found\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n",
          "302 without Location");
    case Behavior::kHostileCert: return Answer(conn, request, OkResponse(request.path));
    case Behavior::kTlsOnly:
    case Behavior::kWeakCipher:
    case Behavior::kWeakDh:
    case Behavior::kBigChain: return Answer(conn, request, OkResponse(request.path));
    case Behavior::kClientCert400:
    case Behavior::kClientCert403: return Answer(conn, request, ClientCertDemandResponse(spec));
    case Behavior::kEchoSecret: return SendRaw(conn, EchoSecretResponse(request), "500 echoing the secret");
    case Behavior::kSilent:
    case Behavior::kTlsStall:
    case Behavior::kReset:
    case Behavior::kClose:
    case Behavior::kSlowTls:
    case Behavior::kTlsAlert:
    case Behavior::kTlsGarbage:
    case Behavior::kPlain400: break;  // Handled before any request is read.
  }
  conn.CloseGracefully();
  return "internal: behaviour reached the request stage";
}

}  // namespace

std::string ServeConnection(Connection& conn, const ListenSpec& spec, SSL_CTX* tls) {
  // Behaviours that act before TLS and HTTP.
  switch (spec.behavior) {
    case Behavior::kSilent: return HoldOpen(conn, "silent");
    case Behavior::kTlsStall: {
      const bool left = conn.DiscardUntilPeerLeaves(DeadlineIn(kHoldOpen));
      conn.CloseGracefully();
      return left ? "stalled, client left" : "stalled, gave up after 120 s";
    }
    case Behavior::kReset: conn.CloseWithReset(); return "reset";
    case Behavior::kClose: conn.CloseGracefully(); return "closed";
    case Behavior::kSlowTls: return DripTlsHandshake(conn, tls);
    case Behavior::kTlsAlert: {
      // A fatal alert (RFC 8446 section 6) with a description no TLS version defines.
      std::string hello;
      if (!ReadFirstFlight(conn, &hello)) return Finish(conn, false, "tls_alert");
      return SendRaw(conn, "\x15\x03\x03\x00\x02\x02\xc8"s + RandomBytes(64), "fatal TLS alert 200 and garbage");
    }
    case Behavior::kTlsGarbage: {
      std::string hello;
      if (!ReadFirstFlight(conn, &hello)) return Finish(conn, false, "tls_garbage");
      return SendRaw(conn, RandomBytes(4096), "4096 random bytes for a ClientHello");
    }
    case Behavior::kPlain400: return Plain400(conn);
    case Behavior::kHttpsPort:
      if (std::string answered = PlainHttpToTlsPort(conn); !answered.empty()) return answered;
      break;
    default: break;
  }

  if (tls != nullptr && !conn.AcceptTls(tls, DeadlineIn(kIoTimeout))) {
    const std::string why = conn.last_error();
    conn.CloseGracefully();
    return "TLS handshake failed: " + why;
  }

  HttpRequest request;
  HttpResponse refusal;
  switch (ReadRequest(conn, DeadlineIn(kIoTimeout), &request)) {
    case RequestStatus::kComplete: break;
    case RequestStatus::kPeerClosed: conn.CloseGracefully(); return "client closed before sending a request";
    case RequestStatus::kFailed: {
      const std::string why = conn.last_error();
      conn.CloseGracefully();
      return "no request: " + why;
    }
    case RequestStatus::kMalformed:
      refusal.code = 400;
      refusal.body = "bad request";
      return Answer(conn, request, refusal) + " (malformed request)";
    case RequestStatus::kHeadTooLarge:
      refusal.code = 431;
      refusal.body = "request head too large";
      return Answer(conn, request, refusal);
    case RequestStatus::kBodyTooLarge:
      refusal.code = 413;
      refusal.body = "request body too large";
      return Answer(conn, request, refusal);
    case RequestStatus::kUnsupported:
      refusal.code = 501;
      refusal.body = "request transfer codings are not supported";
      return Answer(conn, request, refusal);
  }
  return Printable(request.method) + " " + Printable(request.target) + " " + ServeRequest(conn, spec, request);
}

}  // namespace dmk
