#include "common/cli/option_table.h"

#include <iterator>

namespace dmk {

namespace {

using enum OptionId;
constexpr char kNoShort = '\0';
constexpr HelpSection kTargetSection = HelpSection::kTarget;
constexpr HelpSection kTlsSection = HelpSection::kTls;
constexpr HelpSection kHttpSection = HelpSection::kHttpAndApi;
constexpr HelpSection kTimeSection = HelpSection::kTimeAndThresholds;
constexpr HelpSection kGeneralSection = HelpSection::kGeneral;

// An option that takes one value: the last one given counts, the command line's before the ini file's.
constexpr OptionSpec Text(OptionId id, std::string_view name, char short_name, HelpSection section, FillStep fill,
                          std::string_view metavar, std::string_view help) {
  return {id, name, short_name, OptionValue::kText, section, fill, metavar, help};
}

// An option that may be given again and again; its values collect, from the command line and the ini file.
constexpr OptionSpec List(OptionId id, std::string_view name, char short_name, HelpSection section, FillStep fill,
                          std::string_view metavar, std::string_view help) {
  return {id, name, short_name, OptionValue::kList, section, fill, metavar, help};
}

// An option without a value: given means on.
constexpr OptionSpec Switch(OptionId id, std::string_view name, char short_name, HelpSection section, FillStep fill,
                            std::string_view help) {
  return {id, name, short_name, OptionValue::kSwitch, section, fill, "", help};
}

// `spec`, refused in an --extra-opts ini file: a file that reads another file, or asks for --help, makes no sense.
constexpr OptionSpec NotInIni(OptionSpec spec) {
  spec.in_ini = false;
  return spec;
}

// The rows, in --help's order. A switch has no metavar; the text is --help's, word for word.
constexpr OptionSpec kOptions[] = {
    // Target.
    Text(kHostname, "hostname", 'H', kTargetSection, FillStep::kTarget, "HOST",
         "community server's host name; sent as TLS SNI and Host header (required)"),
    Text(kAddress, "address", 'I', kTargetSection, FillStep::kTarget, "IP",
         "connect to this IP address and skip DNS; SNI and Host stay --hostname"),
    Switch(kIpv4, "ipv4", '4', kTargetSection, FillStep::kTarget, "resolve and connect over IPv4 only"),
    Switch(kIpv6, "ipv6", '6', kTargetSection, FillStep::kTarget, "resolve and connect over IPv6 only"),
    Text(kPort, "port", 'p', kTargetSection, FillStep::kTarget, "PORT", "TCP port (default: 443, 80 with --no-tls)"),
    Text(kCommunity, "community", kNoShort, kTargetSection, FillStep::kTarget, "NAME",
         "community name shown in the status line (default: the host name)"),
    // TLS.
    Switch(kNoTls, "no-tls", kNoShort, kTlsSection, FillStep::kTls, "speak plain HTTP instead of HTTPS"),
    Text(kCaFile, "ca-file", kNoShort, kTlsSection, FillStep::kTls, "FILE",
         "trust the CA certificates in FILE (PEM) instead of the system trust store"),
    Text(kCaPath, "ca-path", kNoShort, kTlsSection, FillStep::kTls, "DIR",
         "trust the hashed CA directory DIR instead of the system trust store (default: /etc/ssl/certs)"),
    List(kPinSha256, "pin-sha256", kNoShort, kTlsSection, FillStep::kTls, "BASE64",
         "accept the server key whose SubjectPublicKeyInfo has this SHA-256 (base64, optional 'sha256//' "
         "prefix), even without a trusted CA; any other key is CRITICAL; repeatable"),
    Switch(kInsecure, "insecure", kNoShort, kTlsSection, FillStep::kTls,
           "do not verify the server certificate (the status line says so)"),
    Text(kCertWarning, "cert-warning", kNoShort, kTlsSection, FillStep::kTls, "LIMIT",
         "WARNING when the certificate that expires first has less than LIMIT left: days (30), hours (36h) "
         "or a share of its lifetime (20%); 0: no WARNING; given alone, CRITICAL stays at most half of it "
         "(default: by the lifetime, min(30 days, 1/4 of it))"),
    Text(kCertCritical, "cert-critical", kNoShort, kTlsSection, FillStep::kTls, "LIMIT",
         "CRITICAL when it has less than LIMIT left, in the same forms; 0: only once expired; given alone, "
         "WARNING stays at least twice it (default: by the lifetime, min(14 days, 1/8 of it))"),
    Text(kCnOnlyState, "cn-only-state", kNoShort, kTlsSection, FillStep::kTls, "STATE",
         "state when the certificate names the host only in its Common Name, with no subjectAltName "
         "(OpenSSL accepts it, current clients do not): ok, warning, critical or unknown (default: warning)"),
    Text(kClientCert, "client-cert", kNoShort, kTlsSection, FillStep::kTls, "FILE",
         "client certificate (PEM) for mutual TLS"),
    Text(kClientKey, "client-key", kNoShort, kTlsSection, FillStep::kTls, "FILE",
         "private key (PEM) for --client-cert"),
    Text(kTlsMin, "tls-min", kNoShort, kTlsSection, FillStep::kTls, "VERSION",
         "1.2 or 1.3: a server that negotiates an older TLS version is CRITICAL, before the request is sent "
         "(default: what this host's OpenSSL accepts)"),
    // HTTP and API.
    Text(kUri, "uri", 'u', kHttpSection, FillStep::kHttp, "PATH", "request path and query (default: /)"),
    Text(kMethod, "method", kNoShort, kHttpSection, FillStep::kHttp, "METHOD", "GET, HEAD or POST (default: GET)"),
    List(kHeader, "header", kNoShort, kHttpSection, FillStep::kHttp, "'NAME: VALUE'",
         "extra request header; repeatable; Authorization, Proxy-Authorization and Cookie only from "
         "--extra-opts"),
    Text(kBody, "body", kNoShort, kHttpSection, FillStep::kHttp, "TEXT", "request body, with --method POST"),
    Text(kExpectStatus, "expect-status", kNoShort, kHttpSection, FillStep::kHttp, "LIST",
         "accepted status codes and classes, e.g. 200,204,3xx (default: 2xx)"),
    Text(kExpectBody, "expect-body", kNoShort, kHttpSection, FillStep::kHttp, "REGEX",
         "POSIX extended regular expression the response body (its first 1 MiB) must match"),
    List(kExpectJson, "expect-json", kNoShort, kHttpSection, FillStep::kApiChecks, "'POINTER[OP VALUE]'",
         "the JSON answer must hold this: a JSON Pointer, alone (it exists) or with = != < <= > >= (a "
         "string, number, true, false or null) or =~ (a POSIX extended regex), e.g. '/status=ok', "
         "'/encoders/online>=1'; repeatable"),
    List(kExpectHeader, "expect-header", kNoShort, kHttpSection, FillStep::kApiChecks, "'NAME: REGEX'",
         "the response must carry header NAME (any case) with a value matching the POSIX extended regular "
         "expression (empty: any value), e.g. 'Content-Type: ^application/json'; repeatable"),
    Text(kRejectBody, "reject-body", kNoShort, kHttpSection, FillStep::kApiChecks, "REGEX",
         "a response body (its first 1 MiB) that matches this POSIX extended regular expression is a "
         "problem, e.g. a maintenance page"),
    Text(kRejectBodyState, "reject-body-state", kNoShort, kHttpSection, FillStep::kApiChecks, "STATE",
         "state when --reject-body matches: warning or critical (default: critical)"),
    List(kJsonWarning, "json-warning", kNoShort, kHttpSection, FillStep::kApiChecks, "'POINTER=RANGE'",
         "WARNING range for the number at POINTER in the JSON answer, also perfdata json_<pointer>; "
         "repeatable"),
    List(kJsonCritical, "json-critical", kNoShort, kHttpSection, FillStep::kApiChecks, "'POINTER=RANGE'",
         "CRITICAL range for the number at POINTER in the JSON answer; repeatable"),
    Text(kAuth, "auth", kNoShort, kHttpSection, FillStep::kAuth, "TYPE", "none, basic or bearer (default: none)"),
    Text(kCredentialsFile, "credentials-file", kNoShort, kHttpSection, FillStep::kAuth, "FILE",
         "secret for --auth: 'user:password' (basic) or the token (bearer); must be a regular file not "
         "readable by group or others"),
    Text(kCredentialsEnv, "credentials-env", kNoShort, kHttpSection, FillStep::kAuth, "NAME",
         "read the secret for --auth from environment variable NAME"),
    Switch(kFollow, "follow", kNoShort, kHttpSection, FillStep::kHttp, "follow redirects (http/https, same host only)"),
    Text(kMaxRedirects, "max-redirects", kNoShort, kHttpSection, FillStep::kHttp, "N",
         "redirects followed at most (default: 5)"),
    Text(kMaxBody, "max-body", kNoShort, kHttpSection, FillStep::kHttp, "BYTES",
         "a larger response body is CRITICAL 'response too large' (default: 1048576)"),
    Text(kProxy, "proxy", kNoShort, kHttpSection, FillStep::kProxy, "URL",
         "connect through an http://, https:// or socks5:// proxy (credentials only from --extra-opts)"),
    Text(kNoproxy, "noproxy", kNoShort, kHttpSection, FillStep::kProxy, "LIST",
         "hosts and domains reached without the proxy, comma-separated (as curl's --noproxy)"),
    Switch(kProxyFromEnv, "proxy-from-env", kNoShort, kHttpSection, FillStep::kProxy,
           "use the proxy of the environment (https_proxy, all_proxy, no_proxy, ...), ignored otherwise"),
    // Time and thresholds.
    Text(kTimeout, "timeout", 't', kTimeSection, FillStep::kTime, "SECONDS",
         "overall time limit; the plugin always answers within it (default: 10)"),
    Text(kConnectTimeout, "connect-timeout", kNoShort, kTimeSection, FillStep::kTime, "SECONDS",
         "time limit for DNS, TCP connect and the TLS handshake (default: the timeout)"),
    Text(kTimeoutState, "timeout-state", kNoShort, kTimeSection, FillStep::kTime, "STATE",
         "state when the time limit is hit: ok, warning, critical or unknown (default: critical)"),
    Text(kTimeoutResult, "timeout-result", kNoShort, kTimeSection, FillStep::kTime, "STATE",
         "the same as --timeout-state (check_curl's name)"),
    Text(kWarning, "warning", 'w', kTimeSection, FillStep::kThresholds, "RANGE",
         "WARNING range for the total time, seconds"),
    Text(kCritical, "critical", 'c', kTimeSection, FillStep::kThresholds, "RANGE",
         "CRITICAL range for the total time, seconds"),
    Text(kDnsWarning, "dns-warning", kNoShort, kTimeSection, FillStep::kThresholds, "RANGE",
         "WARNING range for the DNS lookup, seconds"),
    Text(kDnsCritical, "dns-critical", kNoShort, kTimeSection, FillStep::kThresholds, "RANGE",
         "CRITICAL range for the DNS lookup"),
    Text(kConnectWarning, "connect-warning", kNoShort, kTimeSection, FillStep::kThresholds, "RANGE",
         "WARNING range for the TCP connect"),
    Text(kConnectCritical, "connect-critical", kNoShort, kTimeSection, FillStep::kThresholds, "RANGE",
         "CRITICAL range for the TCP connect"),
    Text(kTlsWarning, "tls-warning", kNoShort, kTimeSection, FillStep::kThresholds, "RANGE",
         "WARNING range for the TLS handshake"),
    Text(kTlsCritical, "tls-critical", kNoShort, kTimeSection, FillStep::kThresholds, "RANGE",
         "CRITICAL range for the TLS handshake"),
    Text(kTtfbWarning, "ttfb-warning", kNoShort, kTimeSection, FillStep::kThresholds, "RANGE",
         "WARNING range for the time to first byte (request sent until the first response byte)"),
    Text(kTtfbCritical, "ttfb-critical", kNoShort, kTimeSection, FillStep::kThresholds, "RANGE",
         "CRITICAL range for the time to first byte"),
    // General.
    NotInIni(Text(kExtraOpts, "extra-opts", kNoShort, kGeneralSection, FillStep::kParser, "[SECTION][@FILE]",
                  "read long options from an ini file section (default section: check_dmk_community; default file: "
                  "/etc/monitoring-plugins/monitoring-plugins.ini, /etc/monitoring-plugins.ini or $MP_CONFIG_FILE); "
                  "the command line overrides the file")),
    Switch(kVerbose, "verbose", 'v', kGeneralSection, FillStep::kParser,
           "more detail in the long output; repeat up to 3 times (-vvv: headers, secrets redacted)"),
    NotInIni(Switch(kHelp, "help", 'h', kGeneralSection, FillStep::kParser, "print this help and exit 3")),
    NotInIni(Switch(kVersion, "version", 'V', kGeneralSection, FillStep::kParser, "print the version and exit 3")),
};

constexpr std::string_view kSectionCaptions[] = {"Target", "TLS", "HTTP and API", "Time and thresholds", "General"};

// The rows follow OptionId one for one, and every name is unique: Spec() indexes the table by the enum, and
// Boost would refuse a name given twice only when the plugin runs.
constexpr bool RowsFollowTheEnum() {
  if (std::size(kOptions) != kOptionCount) return false;
  for (std::size_t i = 0; i < kOptionCount; ++i) {
    if (static_cast<std::size_t>(kOptions[i].id) != i || kOptions[i].name.empty()) return false;
    for (std::size_t j = 0; j < i; ++j) {
      if (kOptions[j].name == kOptions[i].name) return false;
      if (kOptions[i].short_name != '\0' && kOptions[j].short_name == kOptions[i].short_name) return false;
    }
  }
  return true;
}
static_assert(RowsFollowTheEnum(), "kOptions must hold one row per OptionId, in its order, with unique names");
static_assert(std::size(kSectionCaptions) == kHelpSectionCount);

}  // namespace

std::span<const OptionSpec> OptionTable() { return kOptions; }

const OptionSpec& Spec(OptionId id) { return kOptions[static_cast<std::size_t>(id)]; }

std::string_view Name(OptionId id) { return Spec(id).name; }

std::string DashName(OptionId id) { return "--" + std::string(Name(id)); }

std::string ShortDashName(OptionId id) {
  const char short_name = Spec(id).short_name;
  return short_name == '\0' ? DashName(id) : std::string{'-', short_name};
}

std::optional<OptionId> FindOption(std::string_view name) {
  for (const OptionSpec& spec : kOptions) {
    if (spec.name == name) return spec.id;
  }
  return std::nullopt;
}

std::string_view SectionCaption(HelpSection section) { return kSectionCaptions[static_cast<std::size_t>(section)]; }

}  // namespace dmk
