#include "common/options.h"

#include <arpa/inet.h>
#include <openssl/evp.h>
#include <regex.h>
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cctype>
#include <sstream>
#include <utility>

#include "common/ca_file.h"
#include "common/credentials.h"
#include "common/file_access.h"
#include "common/header_assert.h"
#include "common/help_format.h"
#include "common/json_assert.h"
#include "common/posix_regex.h"
#include "common/number.h"
#include "common/option_suggest.h"
#include "common/proxy_policy.h"
#include "common/proxy_url.h"
#include "common/reason.h"
#include "common/small_file.h"

#ifndef DMK_VERSION
#error "DMK_VERSION must be defined by the build (project(VERSION) in CMakeLists.txt)"
#endif

namespace dmk {

namespace po = boost::program_options;

namespace {

constexpr std::size_t kMaxIniBytes = 1024 * 1024;

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// The pieces of `text` between `separator`s, as std::getline would give them (nothing after a trailing
// separator), without the stream and locale set-up a std::istringstream costs on every check.
std::vector<std::string_view> Pieces(std::string_view text, char separator) {
  std::vector<std::string_view> pieces;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) end = text.size();
    pieces.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return pieces;
}

std::string Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

// The option groups with their captions (Boost 1.74 has no accessor for one), in --help's order.
std::vector<std::pair<std::string, po::options_description>> DescribeGroups() {
  po::options_description target("Target");
  target.add_options()
      ("hostname,H", po::value<std::string>()->value_name("HOST"),
       "community server's host name; sent as TLS SNI and Host header (required)")
      ("address,I", po::value<std::string>()->value_name("IP"),
       "connect to this IP address and skip DNS; SNI and Host stay --hostname")
      ("ipv4,4", po::bool_switch(), "resolve and connect over IPv4 only")
      ("ipv6,6", po::bool_switch(), "resolve and connect over IPv6 only")
      ("port,p", po::value<std::string>()->value_name("PORT"), "TCP port (default: 443, 80 with --no-tls)")
      ("community", po::value<std::string>()->value_name("NAME"),
       "community name shown in the status line (default: the host name)");

  po::options_description tls("TLS");
  tls.add_options()
      ("no-tls", po::bool_switch(), "speak plain HTTP instead of HTTPS")
      ("ca-file", po::value<std::string>()->value_name("FILE"),
       "trust the CA certificates in FILE (PEM) instead of the system trust store")
      ("ca-path", po::value<std::string>()->value_name("DIR"),
       "trust the hashed CA directory DIR instead of the system trust store (default: /etc/ssl/certs)")
      ("pin-sha256", po::value<std::vector<std::string>>()->composing()->value_name("BASE64"),
       "accept the server key whose SubjectPublicKeyInfo has this SHA-256 (base64, optional 'sha256//' "
       "prefix), even without a trusted CA; any other key is CRITICAL; repeatable")
      ("insecure", po::bool_switch(), "do not verify the server certificate (the status line says so)")
      ("cert-warning", po::value<std::string>()->value_name("DAYS"),
       "WARNING when the earliest certificate in the chain expires within DAYS (default: 30)")
      ("cert-critical", po::value<std::string>()->value_name("DAYS"),
       "CRITICAL when the earliest certificate in the chain expires within DAYS (default: 14)")
      ("cn-only-state", po::value<std::string>()->value_name("STATE"),
       "state when the certificate names the host only in its Common Name, with no subjectAltName (OpenSSL "
       "accepts it, current clients do not): ok, warning, critical or unknown (default: warning)")
      ("client-cert", po::value<std::string>()->value_name("FILE"), "client certificate (PEM) for mutual TLS")
      ("client-key", po::value<std::string>()->value_name("FILE"), "private key (PEM) for --client-cert")
      ("tls-min", po::value<std::string>()->value_name("VERSION"),
       "1.2 or 1.3: a server that negotiates an older TLS version is CRITICAL, before the request is sent "
       "(default: what this host's OpenSSL accepts)");

  po::options_description http("HTTP and API");
  http.add_options()
      ("uri,u", po::value<std::string>()->value_name("PATH"), "request path and query (default: /)")
      ("method", po::value<std::string>()->value_name("METHOD"), "GET, HEAD or POST (default: GET)")
      ("header", po::value<std::vector<std::string>>()->composing()->value_name("'NAME: VALUE'"),
       "extra request header; repeatable; Authorization, Proxy-Authorization and Cookie only from "
       "--extra-opts")
      ("body", po::value<std::string>()->value_name("TEXT"), "request body, with --method POST")
      ("expect-status", po::value<std::string>()->value_name("LIST"),
       "accepted status codes and classes, e.g. 200,204,3xx (default: 2xx)")
      ("expect-body", po::value<std::string>()->value_name("REGEX"),
       "POSIX extended regular expression the response body (its first 1 MiB) must match")
      ("expect-json", po::value<std::vector<std::string>>()->composing()->value_name("'POINTER[OP VALUE]'"),
       "the JSON answer must hold this: a JSON Pointer, alone (it exists) or with = != < <= > >= (a string, "
       "number, true, false or null) or =~ (a POSIX extended regex), e.g. '/status=ok', "
       "'/encoders/online>=1'; repeatable")
      ("expect-header", po::value<std::vector<std::string>>()->composing()->value_name("'NAME: REGEX'"),
       "the response must carry header NAME (any case) with a value matching the POSIX extended regular "
       "expression (empty: any value), e.g. 'Content-Type: ^application/json'; repeatable")
      ("reject-body", po::value<std::string>()->value_name("REGEX"),
       "a response body (its first 1 MiB) that matches this POSIX extended regular expression is a problem, e.g. "
       "a maintenance page")
      ("reject-body-state", po::value<std::string>()->value_name("STATE"),
       "state when --reject-body matches: warning or critical (default: critical)")
      ("json-warning", po::value<std::vector<std::string>>()->composing()->value_name("'POINTER=RANGE'"),
       "WARNING range for the number at POINTER in the JSON answer, also perfdata json_<pointer>; repeatable")
      ("json-critical", po::value<std::vector<std::string>>()->composing()->value_name("'POINTER=RANGE'"),
       "CRITICAL range for the number at POINTER in the JSON answer; repeatable")
      ("auth", po::value<std::string>()->value_name("TYPE"), "none, basic or bearer (default: none)")
      ("credentials-file", po::value<std::string>()->value_name("FILE"),
       "secret for --auth: 'user:password' (basic) or the token (bearer); must be a regular file not "
       "readable by group or others")
      ("credentials-env", po::value<std::string>()->value_name("NAME"),
       "read the secret for --auth from environment variable NAME")
      ("follow", po::bool_switch(), "follow redirects (http/https, same host only)")
      ("max-redirects", po::value<std::string>()->value_name("N"), "redirects followed at most (default: 5)")
      ("max-body", po::value<std::string>()->value_name("BYTES"),
       "a larger response body is CRITICAL 'response too large' (default: 1048576)")
      ("proxy", po::value<std::string>()->value_name("URL"),
       "connect through an http://, https:// or socks5:// proxy (credentials only from --extra-opts)")
      ("noproxy", po::value<std::string>()->value_name("LIST"),
       "hosts and domains reached without the proxy, comma-separated (as curl's --noproxy)")
      ("proxy-from-env", po::bool_switch(),
       "use the proxy of the environment (https_proxy, all_proxy, no_proxy, ...), ignored otherwise");

  po::options_description time("Time and thresholds");
  time.add_options()
      ("timeout,t", po::value<std::string>()->value_name("SECONDS"),
       "overall time limit; the plugin always answers within it (default: 10)")
      ("connect-timeout", po::value<std::string>()->value_name("SECONDS"),
       "time limit for DNS, TCP connect and the TLS handshake (default: the timeout)")
      ("timeout-state", po::value<std::string>()->value_name("STATE"),
       "state when the time limit is hit: ok, warning, critical or unknown (default: critical)")
      ("timeout-result", po::value<std::string>()->value_name("STATE"), "the same as --timeout-state (check_curl's name)")
      ("warning,w", po::value<std::string>()->value_name("RANGE"), "WARNING range for the total time, seconds")
      ("critical,c", po::value<std::string>()->value_name("RANGE"), "CRITICAL range for the total time, seconds")
      ("dns-warning", po::value<std::string>()->value_name("RANGE"), "WARNING range for the DNS lookup, seconds")
      ("dns-critical", po::value<std::string>()->value_name("RANGE"), "CRITICAL range for the DNS lookup")
      ("connect-warning", po::value<std::string>()->value_name("RANGE"), "WARNING range for the TCP connect")
      ("connect-critical", po::value<std::string>()->value_name("RANGE"), "CRITICAL range for the TCP connect")
      ("tls-warning", po::value<std::string>()->value_name("RANGE"), "WARNING range for the TLS handshake")
      ("tls-critical", po::value<std::string>()->value_name("RANGE"), "CRITICAL range for the TLS handshake")
      ("ttfb-warning", po::value<std::string>()->value_name("RANGE"),
       "WARNING range for the time to first byte (request sent until the first response byte)")
      ("ttfb-critical", po::value<std::string>()->value_name("RANGE"), "CRITICAL range for the time to first byte");

  po::options_description general("General");
  general.add_options()
      ("extra-opts", po::value<std::string>()->value_name("[SECTION][@FILE]"),
       "read long options from an ini file section (default section: check_dmk_community; default file: "
       "/etc/monitoring-plugins/monitoring-plugins.ini, /etc/monitoring-plugins.ini or $MP_CONFIG_FILE); "
       "the command line overrides the file")
      ("verbose,v", po::bool_switch(), "more detail in the long output; repeat up to 3 times (-vvv: headers, "
       "secrets redacted)")
      ("help,h", po::bool_switch(), "print this help and exit 3")
      ("version,V", po::bool_switch(), "print the version and exit 3");

  return {{"Target", target},
          {"TLS", tls},
          {"HTTP and API", http},
          {"Time and thresholds", time},
          {"General", general}};
}

po::options_description Describe() {
  po::options_description all;
  for (const auto& [caption, group] : DescribeGroups()) all.add(group);
  return all;
}

// `message` about the unknown option `given`, followed by the nearest option (option_suggest.h), if any.
std::string WithSuggestion(const std::string& message, const std::string& given, const po::options_description& desc) {
  std::vector<std::string> known;
  for (const auto& option : desc.options()) known.push_back(option->long_name());
  std::string suggestion = SuggestOption(given, known);
  return suggestion.empty() ? message : message + ": " + suggestion;
}

// Splits "--extra-opts=SECTION@FILE" values out of `args`; they are handled before Boost sees the rest.
std::vector<std::string> TakeExtraOpts(std::vector<std::string>* args) {
  std::vector<std::string> specs;
  std::vector<std::string> rest;
  for (size_t i = 0; i < args->size(); ++i) {
    const std::string& arg = (*args)[i];
    if (arg == "--extra-opts") {
      // As in monitoring-plugins: the value may also be the next argument when that is not an option.
      bool takes_next = i + 1 < args->size() && !(*args)[i + 1].empty() && (*args)[i + 1][0] != '-';
      specs.push_back(takes_next ? (*args)[++i] : "");
    } else if (arg.rfind("--extra-opts=", 0) == 0) {
      specs.push_back(arg.substr(std::string_view("--extra-opts=").size()));
    } else {
      rest.push_back(arg);
    }
  }
  *args = std::move(rest);
  return specs;
}

bool Readable(const std::string& path) { return ::access(path.c_str(), R_OK) == 0; }

// Boost.ProgramOptions words its errors by replacing placeholders such as %value% with the text given,
// again and again until none is left (error_with_option_name::replace_token): text that holds its own
// placeholder never ends, and the check would hang and eat memory. Such text is refused first.
Status RefuseBoostPlaceholders(const std::string& text, const std::string& where) {
  for (const char* token : {"%canonical_option%", "%invalid_line%", "%option%", "%original_token%", "%prefix%",
                            "%value%"}) {
    if (text.find(token) != std::string::npos) {
      return Status::Error(where + "'" + text + "' holds '" + token + "', which the option parser cannot handle");
    }
  }
  return Status::Ok();
}

// Reads the key=value lines of every [section] in the ini file: a bare key (a flag) gets an empty value;
// comment lines and other sections are dropped.
Status ReadIniSection(const std::string& path, const std::string& section,
                      std::vector<std::pair<std::string, std::string>>* entries) {
  SmallFile file = ReadSmallFile(path, kMaxIniBytes);
  if (file.problem == FileProblem::kCannotOpen) {
    return Status::Error("--extra-opts: ini file '" + path + "' " +
                         DescribeAccessFailure(GatherAccessFacts(path, file.error)));
  }
  if (file.problem != FileProblem::kNone) {
    return Status::Error("--extra-opts: ini file '" + path + "' " + DescribeFileProblem(file.problem, kMaxIniBytes));
  }
  const std::string& content = file.content;
  bool in_section = false;
  bool found = false;
  for (std::string_view line : Pieces(content, '\n')) {
    std::string trimmed = Trim(line);
    if (trimmed.empty() || trimmed[0] == '#' || trimmed[0] == ';') continue;
    if (trimmed.front() == '[') {
      if (trimmed.back() != ']') return Status::Error("--extra-opts: malformed section line in '" + path + "'");
      in_section = Trim(trimmed.substr(1, trimmed.size() - 2)) == section;
      found = found || in_section;
      continue;
    }
    if (!in_section) continue;
    size_t equals = trimmed.find('=');
    if (equals == std::string::npos) {
      entries->emplace_back(trimmed, "");
    } else {
      entries->emplace_back(Trim(trimmed.substr(0, equals)), Trim(trimmed.substr(equals + 1)));
    }
  }
  if (!found) return Status::Error("--extra-opts: no section [" + section + "] in '" + path + "'");
  return Status::Ok();
}

std::string DefaultIniFile(const EnvLookup& env) {
  for (const char* candidate : {"/etc/monitoring-plugins/monitoring-plugins.ini", "/etc/monitoring-plugins.ini"}) {
    if (Readable(candidate)) return candidate;
  }
  if (auto from_env = env("MP_CONFIG_FILE"); from_env && !from_env->empty()) return *from_env;
  return "";
}

Status ParseIniOptions(const std::string& spec, const EnvLookup& env, const po::options_description& desc,
                       std::vector<po::parsed_options>* parsed) {
  std::string section = kPluginName;
  std::string file;
  if (size_t at = spec.find('@'); at != std::string::npos) {
    if (at > 0) section = spec.substr(0, at);
    file = spec.substr(at + 1);
  } else if (std::string hint = ExtraOptsPathHint(spec, kPluginName); !hint.empty()) {
    return Status::Error("--extra-opts: " + hint);
  } else if (!spec.empty()) {
    section = spec;
  }
  if (file.empty()) file = DefaultIniFile(env);
  if (file.empty()) {
    return Status::Error("--extra-opts: no ini file given and none of /etc/monitoring-plugins/monitoring-plugins.ini, "
                         "/etc/monitoring-plugins.ini, $MP_CONFIG_FILE exists");
  }
  std::vector<std::pair<std::string, std::string>> entries;
  if (Status status = ReadIniSection(file, section, &entries); !status.ok()) return status;
  // Built by hand, not with po::parse_config_file: that cuts every value at '#', and a password, token
  // or regular expression may hold one (only whole lines are comments in a monitoring-plugins ini file).
  po::parsed_options options(&desc);
  for (const auto& [key, value] : entries) {
    for (const std::string& text : {key, value}) {
      if (Status status = RefuseBoostPlaceholders(text, "--extra-opts: section [" + section + "] of '" + file + "': ");
          !status.ok()) {
        return status;
      }
    }
    // An empty key must not reach Boost: it equals the (empty) short name of every option that has
    // none, and find_nothrow() then throws ambiguous_option instead of returning "not found".
    if (key.empty() || desc.find_nothrow(key, false) == nullptr) {
      return Status::Error(WithSuggestion("--extra-opts: section [" + section + "] of '" + file +
                                              "': unrecognised option '" + key + "'",
                                          key, desc));
    }
    po::option option(key, {value});
    option.original_tokens = {key};
    options.options.push_back(std::move(option));
  }
  parsed->push_back(std::move(options));
  for (const po::option& option : parsed->back().options) {
    if (option.string_key == "extra-opts" || option.string_key == "help" || option.string_key == "version") {
      return Status::Error("--extra-opts: '" + option.string_key + "' is not allowed in an ini file ('" + file + "')");
    }
  }
  return Status::Ok();
}

// Refuses secrets on the command line: argv is visible to every user through ps and /proc.
Status RefuseSecretsInArgv(const po::parsed_options& command_line) {
  for (const po::option& option : command_line.options) {
    for (const std::string& value : option.value) {
      if (option.string_key == "header") {
        if (IsSecretHeaderName(value.substr(0, value.find(':')))) {
          return Status::Error("--header '" + Trim(value.substr(0, value.find(':'))) +
                               ": ...' carries a secret and is refused on the command line (visible in the "
                               "process list); use --auth with --credentials-file or --credentials-env, or put "
                               "the header in an --extra-opts ini file");
        }
      }
      if (option.string_key == "proxy") {
        if (ParseProxyUrl(value).has_userinfo) {
          return Status::Error("--proxy with user:password is refused on the command line (visible in the "
                               "process list); put it in an --extra-opts ini file");
        }
      }
    }
  }
  return Status::Ok();
}

class Reader {
 public:
  explicit Reader(const po::variables_map& map) : map_(map) {}

