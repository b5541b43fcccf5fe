// The simulated DMK Community server: what one accepted connection experiences for each Behavior,
// from a healthy answer to resets, stalls, bad certificates and hostile bytes (tests/sim/README.md).
#ifndef DMK_TESTS_SIM_BEHAVIORS_H_
#define DMK_TESTS_SIM_BEHAVIORS_H_

#include <string>

#include "tests/sim/connection.h"
#include "tests/sim/listen_spec.h"

namespace dmk {

// Serves conn as spec says, over TLS with tls unless tls is null, and ends the connection. Never
// throws for anything the client does and never blocks longer than the behaviour's documented bound
// (120 s at most, or 30 s without progress). Returns a short description of what happened, for the log.
std::string ServeConnection(Connection& conn, const ListenSpec& spec, SSL_CTX* tls);

}  // namespace dmk

#endif  // DMK_TESTS_SIM_BEHAVIORS_H_
