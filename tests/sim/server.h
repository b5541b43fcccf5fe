// Listening sockets of the simulator and the threads that accept on them: one detached thread per
// listening socket, one detached thread per accepted connection. Loopback only, unless --bind names
// another local address.
#ifndef DMK_TESTS_SIM_SERVER_H_
#define DMK_TESTS_SIM_SERVER_H_

#include <string>
#include <vector>

#include "tests/sim/listen_spec.h"
#include "tests/sim/openssl_ptr.h"

namespace dmk {

struct Listener {
  Listener() = default;
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  // Closes the sockets. Only for listeners whose accept threads never started: the simulator ends with
  // _exit() once they run.
  ~Listener();

  ListenSpec spec;
  SslCtxPtr tls;         // Null for ":plain" listeners.
  std::vector<int> fds;  // Listening sockets: 127.0.0.1 and, when it could be bound, ::1 (or the --bind address).
};

// Binds and listens on 127.0.0.1:listener->spec.port (failure is an error: returns false, sets *error)
// and on [::1] at the same port (failure only sets *warning).
bool BindLoopback(Listener* listener, std::string* error, std::string* warning);

// Binds and listens on address (an IPv4 or IPv6 literal) at listener->spec.port only: for tests that
// put the simulator in a network namespace of its own, behind a veth link (tests/netem/). Returns false
// and sets *error on failure.
bool BindAddress(Listener* listener, const std::string& address, std::string* error);

// Starts the accept threads of listener. listener must stay alive and unchanged while they run, i.e.
// until the process exits. Throws std::system_error if a thread cannot be created.
void StartAccepting(const Listener& listener);

// Writes one line to stderr with a single write(2), so that lines from concurrent threads do not mix.
void LogLine(const std::string& line);

}  // namespace dmk

#endif  // DMK_TESTS_SIM_SERVER_H_