  bool Has(const char* name) const { return map_.count(name) > 0 && !map_[name].defaulted(); }
  std::string String(const char* name) const { return Has(name) ? map_[name].as<std::string>() : ""; }
  bool Flag(const char* name) const { return map_.count(name) > 0 && map_[name].as<bool>(); }
  std::vector<std::string> List(const char* name) const {
    return Has(name) ? map_[name].as<std::vector<std::string>>() : std::vector<std::string>{};
  }

  Status Count(const char* name, long long low, long long high, long long* out) const {
    if (!Has(name)) return Status::Ok();
    std::string text = String(name);
    std::optional<long long> value = ParseCount(text);
    if (!value || *value < low || *value > high) {
      return Status::Error("--" + std::string(name) + " '" + text + "' must be a whole number from " +
                           std::to_string(low) + " to " + std::to_string(high));
    }
    *out = *value;
    return Status::Ok();
  }

  Status Seconds(const char* name, double* out) const {
    if (!Has(name)) return Status::Ok();
    std::string text = String(name);
    std::optional<double> value = ParseDecimal(text);
    if (!value || *value <= 0 || *value > 3600) {
      return Status::Error("--" + std::string(name) + " '" + text + "' must be a number of seconds above 0 and "
                           "at most 3600");
    }
    *out = *value;
    return Status::Ok();
  }

