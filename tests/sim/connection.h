// One accepted TCP connection, optionally wrapped in TLS, with every wait bounded by a deadline so that
// no client behaviour can block a simulator thread forever. The socket is non-blocking; waits use poll().
#ifndef DMK_TESTS_SIM_CONNECTION_H_
#define DMK_TESTS_SIM_CONNECTION_H_

#include <sys/types.h>

#include <chrono>
#include <string>
#include <string_view>

#include "tests/sim/openssl_ptr.h"

namespace dmk {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

inline Deadline DeadlineIn(std::chrono::milliseconds timeout) { return Clock::now() + timeout; }

class Connection {
 public:
  // Takes ownership of fd, a connected stream socket, and makes it non-blocking.
  explicit Connection(int fd);
  // Closes the socket abruptly if none of the Close* methods did.
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs the TLS server handshake with ctx. Returns false if it fails or the deadline passes; why is in
  // last_error(). Afterwards Read/Write go through TLS.
  bool AcceptTls(SSL_CTX* ctx, Deadline deadline);

  // Reads up to size bytes. Returns the count (> 0), 0 when the peer ended the stream, or -1 on error
  // or when the deadline passes (see last_error()).
  ssize_t Read(char* buffer, size_t size, Deadline deadline);

  // Waits for the first byte the peer sends (before TLS) and returns it without consuming it; -1 if the
  // peer sent nothing before it left or the deadline passed.
  int PeekFirstByte(Deadline deadline);

  // Writes all of data. Returns false if the peer went away or the deadline passed first.
  bool Write(std::string_view data, Deadline deadline);

  // Waits, reading nothing, until the peer closes or resets the connection (returns true) or the
  // deadline passes (false). Also serves as a sleep that ends early when the client gives up.
  bool WaitForPeerToLeave(Deadline deadline);

  // Reads raw bytes below any TLS and throws them away until the peer closes (true) or the deadline
  // passes (false).
  bool DiscardUntilPeerLeaves(Deadline deadline);

  // Ends the connection cleanly: TLS close_notify if a TLS session is up, then FIN, then up to 2 s of
  // discarding input until the peer's FIN, so that unread input does not turn close() into an RST
  // that could destroy the response in flight (RFC 9112 section 9.6).
  void CloseGracefully();

  // Ends the connection with a TCP RST (SO_LINGER with zero timeout) and no TLS alert.
  void CloseWithReset();

  bool tls() const { return ssl_ != nullptr; }
  // Why the last failing call failed: "timeout", "peer closed", an errno text or an OpenSSL reason.
  const std::string& last_error() const { return last_error_; }

 private:
  // Polls for events until the deadline. Returns true when the socket is ready (or in error, which
  // the following I/O call then reports), false on timeout.
  bool WaitFor(short events, Deadline deadline);
  // After an SSL_* call returned rc <= 0: waits as OpenSSL asks and returns true to retry, or records
  // the error and returns false.
  bool ShouldRetryTls(int rc, Deadline deadline);

  int fd_;
  SslPtr ssl_;
  bool tls_broken_ = false;  // A fatal TLS error happened; no close_notify may be sent.
  std::string last_error_;
};

}  // namespace dmk

#endif  // DMK_TESTS_SIM_CONNECTION_H_
