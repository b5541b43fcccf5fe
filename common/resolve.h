// Resolve: the DNS layer of the probe. The lookup runs on its own thread so that it is bounded by the
// time limit even though getaddrinfo() has none, and its error is kept apart from libcurl's so the
// output can say "name does not exist" rather than "could not resolve".
#ifndef DMK_COMMON_RESOLVE_H_
#define DMK_COMMON_RESOLVE_H_

#include <string>
#include <vector>

#include "common/outcome.h"

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

}  // namespace dmk

#endif  // DMK_COMMON_RESOLVE_H_