  Status Thresholds(const char* warning, const char* critical, dmk::Thresholds* out) const {
    for (auto [name, slot] : {std::pair{warning, &out->warning}, std::pair{critical, &out->critical}}) {
      if (!Has(name)) continue;
      Range range;
      if (Status status = ParseRange(String(name), &range); !status.ok()) {
        return Status::Error("--" + std::string(name) + ": " + status.message());
      }
      *slot = range;
    }
    return Status::Ok();
  }

 private:
  const po::variables_map& map_;
};

bool ValidHostname(const std::string& host) {
  if (host.empty() || host.size() > 253) return false;
  in6_addr ip6;
  if (::inet_pton(AF_INET6, host.c_str(), &ip6) == 1) return true;
  return std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == '_';
  });
}

Status ParseExpectStatus(const std::string& text, std::vector<StatusSpan>* spans) {
  spans->clear();
  for (std::string_view piece : Pieces(text, ',')) {
    std::string item = Lower(Trim(piece));
    bool ok = false;
    if (item.size() == 3 && item[0] >= '1' && item[0] <= '5' && item.substr(1) == "xx") {
      int base = (item[0] - '0') * 100;
      spans->push_back({base, base + 99});
      ok = true;
    } else if (const long long code = ParseCount(item).value_or(0); code >= 100 && code <= 599) {
      // value_or rather than `code && *code >= 100`: GCC 12 may test the empty optional's payload first,
      // which valgrind reports as a jump on an uninitialised value.
      spans->push_back({static_cast<int>(code), static_cast<int>(code)});
      ok = true;
    }
    if (!ok) {
      return Status::Error("--expect-status '" + text + "': '" + item +
                           "' is neither a status code (100-599) nor a class such as 2xx");
    }
  }
  if (spans->empty()) return Status::Error("--expect-status '" + text + "' is empty");
  return Status::Ok();
}

