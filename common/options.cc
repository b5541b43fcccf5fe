#include "common/options.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <sstream>
#include <utility>

#include "common/ascii.h"
#include "common/help_format.h"
#include "common/ini_file.h"
#include "common/option_suggest.h"
#include "common/option_values.h"
#include "common/options_combinations.h"
#include "common/options_groups.h"
#include "common/proxy_url.h"
#include "common/reason.h"
#include "common/secret.h"

#ifndef DMK_VERSION
#error "DMK_VERSION must be defined by the build (project(VERSION) in CMakeLists.txt)"
#endif

namespace dmk {

namespace po = boost::program_options;

namespace {

po::options_description DescribeTarget() {
  po::options_description target("Target");
  target.add_options()("hostname,H", po::value<std::string>()->value_name("HOST"),
                       "community server's host name; sent as TLS SNI and Host header (required)")(
      "address,I", po::value<std::string>()->value_name("IP"),
      "connect to this IP address and skip DNS; SNI and Host stay --hostname")(
      "ipv4,4", po::bool_switch(), "resolve and connect over IPv4 only")("ipv6,6", po::bool_switch(),
                                                                         "resolve and connect over IPv6 only")(
      "port,p", po::value<std::string>()->value_name("PORT"), "TCP port (default: 443, 80 with --no-tls)")(
      "community", po::value<std::string>()->value_name("NAME"),
      "community name shown in the status line (default: the host name)");
  return target;
}

po::options_description DescribeTls() {
  po::options_description tls("TLS");
  tls.add_options()("no-tls", po::bool_switch(), "speak plain HTTP instead of HTTPS")(
      "ca-file", po::value<std::string>()->value_name("FILE"),
      "trust the CA certificates in FILE (PEM) instead of the system trust store")(
      "ca-path", po::value<std::string>()->value_name("DIR"),
      "trust the hashed CA directory DIR instead of the system trust store (default: /etc/ssl/certs)")(
      "pin-sha256", po::value<std::vector<std::string>>()->composing()->value_name("BASE64"),
      "accept the server key whose SubjectPublicKeyInfo has this SHA-256 (base64, optional 'sha256//' "
      "prefix), even without a trusted CA; any other key is CRITICAL; repeatable")(
      "insecure", po::bool_switch(), "do not verify the server certificate (the status line says so)")(
      "cert-warning", po::value<std::string>()->value_name("LIMIT"),
      "WARNING when the certificate that expires first has less than LIMIT left: days (30), hours (36h) or a "
      "share of its lifetime (20%); 0: no WARNING; given alone, CRITICAL stays at most half of it (default: "
      "by the lifetime, min(30 days, 1/4 of it))")(
      "cert-critical", po::value<std::string>()->value_name("LIMIT"),
      "CRITICAL when it has less than LIMIT left, in the same forms; 0: only once expired; given alone, "
      "WARNING stays at least twice it (default: by the lifetime, min(14 days, 1/8 of it))")(
      "cn-only-state", po::value<std::string>()->value_name("STATE"),
      "state when the certificate names the host only in its Common Name, with no subjectAltName (OpenSSL "
      "accepts it, current clients do not): ok, warning, critical or unknown (default: warning)")(
      "client-cert", po::value<std::string>()->value_name("FILE"), "client certificate (PEM) for mutual TLS")(
      "client-key", po::value<std::string>()->value_name("FILE"), "private key (PEM) for --client-cert")(
      "tls-min", po::value<std::string>()->value_name("VERSION"),
      "1.2 or 1.3: a server that negotiates an older TLS version is CRITICAL, before the request is sent "
      "(default: what this host's OpenSSL accepts)");
  return tls;
}

po::options_description DescribeHttp() {
  po::options_description http("HTTP and API");
  http.add_options()("uri,u", po::value<std::string>()->value_name("PATH"), "request path and query (default: /)")(
      "method", po::value<std::string>()->value_name("METHOD"), "GET, HEAD or POST (default: GET)")(
      "header", po::value<std::vector<std::string>>()->composing()->value_name("'NAME: VALUE'"),
      "extra request header; repeatable; Authorization, Proxy-Authorization and Cookie only from "
      "--extra-opts")("body", po::value<std::string>()->value_name("TEXT"), "request body, with --method POST")(
      "expect-status", po::value<std::string>()->value_name("LIST"),
      "accepted status codes and classes, e.g. 200,204,3xx (default: 2xx)")(
      "expect-body", po::value<std::string>()->value_name("REGEX"),
      "POSIX extended regular expression the response body (its first 1 MiB) must match")(
      "expect-json", po::value<std::vector<std::string>>()->composing()->value_name("'POINTER[OP VALUE]'"),
      "the JSON answer must hold this: a JSON Pointer, alone (it exists) or with = != < <= > >= (a string, "
      "number, true, false or null) or =~ (a POSIX extended regex), e.g. '/status=ok', "
      "'/encoders/online>=1'; repeatable")(
      "expect-header", po::value<std::vector<std::string>>()->composing()->value_name("'NAME: REGEX'"),
      "the response must carry header NAME (any case) with a value matching the POSIX extended regular "
      "expression (empty: any value), e.g. 'Content-Type: ^application/json'; repeatable")(
      "reject-body", po::value<std::string>()->value_name("REGEX"),
      "a response body (its first 1 MiB) that matches this POSIX extended regular expression is a problem, e.g. "
      "a maintenance page")("reject-body-state", po::value<std::string>()->value_name("STATE"),
                            "state when --reject-body matches: warning or critical (default: critical)")(
      "json-warning", po::value<std::vector<std::string>>()->composing()->value_name("'POINTER=RANGE'"),
      "WARNING range for the number at POINTER in the JSON answer, also perfdata json_<pointer>; repeatable")(
      "json-critical", po::value<std::vector<std::string>>()->composing()->value_name("'POINTER=RANGE'"),
      "CRITICAL range for the number at POINTER in the JSON answer; repeatable")(
      "auth", po::value<std::string>()->value_name("TYPE"), "none, basic or bearer (default: none)")(
      "credentials-file", po::value<std::string>()->value_name("FILE"),
      "secret for --auth: 'user:password' (basic) or the token (bearer); must be a regular file not "
      "readable by group or others")("credentials-env", po::value<std::string>()->value_name("NAME"),
                                     "read the secret for --auth from environment variable NAME")(
      "follow", po::bool_switch(), "follow redirects (http/https, same host only)")(
      "max-redirects", po::value<std::string>()->value_name("N"), "redirects followed at most (default: 5)")(
      "max-body", po::value<std::string>()->value_name("BYTES"),
      "a larger response body is CRITICAL 'response too large' (default: 1048576)")(
      "proxy", po::value<std::string>()->value_name("URL"),
      "connect through an http://, https:// or socks5:// proxy (credentials only from --extra-opts)")(
      "noproxy", po::value<std::string>()->value_name("LIST"),
      "hosts and domains reached without the proxy, comma-separated (as curl's --noproxy)")(
      "proxy-from-env", po::bool_switch(),
      "use the proxy of the environment (https_proxy, all_proxy, no_proxy, ...), ignored otherwise");
  return http;
}

po::options_description DescribeTime() {
  po::options_description time("Time and thresholds");
  time.add_options()("timeout,t", po::value<std::string>()->value_name("SECONDS"),
                     "overall time limit; the plugin always answers within it (default: 10)")(
      "connect-timeout", po::value<std::string>()->value_name("SECONDS"),
      "time limit for DNS, TCP connect and the TLS handshake (default: the timeout)")(
      "timeout-state", po::value<std::string>()->value_name("STATE"),
      "state when the time limit is hit: ok, warning, critical or unknown (default: critical)")(
      "timeout-result", po::value<std::string>()->value_name("STATE"),
      "the same as --timeout-state (check_curl's name)")("warning,w", po::value<std::string>()->value_name("RANGE"),
                                                         "WARNING range for the total time, seconds")(
      "critical,c", po::value<std::string>()->value_name("RANGE"), "CRITICAL range for the total time, seconds")(
      "dns-warning", po::value<std::string>()->value_name("RANGE"), "WARNING range for the DNS lookup, seconds")(
      "dns-critical", po::value<std::string>()->value_name("RANGE"), "CRITICAL range for the DNS lookup")(
      "connect-warning", po::value<std::string>()->value_name("RANGE"), "WARNING range for the TCP connect")(
      "connect-critical", po::value<std::string>()->value_name("RANGE"), "CRITICAL range for the TCP connect")(
      "tls-warning", po::value<std::string>()->value_name("RANGE"), "WARNING range for the TLS handshake")(
      "tls-critical", po::value<std::string>()->value_name("RANGE"), "CRITICAL range for the TLS handshake")(
      "ttfb-warning", po::value<std::string>()->value_name("RANGE"),
      "WARNING range for the time to first byte (request sent until the first response byte)")(
      "ttfb-critical", po::value<std::string>()->value_name("RANGE"), "CRITICAL range for the time to first byte");
  return time;
}

po::options_description DescribeGeneral() {
  po::options_description general("General");
  general.add_options()(
      "extra-opts", po::value<std::string>()->value_name("[SECTION][@FILE]"),
      "read long options from an ini file section (default section: check_dmk_community; default file: "
      "/etc/monitoring-plugins/monitoring-plugins.ini, /etc/monitoring-plugins.ini or $MP_CONFIG_FILE); "
      "the command line overrides the file")("verbose,v", po::bool_switch(),
                                             "more detail in the long output; repeat up to 3 times (-vvv: headers, "
                                             "secrets redacted)")(
      "help,h", po::bool_switch(), "print this help and exit 3")("version,V", po::bool_switch(),
                                                                 "print the version and exit 3");
  return general;
}

// The option groups with their captions (Boost 1.74 has no accessor for one), in --help's order.
std::vector<std::pair<std::string, po::options_description>> DescribeGroups() {
  return {{"Target", DescribeTarget()},
          {"TLS", DescribeTls()},
          {"HTTP and API", DescribeHttp()},
          {"Time and thresholds", DescribeTime()},
          {"General", DescribeGeneral()}};
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

// Boost.ProgramOptions words its errors by replacing placeholders such as %value% with the text given,
// again and again until none is left (error_with_option_name::replace_token): text that holds its own
// placeholder never ends, and the check would hang and eat memory. Such text is refused first.
Status RefuseBoostPlaceholders(const std::string& text, const std::string& where) {
  for (const char* token :
       {"%canonical_option%", "%invalid_line%", "%option%", "%original_token%", "%prefix%", "%value%"}) {
    if (text.find(token) != std::string::npos) {
      return Status::Error(where + "'" + text + "' holds '" + token + "', which the option parser cannot handle");
    }
  }
  return Status::Ok();
}

// The options of one --extra-opts value, as Boost would have parsed them. Built by hand, not with
// po::parse_config_file: that cuts every value at '#', and a password, token or regular expression may hold
// one (only whole lines are comments in a monitoring-plugins ini file).
Status ParseIniOptions(const std::string& spec, const EnvLookup& env, const po::options_description& desc,
                       std::vector<po::parsed_options>* parsed) {
  IniSource source;
  if (Status status = ResolveIniSource(spec, kPluginName, env, &source); !status.ok()) return status;
  std::vector<IniEntry> entries;
  if (Status status = ReadIniSection(source.file, source.section, &entries); !status.ok()) return status;
  const std::string where = "--extra-opts: section [" + source.section + "] of '" + source.file + "': ";
  po::parsed_options options(&desc);
  for (const auto& [key, value] : entries) {
    for (const std::string& text : {key, value}) {
      if (Status status = RefuseBoostPlaceholders(text, where); !status.ok()) return status;
    }
    // An empty key must not reach Boost: it equals the (empty) short name of every option that has
    // none, and find_nothrow() then throws ambiguous_option instead of returning "not found".
    if (key.empty() || desc.find_nothrow(key, false) == nullptr) {
      return Status::Error(WithSuggestion(where + "unrecognised option '" + key + "'", key, desc));
    }
    po::option option(key, {value});
    option.original_tokens = {key};
    options.options.push_back(std::move(option));
  }
  for (const IniEntry& entry : entries) {
    if (entry.key == "extra-opts" || entry.key == "help" || entry.key == "version") {
      return Status::Error("--extra-opts: '" + entry.key + "' is not allowed in an ini file ('" + source.file + "')");
    }
  }
  parsed->push_back(std::move(options));
  return Status::Ok();
}

// Refuses secrets on the command line: argv is visible to every user through ps and /proc.
Status RefuseSecretsInArgv(const po::parsed_options& command_line) {
  for (const po::option& option : command_line.options) {
    for (const std::string& value : option.value) {
      if (option.string_key == "header") {
        const std::string_view name = std::string_view(value).substr(0, value.find(':'));
        if (IsSecretHeaderName(name)) {
          return Status::Error("--header '" + std::string(TrimAsciiSpace(name)) +
                               ": ...' carries a secret and is refused on the command line (visible in the "
                               "process list); use --auth with --credentials-file or --credentials-env, or put "
                               "the header in an --extra-opts ini file");
        }
      }
      if (option.string_key == "proxy") {
        if (ParseProxyUrl(value).has_userinfo) {
          return Status::Error(
              "--proxy with user:password is refused on the command line (visible in the "
              "process list); put it in an --extra-opts ini file");
        }
      }
    }
  }
  return Status::Ok();
}

// The options given, out of Boost's map: switches that are on, and every option not left at its default.
OptionValues GivenValues(const po::variables_map& map) {
  OptionValues values;
  for (const auto& [name, value] : map) {
    if (value.defaulted() || value.empty()) continue;
    const boost::any& any = value.value();
    if (const bool* on = boost::any_cast<bool>(&any)) {
      if (*on) values.Set(name, {});
    } else if (const auto* text = boost::any_cast<std::string>(&any)) {
      values.Set(name, {*text});
    } else if (const auto* list = boost::any_cast<std::vector<std::string>>(&any)) {
      values.Set(name, *list);
    }
  }
  return values;
}

// Each group of options in --help's order (each value checked on its own), then how they combine.
Status FillConfig(const OptionValues& in, const EnvLookup& env, Config* config) {
  if (Status s = FillTarget(in, config); !s.ok()) return s;
  if (Status s = FillTls(in, config); !s.ok()) return s;
  if (Status s = FillHttp(in, config); !s.ok()) return s;
  if (Status s = FillApiChecks(in, config); !s.ok()) return s;
  if (Status s = FillAuth(in, config); !s.ok()) return s;
  if (Status s = FillProxy(in, env, config); !s.ok()) return s;
  if (Status s = FillTime(in, config); !s.ok()) return s;
  if (Status s = FillThresholds(in, config); !s.ok()) return s;
  return CheckCombinations(*config, in);
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
  int count = static_cast<int>(
      std::count_if(options.begin(), options.end(), [](const po::option& o) { return o.string_key == "verbose"; }));
  options.erase(
      std::remove_if(options.begin(), options.end(), [](const po::option& o) { return o.string_key == "verbose"; }),
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
      return Status::Error("unexpected argument '" +
                           (option.original_tokens.empty() ? option.string_key : option.original_tokens[0]) + "'");
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
  const OptionValues given = GivenValues(map);
  if (given.Flag("help")) {
    result.request = Request::kHelp;
  } else if (given.Flag("version")) {
    result.request = Request::kVersion;
  } else if (Status status = FillConfig(given, env, &result.config); !status.ok()) {
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
       << "Usage: " << kPluginName
       << " -H HOST [-I IP] [-p PORT] [--community NAME]\n"
          "         [options]\n\n"
       << FormatHelp(HelpGroups()) << "\n"
       << "Ranges (-w, -c, --*-warning, --*-critical but --cert-*) use the Nagios syntax\n"
          "[@]start:end, in seconds: 10 alerts above 10; 10: below 10; ~:10 above 10;\n"
          "10:20 outside 10..20; @10:20 inside.\n\n"
       << "Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (bad options, --help,\n"
          "--version).\n"
       << "Perfdata: dns, connect, tls, ttfb, time (s); size (B); cert_days (days, two\n"
          "decimals); json_<pointer> for each --json-warning/--json-critical pointer.\n"
          "Phases not reached are U; labels that do not apply are left out (dns with\n"
          "--address, --proxy or an IP literal; tls and cert_days with --no-tls).\n"
       << "Secrets are never taken from the command line: use --credentials-file,\n"
          "--credentials-env or --extra-opts.\n"
       << "\nReason codes: a problem adds the long-output line \"Reason: CODE; side: SIDE\",\n"
          "where SIDE is server (the server's side: its contractor can fix it) or\n"
          "monitoring (this monitoring host's side).\n"
       << ReasonCodeHelp();
  return text.str();
}

std::string VersionText() { return std::string(kPluginName) + " " + DMK_VERSION + "\n"; }

}  // namespace dmk
