#include "common/cli/options.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <optional>
#include <sstream>
#include <utility>

#include "common/base/ascii.h"
#include "common/base/help_format.h"
#include "common/cli/ini_file.h"
#include "common/cli/option_suggest.h"
#include "common/cli/option_table.h"
#include "common/cli/option_values.h"
#include "common/cli/options_combinations.h"
#include "common/cli/options_groups.h"
#include "common/model/proxy_url.h"
#include "common/model/reason.h"
#include "common/model/secret.h"

#ifndef DMK_VERSION
#error "DMK_VERSION must be defined by the build (project(VERSION) in CMakeLists.txt)"
#endif

namespace dmk {

namespace po = boost::program_options;

namespace {

using enum OptionId;

// What Boost parses an option's value as: a switch, one text, or texts that collect (`composing`: from the
// command line and the ini file both).
const po::value_semantic* Semantic(const OptionSpec& spec) {
  const std::string metavar(spec.metavar);
  switch (spec.value) {
    case OptionValue::kSwitch: return po::bool_switch();
    case OptionValue::kText: return po::value<std::string>()->value_name(metavar);
    case OptionValue::kList: return po::value<std::vector<std::string>>()->composing()->value_name(metavar);
  }
  return po::bool_switch();
}

// Boost's description of every option of the table (option_table.h), built on every run. It leaves out the
// help texts: --help is laid out from the table (HelpSections), so Boost would only copy them.
po::options_description Describe() {
  po::options_description all;
  auto add = all.add_options();
  for (const OptionSpec& spec : OptionTable()) {
    std::string name(spec.name);
    if (spec.short_name != '\0') name += std::string{',', spec.short_name};
    add(name.c_str(), Semantic(spec), "");
  }
  return all;
}

// `message` about the unknown option `given`, followed by the nearest option (option_suggest.h), if any.
std::string WithSuggestion(const std::string& message, const std::string& given) {
  std::vector<std::string> known;
  for (const OptionSpec& spec : OptionTable()) known.emplace_back(spec.name);
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
  const std::string where = DashName(kExtraOpts) + ": section [" + source.section + "] of '" + source.file + "': ";
  po::parsed_options options(&desc);
  for (const auto& [key, value] : entries) {
    for (const std::string& text : {key, value}) {
      if (Status status = RefuseBoostPlaceholders(text, where); !status.ok()) return status;
    }
    // A key is a long name (docs/plugin-contract.md, "Standard options"), looked up in the table, not by
    // Boost: Boost would also match a short name ("-p"), and store it under that name, where nothing reads it.
    if (!FindOption(key)) return Status::Error(WithSuggestion(where + "unrecognised option '" + key + "'", key));
    po::option option(key, {value});
    option.original_tokens = {key};
    options.options.push_back(std::move(option));
  }
  for (const IniEntry& entry : entries) {
    if (!Spec(*FindOption(entry.key)).in_ini) {
      return Status::Error(DashName(kExtraOpts) + ": '" + entry.key + "' is not allowed in an ini file ('" +
                           source.file + "')");
    }
  }
  parsed->push_back(std::move(options));
  return Status::Ok();
}

// Refuses secrets on the command line: argv is visible to every user through ps and /proc.
Status RefuseSecretsInArgv(const po::parsed_options& command_line) {
  for (const po::option& option : command_line.options) {
    for (const std::string& value : option.value) {
      if (option.string_key == Name(kHeader)) {
        const std::string_view name = std::string_view(value).substr(0, value.find(':'));
        if (IsSecretHeaderName(name)) {
          return Status::Error(DashName(kHeader) + " '" + std::string(TrimAsciiSpace(name)) +
                               ": ...' carries a secret and is refused on the command line (visible in the "
                               "process list); use " +
                               DashName(kAuth) + " with " + DashName(kCredentialsFile) + " or " +
                               DashName(kCredentialsEnv) + ", or put the header in an " + DashName(kExtraOpts) +
                               " ini file");
        }
      }
      if (option.string_key == Name(kProxy)) {
        if (ParseProxyUrl(value).has_userinfo) {
          return Status::Error(DashName(kProxy) +
                               " with user:password is refused on the command line (visible in the process list); "
                               "put it in an " +
                               DashName(kExtraOpts) + " ini file");
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
    // Every name in the map is a long name of the table: the command line parser stores each option under
    // it, and ParseIniOptions lets no other key through.
    const std::optional<OptionId> found = FindOption(name);
    if (!found) continue;
    const OptionId id = *found;
    const boost::any& any = value.value();
    if (const bool* on = boost::any_cast<bool>(&any)) {
      if (*on) values.Set(id, {});
    } else if (const auto* text = boost::any_cast<std::string>(&any)) {
      values.Set(id, {*text});
    } else if (const auto* list = boost::any_cast<std::vector<std::string>>(&any)) {
      values.Set(id, *list);
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

// The table's options by --help section, as help_format.h lays them out (Boost's own layout breaks words). The
// syntax is Boost.ProgramOptions' ("-H [ --hostname ] HOST", "--no-tls"), as --help has always shown it.
std::vector<HelpGroup> HelpSections() {
  std::vector<HelpGroup> groups(kHelpSectionCount);
  for (std::size_t i = 0; i < kHelpSectionCount; ++i) groups[i].caption = SectionCaption(static_cast<HelpSection>(i));
  for (const OptionSpec& spec : OptionTable()) {
    std::string syntax = spec.short_name == '\0' ? DashName(spec.id)
                                                 : std::string{'-', spec.short_name} + " [ " + DashName(spec.id) + " ]";
    if (!spec.metavar.empty()) syntax += " " + std::string(spec.metavar);
    groups[static_cast<std::size_t>(spec.section)].options.push_back(HelpOption{syntax, std::string(spec.help)});
  }
  return groups;
}

// Counts and removes -v occurrences: Boost refuses a repeated switch, the plugin convention repeats it.
int TakeVerbosity(po::parsed_options* parsed) {
  auto& options = parsed->options;
  int count = static_cast<int>(std::count_if(options.begin(), options.end(),
                                             [](const po::option& o) { return o.string_key == Name(kVerbose); }));
  options.erase(std::remove_if(options.begin(), options.end(),
                               [](const po::option& o) { return o.string_key == Name(kVerbose); }),
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
    return Status::Error(WithSuggestion(error.what(), error.get_option_name()));
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
  if (given.Flag(kHelp)) {
    result.request = Request::kHelp;
  } else if (given.Flag(kVersion)) {
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
       << FormatHelp(HelpSections()) << "\n"
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