Status ParsePin(std::string text, std::string* pin) {
  const std::string original = text;
  if (text.rfind("sha256//", 0) == 0) text = text.substr(8);
  unsigned char decoded[64];
  if (text.size() != 44) {
    return Status::Error("--pin-sha256 '" + original + "' is not a base64 SHA-256 (44 characters)");
  }
  int length = EVP_DecodeBlock(decoded, reinterpret_cast<const unsigned char*>(text.data()),
                               static_cast<int>(text.size()));
  // EVP_DecodeBlock counts the '=' padding as zero bytes: 44 characters with one '=' decode to 33.
  if (length != 33 || text[43] != '=' || text[42] == '=') {
    return Status::Error("--pin-sha256 '" + original + "' is not a base64 SHA-256 (44 characters)");
  }
  *pin = text;
  return Status::Ok();
}

Status ValidateHeader(const std::string& header) {
  size_t colon = header.find(':');
  std::string name = colon == std::string::npos ? "" : header.substr(0, colon);
  bool name_ok = !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
  });
  // RFC 9110 section 5.5: field values are visible characters, spaces and tabs; no other control byte,
  // DEL included.
  bool value_ok =
      std::none_of(header.begin(), header.end(), [](unsigned char c) { return (c < 0x20 && c != '\t') || c == 0x7F; });
  if (!name_ok || !value_ok) {
    return Status::Error("--header '" + header + "' must look like 'Name: value' on one line");
  }
  return Status::Ok();
}

