// HTTP hints: recognises answers whose words tell what is wrong with how we connect, beyond the status
// code, so the status line can say what to change.
#ifndef DMK_COMMON_EVALUATE_HTTP_HINTS_H_
#define DMK_COMMON_EVALUATE_HTTP_HINTS_H_

#include <string_view>

namespace dmk {

// True when a 400 answer says a plain HTTP request reached a TLS port: nginx ("The plain HTTP request was
// sent to HTTPS port", its error 497 sent as 400) and Apache httpd ("You're speaking plain HTTP to an
// SSL-enabled server port"). `body` is the start of the response body.
bool SaysPlainHttpToTlsPort(int status, std::string_view body);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_HTTP_HINTS_H_
