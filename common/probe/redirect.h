// Redirects: whether the probe may follow a redirect (--follow), and where it leads. Part of the probe
// (probe.h); pure functions over libcurl's URL parser, no I/O.
#ifndef DMK_COMMON_PROBE_REDIRECT_H_
#define DMK_COMMON_PROBE_REDIRECT_H_

#include <string>

namespace dmk {

// True when the redirect from `from_url` to `to_url` may be followed: http/https only, to `host` (the
// --hostname, compared without case), never from https to http. Otherwise false, with the reason in `*why`.
bool RedirectAllowed(const std::string& from_url, const std::string& to_url, const std::string& host, std::string* why);

// The port `url` connects to, its scheme's default when it names none; 0 when `url` is not a valid URL.
int RedirectPort(const std::string& url);

}  // namespace dmk

#endif  // DMK_COMMON_PROBE_REDIRECT_H_