// --expect-json, --json-warning, --json-critical, --expect-header, --reject-body (issue 14).
Status FillApiChecks(const Reader& in, Config* config) {
  for (const std::string& text : in.List("expect-json")) {
    JsonAssertion assertion;
    if (Status s = ParseJsonAssertion(text, &assertion); !s.ok()) return s;
    config->json.assertions.push_back(std::move(assertion));
  }
  for (bool critical : {false, true}) {
    for (const std::string& text : in.List(critical ? "json-critical" : "json-warning")) {
      if (Status s = AddJsonThreshold(text, critical, &config->json.thresholds); !s.ok()) return s;
    }
  }
  AssignJsonPerfLabels(&config->json.thresholds);
  for (const std::string& text : in.List("expect-header")) {
    HeaderAssertion assertion;
    if (Status s = ParseHeaderAssertion(text, &assertion); !s.ok()) return s;
    config->expect_headers.push_back(std::move(assertion));
  }
  if (in.Has("reject-body")) {
    config->reject_body = in.String("reject-body");
    if (Status s = CheckRegex("--reject-body '" + config->reject_body + "': ", config->reject_body); !s.ok()) return s;
    if (config->method == "HEAD") return Status::Error("--reject-body makes no sense with --method HEAD");
  }
  if (in.Has("reject-body-state")) {
    const std::string state = Lower(in.String("reject-body-state"));
    if (state != "warning" && state != "critical") {
      return Status::Error("--reject-body-state '" + in.String("reject-body-state") + "' must be warning or critical");
    }
    if (config->reject_body.empty()) return Status::Error("--reject-body-state needs --reject-body");
    config->reject_body_state = state == "warning" ? State::kWarning : State::kCritical;
  }
  if (!config->json.empty() && config->method == "HEAD") {
    return Status::Error("--expect-json, --json-warning and --json-critical make no sense with --method HEAD");
  }
  return Status::Ok();
}

