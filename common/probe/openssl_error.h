// OpenSSL's error text, as libcurl quotes it in its error messages, turned into words a contractor can act on.
//
// OpenSSL writes an error as "error:0A000410:SSL routines::sslv3 alert handshake failure": a packed code, the
// library's name, an empty function field and the reason. The plugin does not have OpenSSL load its 4,000
// libcrypto error strings at start-up (about 1 M instructions per check, see probe.cc), so library names read
// "lib(20)"; libssl's reasons, which name every TLS failure, are loaded by libssl itself. What a reader needs
// is the reason and the code to search for, not the library name.
#ifndef DMK_COMMON_PROBE_OPENSSL_ERROR_H_
#define DMK_COMMON_PROBE_OPENSSL_ERROR_H_

#include <string>
#include <string_view>

namespace dmk {

// Rewrites every "error:HHHHHHHH:LIBRARY:FUNCTION:REASON" in `text` (REASON runs to the end of the text or to
// the next "error:") as "REASON (OpenSSL error HHHHHHHH)". A reason OpenSSL has no words for ("reason(1200)")
// is described from the code: a TLS alert the peer sent that no TLS version defines ("the peer sent TLS alert
// 200, which no TLS version defines"), or "unknown reason N". Text that is not of that form is returned as is.
std::string DescribeOpenSslErrors(std::string_view text);

}  // namespace dmk

#endif  // DMK_COMMON_PROBE_OPENSSL_ERROR_H_
