// Resolve: the DNS layer of the probe. The lookup runs on its own thread so that it is bounded by the
// time limit even though getaddrinfo() has none, and its error is kept apart from libcurl's so the
// output can say "name does not exist" rather than "could not resolve".
#ifndef DMK_COMMON_PROBE_RESOLVE_H_
#define DMK_COMMON_PROBE_RESOLVE_H_

#include <string>
#include <vector>

#include "common/model/config.h"
#include "common/model/outcome.h"

namespace dmk {

struct Resolution {
  std::vector<std::string> addresses;  // numeric, in the resolver's order, no duplicates
  Failure failure = Failure::kNone;    // kDns* or kTimeout
  std::string detail;                  // the resolver's own words
  double seconds = 0;
};

// Looks up `host` (ip_version 4, 6 or 0 for either) within `timeout_s` seconds. A lookup that outlives
// the limit is abandoned: its thread finishes on its own and touches nothing of the caller's.
Resolution Resolve(const std::string& host, int ip_version, double timeout_s);

// The probe's DNS stage. With --address there is nothing to look up, behind a proxy the proxy resolves, and
// libcurl connects to an IP literal itself: then `outcome` says the lookup was skipped (and holds the
// --address). Otherwise looks up the --hostname within `time_limit` seconds and records the addresses, the
// resolver's words, and the time in `outcome` and `*dns_seconds`. False, with the failure recorded in
// `outcome`, when the name did not resolve.
bool ResolveTarget(const Config& config, double time_limit, ProbeOutcome* outcome, double* dns_seconds);

}  // namespace dmk

#endif  // DMK_COMMON_PROBE_RESOLVE_H_
