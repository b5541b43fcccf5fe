// See server.h.
#include "tests/sim/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <system_error>
#include <thread>

#include "tests/sim/behaviors.h"
#include "tests/sim/connection.h"

namespace dmk {
namespace {

// Bounds threads and descriptors if a client opens connections in a loop; beyond it, new connections
// are closed at once.
constexpr int kMaxConnections = 256;
std::atomic<int> active_connections{0};

std::string PeerName(const sockaddr_storage& address) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (address.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address);
    inet_ntop(AF_INET6, &in6->sin6_addr, text.data(), static_cast<socklen_t>(text.size()));
    // Appending rather than `"[" + std::string(...)`: GCC 12 at -O3 warns falsely (-Wrestrict) on the
    // latter.
    std::string name = "[";
    name += text.data();
    name += "]:";
    name += std::to_string(ntohs(in6->sin6_port));
    return name;
  }
  const auto* in4 = reinterpret_cast<const sockaddr_in*>(&address);
  inet_ntop(AF_INET, &in4->sin_addr, text.data(), static_cast<socklen_t>(text.size()));
  return std::string(text.data()) + ":" + std::to_string(ntohs(in4->sin_port));
}

void ServeOnThread(int fd, const Listener* listener, const std::string& peer) {
  std::string outcome;
  try {
    Connection conn(fd);
    outcome = ServeConnection(conn, listener->spec, listener->tls.get());
  } catch (const std::exception& e) {
    outcome = std::string("internal error: ") + e.what();
  }
  --active_connections;
  LogLine(std::to_string(listener->spec.port) + " " + listener->spec.behavior_name +
          (listener->spec.plain ? ":plain " : " ") + peer + " " + outcome);
}

void AcceptLoop(int listen_fd, const Listener* listener) {
  for (;;) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    const int fd = accept4(listen_fd, reinterpret_cast<sockaddr*>(&address), &length, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EBADF || errno == EINVAL || errno == ENOTSOCK) return;  // Listener gone.
      // EMFILE and friends: back off instead of spinning; the connection stays queued.
      if (errno != EINTR && errno != ECONNABORTED) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    const std::string peer = PeerName(address);
    if (active_connections.fetch_add(1) >= kMaxConnections) {
      --active_connections;
      close(fd);
      LogLine(std::to_string(listener->spec.port) + " " + peer + " refused: too many connections");
      continue;
    }
    try {
      std::thread(ServeOnThread, fd, listener, peer).detach();
    } catch (const std::system_error& e) {
      --active_connections;
      close(fd);
      LogLine(std::to_string(listener->spec.port) + " " + peer + " dropped: " + e.what());
    }
  }
}

// address: nullptr for the loopback address of the family, else the family's in_addr or in6_addr.
int BindOne(int family, uint16_t port, std::string* error, const void* bind_to = nullptr) {
  const int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    *error = std::strerror(errno);
    return -1;
  }
  const int on = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  int rc;
  if (family == AF_INET6) {
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_port = htons(port);
    address.sin6_addr = in6addr_loopback;
    if (bind_to != nullptr) std::memcpy(&address.sin6_addr, bind_to, sizeof address.sin6_addr);
    rc = bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  } else {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind_to != nullptr) std::memcpy(&address.sin_addr, bind_to, sizeof address.sin_addr);
    rc = bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  }
  if (rc != 0 || listen(fd, SOMAXCONN) != 0) {
    *error = std::strerror(errno);
    close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

Listener::~Listener() {
  for (const int fd : fds) close(fd);
}

bool BindLoopback(Listener* listener, std::string* error, std::string* warning) {
  std::string why;
  const int fd4 = BindOne(AF_INET, listener->spec.port, &why);
  if (fd4 < 0) {
    *error = "cannot listen on 127.0.0.1:" + std::to_string(listener->spec.port) + ": " + why;
    return false;
  }
  listener->fds.push_back(fd4);
  const int fd6 = BindOne(AF_INET6, listener->spec.port, &why);
  if (fd6 < 0) {
    *warning = "not listening on [::1]:" + std::to_string(listener->spec.port) + ": " + why;
  } else {
    listener->fds.push_back(fd6);
  }
  return true;
}

bool BindAddress(Listener* listener, const std::string& address, std::string* error) {
  in6_addr ip6{};
  in_addr ip4{};
  std::string why;
  int fd = -1;
  if (inet_pton(AF_INET, address.c_str(), &ip4) == 1) {
    fd = BindOne(AF_INET, listener->spec.port, &why, &ip4);
  } else if (inet_pton(AF_INET6, address.c_str(), &ip6) == 1) {
    fd = BindOne(AF_INET6, listener->spec.port, &why, &ip6);
  } else {
    *error = "--bind '" + address + "' is not an IP address";
    return false;
  }
  if (fd < 0) {
    *error = "cannot listen on " + address + " port " + std::to_string(listener->spec.port) + ": " + why;
    return false;
  }
  listener->fds.push_back(fd);
  return true;
}

void StartAccepting(const Listener& listener) {
  for (const int fd : listener.fds) std::thread(AcceptLoop, fd, &listener).detach();
}

void LogLine(const std::string& line) {
  const std::string text = "dmk_sim: " + line + "\n";
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(STDERR_FILENO, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

}  // namespace dmk
