// Probe: performs the one connection a check makes — DNS, TCP, TLS, the HTTP request and response — and
// records what happened at each layer. It drives libcurl, with curl_handle.h (the handle's settings),
// redirect.cc (which redirects are followed) and classify.h (naming a transfer's failure): no other code
// knows libcurl. It never fails: whatever the server or the network does ends up as data in the ProbeOutcome,
// bounded in time and size.
#ifndef DMK_COMMON_PROBE_PROBE_H_
#define DMK_COMMON_PROBE_PROBE_H_

#include <chrono>

#include "common/model/config.h"
#include "common/model/outcome.h"
#include "common/model/secret.h"

namespace dmk {

// Runs the probe described by `config`, authenticating with `secret`, and returns by `deadline` (the
// end of the check's time limit) at the latest. Initialises libcurl (curl_global_init) on first use:
// runs that end before a connection (--help, usage errors, DNS failures) never pay for it.
ProbeOutcome RunProbe(const Config& config, const Secret& secret, std::chrono::steady_clock::time_point deadline);

}  // namespace dmk

#endif  // DMK_COMMON_PROBE_PROBE_H_