Status FillConfig(const Reader& in, const EnvLookup& env, Config* config) {
  config->hostname = in.String("hostname");
  if (config->hostname.empty()) return Status::Error("--hostname is required");
  if (!ValidHostname(config->hostname)) {
    return Status::Error("--hostname '" + config->hostname + "' is not a host name or IP address");
  }
  config->community = in.String("community");
  if (in.Flag("ipv4") && in.Flag("ipv6")) return Status::Error("-4 and -6 contradict each other");
  config->ip_version = in.Flag("ipv4") ? 4 : in.Flag("ipv6") ? 6 : 0;
  config->address = in.String("address");
  if (!config->address.empty()) {
    in_addr ip4;
    in6_addr ip6;
    bool is4 = ::inet_pton(AF_INET, config->address.c_str(), &ip4) == 1;
    bool is6 = ::inet_pton(AF_INET6, config->address.c_str(), &ip6) == 1;
    if (!is4 && !is6) return Status::Error("--address '" + config->address + "' is not an IP address");
    if ((is4 && config->ip_version == 6) || (is6 && config->ip_version == 4)) {
      return Status::Error("--address '" + config->address + "' contradicts -" + std::to_string(config->ip_version));
    }
  }
  long long number = 0;
  if (Status s = in.Count("port", 1, 65535, &number); !s.ok()) return s;
  if (in.Has("port")) config->port = static_cast<int>(number);

  config->tls = !in.Flag("no-tls");
  config->ca_file = in.String("ca-file");
  config->ca_path = in.String("ca-path");
  for (const std::string& pin_text : in.List("pin-sha256")) {
    std::string pin;
    if (Status s = ParsePin(pin_text, &pin); !s.ok()) return s;
    config->pins_sha256.push_back(pin);
  }
  config->insecure = in.Flag("insecure");
  config->client_cert = in.String("client-cert");
  config->client_key = in.String("client-key");
  if (!config->tls) {
    for (const char* name : {"ca-file", "ca-path", "pin-sha256", "client-cert", "client-key", "cert-warning",
                             "cert-critical", "cn-only-state", "tls-min"}) {
      if (in.Has(name)) return Status::Error("--" + std::string(name) + " makes no sense with --no-tls");
    }
    if (config->insecure) return Status::Error("--insecure makes no sense with --no-tls");
  }
  if (in.Has("tls-min")) {
    const std::string version = in.String("tls-min");
    if (version != "1.2" && version != "1.3") return Status::Error("--tls-min must be 1.2 or 1.3, not '" + version + "'");
    config->tls_min_version = version == "1.2" ? 0x0303 : 0x0304;  // TLS wire versions (RFC 8446 appendix B.1)
  }
  if (config->insecure && !config->pins_sha256.empty()) {
    return Status::Error("--insecure and --pin-sha256 contradict each other");
  }
  if (!config->client_key.empty() && config->client_cert.empty()) {
    return Status::Error("--client-key needs --client-cert");
  }
  if (!config->ca_file.empty()) {
    if (Status s = CheckCaFile(config->ca_file); !s.ok()) return s;
  }
  for (auto [name, path] : {std::pair{"ca-path", &config->ca_path},
                            std::pair{"client-cert", &config->client_cert},
                            std::pair{"client-key", &config->client_key}}) {
    if (!path->empty() && !Readable(*path)) {
      return Status::Error("--" + std::string(name) + " '" + *path + "' cannot be read");
    }
  }
  if (Status s = in.Count("cert-warning", 0, 3650, &number); !s.ok()) return s;
  if (in.Has("cert-warning")) config->cert_warning_days = static_cast<int>(number);
  if (Status s = in.Count("cert-critical", 0, 3650, &number); !s.ok()) return s;
  if (in.Has("cert-critical")) config->cert_critical_days = static_cast<int>(number);
  if (in.Has("cn-only-state")) {
    std::optional<State> state = ParseState(in.String("cn-only-state"));
    if (!state) {
      return Status::Error("--cn-only-state '" + in.String("cn-only-state") +
                           "' must be ok, warning, critical or unknown");
    }
    config->cn_only_state = *state;
  }

  if (in.Has("uri")) config->uri = in.String("uri");
  if (config->uri.empty() || config->uri[0] != '/' ||
      std::any_of(config->uri.begin(), config->uri.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7F; })) {
    return Status::Error("--uri '" + config->uri + "' must start with '/' and hold no spaces or control characters");
  }
  if (in.Has("method")) {
    std::string method = in.String("method");
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (method != "GET" && method != "HEAD" && method != "POST") {
      return Status::Error("--method '" + in.String("method") + "' must be GET, HEAD or POST");
    }
    config->method = method;
  }
  for (const std::string& header : in.List("header")) {
    if (Status s = ValidateHeader(header); !s.ok()) return s;
    config->headers.push_back(header);
  }
  if (in.Has("body")) {
    if (config->method != "POST") return Status::Error("--body needs --method POST");
    config->body = in.String("body");
  }
  if (in.Has("expect-status")) {
    config->expect_status_text = in.String("expect-status");
    if (Status s = ParseExpectStatus(config->expect_status_text, &config->expect_status); !s.ok()) return s;
  }
  config->expect_body = in.String("expect-body");
  if (!config->expect_body.empty()) {
    if (config->method == "HEAD") return Status::Error("--expect-body makes no sense with --method HEAD");
    regex_t compiled;
    if (::regcomp(&compiled, config->expect_body.c_str(), REG_EXTENDED | REG_NOSUB) != 0) {
      return Status::Error("--expect-body '" + config->expect_body + "' is not a valid POSIX extended regular expression");
    }
    ::regfree(&compiled);
  }
  if (Status s = FillApiChecks(in, config); !s.ok()) return s;
  if (in.Has("auth")) {
    std::string auth = Lower(in.String("auth"));
    if (auth == "basic") {
      config->auth = AuthType::kBasic;
    } else if (auth == "bearer") {
      config->auth = AuthType::kBearer;
    } else if (auth != "none") {
      return Status::Error("--auth '" + in.String("auth") + "' must be none, basic or bearer");
    }
  }
  config->credentials_file = in.String("credentials-file");
  config->credentials_env = in.String("credentials-env");
  if (!config->credentials_file.empty() && !config->credentials_env.empty()) {
    return Status::Error("--credentials-file and --credentials-env contradict each other: give one");
  }
  bool has_credentials = !config->credentials_file.empty() || !config->credentials_env.empty();
  if (config->auth != AuthType::kNone && !has_credentials) {
    return Status::Error("--auth " + in.String("auth") + " needs --credentials-file or --credentials-env");
  }
  if (config->auth == AuthType::kNone && has_credentials) {
    return Status::Error("--credentials-file/--credentials-env need --auth basic or --auth bearer");
  }
  config->follow = in.Flag("follow");
  if (Status s = in.Count("max-redirects", 0, 20, &number); !s.ok()) return s;
  if (in.Has("max-redirects")) config->max_redirects = static_cast<int>(number);
  if (Status s = in.Count("max-body", 1, 1024LL * 1024 * 1024, &number); !s.ok()) return s;
  if (in.Has("max-body")) config->max_body = static_cast<size_t>(number);
  config->proxy = in.String("proxy");
  if (!config->proxy.empty()) {
    std::string scheme = Lower(config->proxy.substr(0, config->proxy.find("://")));
    if (config->proxy.find("://") == std::string::npos ||
        (scheme != "http" && scheme != "https" && scheme != "socks5" && scheme != "socks5h")) {
      return Status::Error("--proxy '" + config->proxy + "' must start with http://, https:// or socks5://");
    }
  }
  if (Status s = ChooseProxy({config->proxy, in.String("noproxy"), in.Flag("proxy-from-env")}, env, config); !s.ok()) {
    return s;
  }

  if (Status s = in.Seconds("timeout", &config->timeout_s); !s.ok()) return s;
  if (Status s = in.Seconds("connect-timeout", &config->connect_timeout_s); !s.ok()) return s;
  if (config->connect_timeout_s > config->timeout_s) {
    return Status::Error("--connect-timeout " + in.String("connect-timeout") + " is longer than --timeout");
  }
  if (in.Has("timeout-state") && in.Has("timeout-result")) {
    return Status::Error("--timeout-result is another name for --timeout-state: give one");
  }
  if (const char* name = in.Has("timeout-result") ? "timeout-result" : "timeout-state"; in.Has(name)) {
    std::optional<State> state = ParseState(in.String(name));
    if (!state) {
      return Status::Error("--" + std::string(name) + " '" + in.String(name) +
                           "' must be ok, warning, critical or unknown");
    }
    config->timeout_state = *state;
  }
  if (Status s = in.Thresholds("warning", "critical", &config->total); !s.ok()) return s;
  if (Status s = in.Thresholds("dns-warning", "dns-critical", &config->dns); !s.ok()) return s;
  if (Status s = in.Thresholds("connect-warning", "connect-critical", &config->connect); !s.ok()) return s;
  if (Status s = in.Thresholds("tls-warning", "tls-critical", &config->tls_handshake); !s.ok()) return s;
  if (Status s = in.Thresholds("ttfb-warning", "ttfb-critical", &config->ttfb); !s.ok()) return s;
  if (!config->tls) {
    for (const char* name : {"tls-warning", "tls-critical"}) {
      if (in.Has(name)) return Status::Error("--" + std::string(name) + " makes no sense with --no-tls");
    }
  }
  return Status::Ok();
}

