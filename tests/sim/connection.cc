// See connection.h.
#include "tests/sim/connection.h"

#include <fcntl.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace dmk {
namespace {

constexpr auto kLingeringCloseTime = std::chrono::seconds(2);

int PollTimeoutMs(Deadline deadline) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<decltype(left)>(left, 0, 60'000));
}

std::string TlsErrorText() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "tls: protocol error";
  const char* reason = ERR_reason_error_string(code);
  return std::string("tls: ") + (reason != nullptr ? reason : "error");
}

}  // namespace

Connection::Connection(int fd) : fd_(fd) {
  const int flags = fcntl(fd_, F_GETFL);
  if (flags >= 0) fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
}

Connection::~Connection() {
  if (fd_ >= 0) close(fd_);
}

bool Connection::WaitFor(short events, Deadline deadline) {
  for (;;) {
    pollfd entry{fd_, events, 0};
    const int timeout = PollTimeoutMs(deadline);
    const int rc = poll(&entry, 1, timeout);
    if (rc > 0) return true;
    if (rc < 0 && errno != EINTR) {
      last_error_ = std::strerror(errno);
      return false;
    }
    if (rc == 0 && Clock::now() >= deadline) {
      last_error_ = "timeout";
      return false;
    }
  }
}

bool Connection::ShouldRetryTls(int rc, Deadline deadline) {
  const int error = SSL_get_error(ssl_.get(), rc);
  switch (error) {
    case SSL_ERROR_WANT_READ: return WaitFor(POLLIN, deadline);
    case SSL_ERROR_WANT_WRITE: return WaitFor(POLLOUT, deadline);
    case SSL_ERROR_ZERO_RETURN: last_error_ = "peer closed"; return false;
    case SSL_ERROR_SYSCALL:
      tls_broken_ = true;
      last_error_ = errno != 0 ? std::strerror(errno) : "peer closed";
      ERR_clear_error();
      return false;
    default:
      tls_broken_ = true;
      last_error_ = TlsErrorText();
      return false;
  }
}

bool Connection::AcceptTls(SSL_CTX* ctx, Deadline deadline) {
  ssl_.reset(SSL_new(ctx));
  if (!ssl_ || SSL_set_fd(ssl_.get(), fd_) != 1) {
    ssl_.reset();
    last_error_ = TlsErrorText();
    return false;
  }
  for (;;) {
    ERR_clear_error();
    errno = 0;
    const int rc = SSL_accept(ssl_.get());
    if (rc == 1) return true;
    if (!ShouldRetryTls(rc, deadline)) {
      // A handshake cut short is broken whatever the error was: no close_notify afterwards.
      tls_broken_ = true;
      return false;
    }
  }
}

ssize_t Connection::Read(char* buffer, size_t size, Deadline deadline) {
  for (;;) {
    if (ssl_) {
      ERR_clear_error();
      errno = 0;
      size_t got = 0;
      const int rc = SSL_read_ex(ssl_.get(), buffer, size, &got);
      if (rc == 1) return static_cast<ssize_t>(got);
      if (SSL_get_error(ssl_.get(), rc) == SSL_ERROR_ZERO_RETURN) return 0;
      if (!ShouldRetryTls(rc, deadline)) return -1;
      continue;
    }
    const ssize_t n = recv(fd_, buffer, size, 0);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      last_error_ = std::strerror(errno);
      return -1;
    }
    if (!WaitFor(POLLIN, deadline)) return -1;
  }
}

int Connection::PeekFirstByte(Deadline deadline) {
  for (;;) {
    unsigned char byte = 0;
    const ssize_t n = recv(fd_, &byte, 1, MSG_PEEK);
    if (n == 1) return byte;
    if (n == 0) return -1;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      last_error_ = std::strerror(errno);
      return -1;
    }
    if (!WaitFor(POLLIN, deadline)) return -1;
  }
}

bool Connection::Write(std::string_view data, Deadline deadline) {
  size_t done = 0;
  while (done < data.size()) {
    if (ssl_) {
      ERR_clear_error();
      errno = 0;
      size_t written = 0;
      // Without SSL_MODE_ENABLE_PARTIAL_WRITE a successful SSL_write_ex writes everything; a retry after
      // WANT_* repeats the same arguments, as OpenSSL requires.
      const int rc = SSL_write_ex(ssl_.get(), data.data() + done, data.size() - done, &written);
      if (rc == 1) {
        done += written;
        continue;
      }
      if (!ShouldRetryTls(rc, deadline)) return false;
      continue;
    }
    const ssize_t n = send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n >= 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      last_error_ = std::strerror(errno);
      return false;
    }
    if (!WaitFor(POLLOUT, deadline)) return false;
  }
  return true;
}

bool Connection::WaitForPeerToLeave(Deadline deadline) {
  // POLLRDHUP reports the peer's FIN without consuming any data; POLLHUP/POLLERR (always reported)
  // cover an RST. Data arriving does not wake us, so this never spins.
  for (;;) {
    pollfd entry{fd_, POLLRDHUP, 0};
    const int rc = poll(&entry, 1, PollTimeoutMs(deadline));
    if (rc > 0) return true;
    if (rc < 0 && errno != EINTR) return true;
    if (rc == 0 && Clock::now() >= deadline) return false;
  }
}

bool Connection::DiscardUntilPeerLeaves(Deadline deadline) {
  std::array<char, 16 * 1024> scratch{};
  for (;;) {
    const ssize_t n = recv(fd_, scratch.data(), scratch.size(), 0);
    if (n == 0) return true;
    if (n > 0) continue;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return true;
    if (!WaitFor(POLLIN, deadline)) return false;
  }
}

void Connection::CloseGracefully() {
  if (fd_ < 0) return;
  if (ssl_ && !tls_broken_ && SSL_is_init_finished(ssl_.get()) == 1) {
    const Deadline deadline = DeadlineIn(kLingeringCloseTime);
    for (;;) {
      ERR_clear_error();
      errno = 0;
      const int rc = SSL_shutdown(ssl_.get());
      // 0: our close_notify is out; we do not wait for the peer's (RFC 8446 section 6.1 allows that).
      if (rc >= 0) break;
      if (SSL_get_error(ssl_.get(), rc) != SSL_ERROR_WANT_WRITE || !WaitFor(POLLOUT, deadline)) break;
    }
    ERR_clear_error();
  }
  shutdown(fd_, SHUT_WR);
  DiscardUntilPeerLeaves(DeadlineIn(kLingeringCloseTime));
  close(fd_);
  fd_ = -1;
}

void Connection::CloseWithReset() {
  if (fd_ < 0) return;
  const linger abort_on_close{1, 0};
  setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
  close(fd_);
  fd_ = -1;
}

}  // namespace dmk
