// Secrets: what a check carries that must never be printed, and every form in which a server might echo it
// back. The one list of secret-bearing header names, behind refusing them on the command line, redacting
// them from -vv dumps, from the output and from what --expect-header quotes of the answer. Loading the
// secret is credentials.h's job; this unit only knows what one looks like.
#ifndef DMK_COMMON_MODEL_SECRET_H_
#define DMK_COMMON_MODEL_SECRET_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/model/config.h"

namespace dmk {

struct Secret {
  AuthType type = AuthType::kNone;
  std::string user;      // basic
  std::string password;  // basic
  std::string token;     // bearer
};

// True for the header names that carry a secret (Authorization, Proxy-Authorization, Cookie, and the
// server's Set-Cookie), in any case, surrounding blanks ignored. The one list behind refusing them on the
// command line, redacting them from -vv dumps, redacting their values from the output and from what
// --expect-header quotes of the answer.
bool IsSecretHeaderName(std::string_view name);

// Every string in `secret` that must never be printed, including the encodings a server might echo back
// (the base64 of "user:password"). Empty strings are left out.
std::vector<std::string> SecretForms(const Secret& secret);

// The secrets an --extra-opts file can carry outside --auth, in the forms a server might echo back: the
// value of an Authorization, Proxy-Authorization or Cookie --header (whole, its credentials after the
// scheme, and each cookie's value), and the password of a --proxy URL with the base64 of its
// user:password. Empty strings are left out.
std::vector<std::string> ConfigSecretForms(const Config& config);

}  // namespace dmk

#endif  // DMK_COMMON_MODEL_SECRET_H_