// The option groups as help_format.h lays them out (Boost's own layout breaks words).
std::vector<HelpGroup> HelpGroups() {
  std::vector<HelpGroup> groups;
  for (const auto& [caption, group] : DescribeGroups()) {
    HelpGroup help{caption, {}};
    for (const auto& option : group.options()) {
      std::string parameter = option->format_parameter();
      help.options.push_back(
          HelpOption{option->format_name() + (parameter.empty() ? "" : " " + parameter), option->description()});
    }
    groups.push_back(std::move(help));
  }
  return groups;
}

// Counts and removes -v occurrences: Boost refuses a repeated switch, the plugin convention repeats it.
int TakeVerbosity(po::parsed_options* parsed) {
  auto& options = parsed->options;
  int count = static_cast<int>(std::count_if(options.begin(), options.end(),
                                             [](const po::option& o) { return o.string_key == "verbose"; }));
  options.erase(std::remove_if(options.begin(), options.end(),
                               [](const po::option& o) { return o.string_key == "verbose"; }),
                options.end());
  return count;
}

}  // namespace

Status ParseOptions(const std::vector<std::string>& args, const EnvLookup& env, CommandLine* out) {
  std::vector<std::string> rest = args;
  std::vector<std::string> extra_opts = TakeExtraOpts(&rest);
  for (const std::string& arg : rest) {
    if (Status status = RefuseBoostPlaceholders(arg, "argument "); !status.ok()) return status;
  }
  po::options_description desc = Describe();
  po::parsed_options command_line(&desc);
  try {
    command_line = po::command_line_parser(rest)
                       .options(desc)
                       .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
                       .run();
  } catch (const po::unknown_option& error) {
    return Status::Error(WithSuggestion(error.what(), error.get_option_name(), desc));
  } catch (const po::error& error) {
    return Status::Error(error.what());
  }
  for (const po::option& option : command_line.options) {
    if (option.position_key >= 0 || option.unregistered) {
      return Status::Error("unexpected argument '" + (option.original_tokens.empty() ? option.string_key
                                                                                    : option.original_tokens[0]) +
                           "'");
    }
  }
  if (Status status = RefuseSecretsInArgv(command_line); !status.ok()) return status;

  CommandLine result;
  int verbosity = TakeVerbosity(&command_line);
  std::vector<po::parsed_options> from_files;
  for (const std::string& spec : extra_opts) {
    if (Status status = ParseIniOptions(spec, env, desc, &from_files); !status.ok()) return status;
    verbosity += TakeVerbosity(&from_files.back());
  }
  po::variables_map map;
  try {
    // The command line is stored first: Boost keeps the first value stored for a non-repeatable option,
    // so the command line overrides the ini file, and repeatable options collect from both.
    po::store(command_line, map);
    for (const po::parsed_options& parsed : from_files) po::store(parsed, map);
    po::notify(map);
  } catch (const po::error& error) {
    return Status::Error(error.what());
  }
  Reader reader(map);
  if (reader.Flag("help")) {
    result.request = Request::kHelp;
  } else if (reader.Flag("version")) {
    result.request = Request::kVersion;
  } else if (Status status = FillConfig(reader, env, &result.config); !status.ok()) {
    return status;
  }
  result.config.verbosity = std::min(verbosity, 3);
  *out = std::move(result);
  return Status::Ok();
}

