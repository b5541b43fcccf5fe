// Parsing of `--listen PORT:BEHAVIOR[=ARG][:plain]`; see listen_spec.h.
#include "tests/sim/listen_spec.h"

#include <array>
#include <charconv>
#include <system_error>

#include "tests/sim/api_answers.h"

namespace dmk {
namespace {

enum class ArgKind {
  kNone,            // BEHAVIOR alone.
  kOptionalNumber,  // BEHAVIOR or BEHAVIOR=N; default_number when absent.
  kRequiredNumber,  // BEHAVIOR=N.
  kRequiredText,    // BEHAVIOR=TEXT, TEXT non-empty.
  kUserPass,        // BEHAVIOR=USER:PASS.
  kLifeAge,         // BEHAVIOR=LIFE/AGE, each a whole number of days ("64d") or hours ("36h").
};

struct BehaviorInfo {
  std::string_view name;
  Behavior behavior;
  ArgKind arg;
  uint64_t min_number;
  uint64_t max_number;
  uint64_t default_number;
};

constexpr uint64_t kMiB = 1024 * 1024;

constexpr std::array kBehaviors = {
    BehaviorInfo{"ok", Behavior::kOk, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"slow", Behavior::kSlow, ArgKind::kOptionalNumber, 0, 600'000, 1500},
    BehaviorInfo{"silent", Behavior::kSilent, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"tls_stall", Behavior::kTlsStall, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"hang", Behavior::kHang, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"drip_headers", Behavior::kDripHeaders, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"drip_body", Behavior::kDripBody, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"reset", Behavior::kReset, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"reset_after_request", Behavior::kResetAfterRequest, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"auth_basic", Behavior::kAuthBasic, ArgKind::kUserPass, 0, 0, 0},
    BehaviorInfo{"auth_bearer", Behavior::kAuthBearer, ArgKind::kRequiredText, 0, 0, 0},
    BehaviorInfo{"status", Behavior::kStatus, ArgKind::kRequiredNumber, 100, 599, 0},
    BehaviorInfo{"expired", Behavior::kExpired, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"notyet", Behavior::kNotYet, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"selfsigned", Behavior::kSelfSigned, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"wronghost", Behavior::kWrongHost, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"chain", Behavior::kChain, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"expiring", Behavior::kExpiring, ArgKind::kRequiredNumber, 0, 3650, 0},
    BehaviorInfo{"lifetime", Behavior::kLifetime, ArgKind::kLifeAge, 0, 0, 0},
    BehaviorInfo{"mtls", Behavior::kMtls, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"big_body", Behavior::kBigBody, ArgKind::kRequiredNumber, 0, UINT64_MAX / 2, 0},
    BehaviorInfo{"no_length_body", Behavior::kNoLengthBody, ArgKind::kRequiredNumber, 0, UINT64_MAX / 2, 0},
    BehaviorInfo{"huge_headers", Behavior::kHugeHeaders, ArgKind::kRequiredNumber, 0, 256 * kMiB, 0},
    BehaviorInfo{"redirect", Behavior::kRedirect, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"redirect_loop", Behavior::kRedirectLoop, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"redirect_other", Behavior::kRedirectOther, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"redirect_http", Behavior::kRedirectHttp, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"hostile", Behavior::kHostile, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"hostile401", Behavior::kHostile401, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"echo_auth", Behavior::kEchoAuth, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"garbage", Behavior::kGarbage, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"short_body", Behavior::kShortBody, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"malformed_status", Behavior::kMalformedStatus, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"half_status", Behavior::kHalfStatus, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"close", Behavior::kClose, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"bad_length", Behavior::kBadLength, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"two_lengths", Behavior::kTwoLengths, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"no_colon", Behavior::kNoColon, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"bad_chunk", Behavior::kBadChunk, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"huge_chunk", Behavior::kHugeChunk, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"endless_chunks", Behavior::kEndlessChunks, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"gzip_bomb", Behavior::kGzipBomb, ArgKind::kOptionalNumber, 1, 1024 * kMiB, 100 * kMiB},
    BehaviorInfo{"endless_1xx", Behavior::kEndless1xx, ArgKind::kOptionalNumber, 0, 60'000, 0},
    BehaviorInfo{"huge_status", Behavior::kHugeStatus, ArgKind::kOptionalNumber, 1, 256 * kMiB, 10 * kMiB},
    BehaviorInfo{"status_line", Behavior::kStatusLine, ArgKind::kRequiredText, 0, 0, 0},
    BehaviorInfo{"slow_tls", Behavior::kSlowTls, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"tls_alert", Behavior::kTlsAlert, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"tls_garbage", Behavior::kTlsGarbage, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"plain_400", Behavior::kPlain400, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"https_port", Behavior::kHttpsPort, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"hostile_location", Behavior::kHostileLocation, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"no_location", Behavior::kNoLocation, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"hostile_cert", Behavior::kHostileCert, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"echo_secret", Behavior::kEchoSecret, ArgKind::kNone, 0, 0, 0},
    // Certificate chains.
    BehaviorInfo{"missing_intermediate", Behavior::kMissingIntermediate, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"untrusted_root", Behavior::kUntrustedRoot, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"no_san", Behavior::kNoSan, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"sha1_intermediate", Behavior::kSha1Intermediate, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"weak_key", Behavior::kWeakKey, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"out_of_order", Behavior::kOutOfOrder, ArgKind::kNone, 0, 0, 0},
    // Handshake behaviours (handshake_behaviors.h).
    BehaviorInfo{"tls_only", Behavior::kTlsOnly, ArgKind::kRequiredText, 0, 0, 0},
    BehaviorInfo{"weak_cipher", Behavior::kWeakCipher, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"weak_dh", Behavior::kWeakDh, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"big_chain", Behavior::kBigChain, ArgKind::kRequiredNumber, 1, 16 * kMiB, 0},
    BehaviorInfo{"client_cert_400", Behavior::kClientCert400, ArgKind::kNone, 0, 0, 0},
    BehaviorInfo{"client_cert_403", Behavior::kClientCert403, ArgKind::kRequiredNumber, 1, 99, 0},
    BehaviorInfo{"json", Behavior::kJson, ArgKind::kRequiredText, 0, 0, 0},
};

constexpr std::string_view kPlainSuffix = ":plain";

// Strict unsigned decimal: digits only, no sign, no spaces, no overflow.
bool ParseUnsigned(std::string_view text, uint64_t* value) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *value);
  return ec == std::errc() && ptr == end;
}

// "64d", "36h" or "6030m" in seconds, at most 20 years. Minutes let a test keep clear of the edge of a count
// the plugin rounds (43.5 hours left is "43 hours" however long the test takes to start the plugin).
bool ParseSpan(std::string_view text, int64_t* seconds) {
  if (text.size() < 2 || (text.back() != 'd' && text.back() != 'h' && text.back() != 'm')) return false;
  const int64_t unit = text.back() == 'd' ? 86400 : text.back() == 'h' ? 3600 : 60;
  uint64_t count = 0;
  if (!ParseUnsigned(text.substr(0, text.size() - 1), &count) || count > 20 * 366 * 24 * 60) return false;
  *seconds = static_cast<int64_t>(count) * unit;
  return *seconds <= 20LL * 366 * 86400;
}

// LIFE/AGE: a lifetime above zero and an age, which may exceed it (an expired certificate).
bool ParseLifeAge(std::string_view arg, ListenSpec* spec) {
  const size_t slash = arg.find('/');
  if (slash == std::string_view::npos) return false;
  return ParseSpan(arg.substr(0, slash), &spec->life_s) && spec->life_s > 0 &&
         ParseSpan(arg.substr(slash + 1), &spec->age_s);
}

}  // namespace

bool ParseListenSpec(std::string_view text, ListenSpec* spec, std::string* error) {
  *spec = ListenSpec();
  std::string_view rest = text;
  if (rest.size() > kPlainSuffix.size() && rest.ends_with(kPlainSuffix)) {
    spec->plain = true;
    rest.remove_suffix(kPlainSuffix.size());
  }

  const size_t colon = rest.find(':');
  if (colon == std::string_view::npos) {
    *error = "expected PORT:BEHAVIOR[=ARG][:plain], got '" + std::string(text) + "'";
    return false;
  }
  uint64_t port = 0;
  if (!ParseUnsigned(rest.substr(0, colon), &port) || port == 0 || port > 65535) {
    *error = "bad port in '" + std::string(text) + "' (want 1..65535)";
    return false;
  }
  spec->port = static_cast<uint16_t>(port);

  std::string_view behavior = rest.substr(colon + 1);
  std::string_view arg;
  bool has_arg = false;
  if (const size_t eq = behavior.find('='); eq != std::string_view::npos) {
    arg = behavior.substr(eq + 1);
    behavior = behavior.substr(0, eq);
    has_arg = true;
  }

  const BehaviorInfo* info = nullptr;
  for (const BehaviorInfo& candidate : kBehaviors) {
    if (candidate.name == behavior) info = &candidate;
  }
  if (info == nullptr) {
    *error = "unknown behaviour '" + std::string(behavior) + "' in '" + std::string(text) + "'";
    return false;
  }
  spec->behavior = info->behavior;
  spec->behavior_name = std::string(info->name);
  const std::string where = " in '" + std::string(text) + "'";

  switch (info->arg) {
    case ArgKind::kNone:
      if (has_arg) {
        *error = "behaviour '" + spec->behavior_name + "' takes no argument" + where;
        return false;
      }
      return true;
    case ArgKind::kOptionalNumber:
    case ArgKind::kRequiredNumber:
      if (!has_arg) {
        if (info->arg == ArgKind::kRequiredNumber) {
          *error = "behaviour '" + spec->behavior_name + "' needs =NUMBER" + where;
          return false;
        }
        spec->number = info->default_number;
        return true;
      }
      if (!ParseUnsigned(arg, &spec->number) || spec->number < info->min_number || spec->number > info->max_number) {
        *error = "behaviour '" + spec->behavior_name + "' needs a number in " + std::to_string(info->min_number) +
                 ".." + std::to_string(info->max_number) + where;
        return false;
      }
      spec->text = std::string(arg);
      return true;
    case ArgKind::kRequiredText:
      if (arg.empty()) {
        *error = "behaviour '" + spec->behavior_name + "' needs =TEXT" + where;
        return false;
      }
      spec->text = std::string(arg);
      if (spec->behavior == Behavior::kJson && !IsApiAnswerName(arg)) {
        *error = "behaviour 'json' has no answer '" + spec->text + "'" + where;
        return false;
      }
      return true;
    case ArgKind::kLifeAge:
      if (!ParseLifeAge(arg, spec)) {
        *error = "behaviour '" + spec->behavior_name +
                 "' needs =LIFE/AGE in days, hours or minutes (64d/43d, 6d/6030m)" + where;
        return false;
      }
      spec->text = std::string(arg);
      return true;
    case ArgKind::kUserPass:
      // RFC 7617 section 2: the user-id must not contain ':'; the password may.
      if (arg.find(':') == std::string_view::npos || arg.front() == ':') {
        *error = "behaviour '" + spec->behavior_name + "' needs =USER:PASS" + where;
        return false;
      }
      spec->text = std::string(arg);
      return true;
  }
  *error = "internal: unhandled argument kind";
  return false;
}

std::string LeafNameFor(const ListenSpec& spec) {
  switch (spec.behavior) {
    case Behavior::kExpired: return "expired";
    case Behavior::kNotYet: return "notyet";
    case Behavior::kSelfSigned: return "selfsigned";
    case Behavior::kWrongHost: return "wronghost";
    case Behavior::kChain: return "chain";
    case Behavior::kExpiring: return "expiring=" + std::to_string(spec.number);
    case Behavior::kLifetime: return "lifetime=" + spec.text;
    case Behavior::kHostileCert: return "hostile";
    case Behavior::kMissingIntermediate:
    case Behavior::kUntrustedRoot:
    case Behavior::kNoSan:
    case Behavior::kSha1Intermediate:
    case Behavior::kWeakKey:
    case Behavior::kOutOfOrder: return spec.behavior_name;
    default: return "good";
  }
}

}  // namespace dmk
