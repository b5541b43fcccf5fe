#include "common/evaluate/http_hints.h"

namespace dmk {

bool SaysPlainHttpToTlsPort(int status, std::string_view body) {
  if (status != 400) return false;
  for (std::string_view words : {std::string_view("The plain HTTP request was sent to HTTPS port"),
                                 std::string_view("speaking plain HTTP to an SSL-enabled server port")}) {
    if (body.find(words) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace dmk