std::string HelpText() {
  std::ostringstream text;
  text << kPluginName << " " << DMK_VERSION << "\n"
       << "Tests the connection to one DMK Community server: DNS, TCP, TLS, HTTP, the API\n"
          "answer and authentication, in one connection, and names the layer that broke.\n\n"
       << "Usage: " << kPluginName << " -H HOST [-I IP] [-p PORT] [--community NAME]\n"
          "         [options]\n\n"
       << FormatHelp(HelpGroups()) << "\n"
       << "Ranges (-w, -c, --*-warning, --*-critical) use the Nagios syntax [@]start:end,\n"
          "in seconds: 10 alerts above 10; 10: below 10; ~:10 above 10; 10:20 outside\n"
          "10..20; @10:20 inside.\n\n"
       << "Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (bad options, --help,\n"
          "--version).\n"
       << "Perfdata: dns, connect, tls, ttfb, time (s); size (B); cert_days (days);\n"
          "json_<pointer> for each --json-warning/--json-critical pointer.\n"
          "Phases not reached are U; labels that do not apply are left out (dns with\n"
          "--address, --proxy or an IP literal; tls and cert_days with --no-tls).\n"
       << "Secrets are never taken from the command line: use --credentials-file,\n"
          "--credentials-env or --extra-opts.\n"
       << "\nReason codes: a problem adds the long-output line \"Reason: CODE; side: SIDE\",\n"
          "where SIDE is server (the server's side: its contractor can fix it) or\n"
          "monitoring (this monitoring host's side).\n"
       << ReasonHelp();
  return text.str();
}

std::string VersionText() { return std::string(kPluginName) + " " + DMK_VERSION + "\n"; }

}  // namespace dmk
