// Option table: every command-line option of the plugin, once, as a row of constant data keyed by OptionId —
// its long and short name, the kind of value it takes, the --help section it is listed in with its metavar and
// text, the fill step that reads it into the Config, and whether an --extra-opts ini file may give it (as
// curl's tool_getparam.c keeps one table keyed by the enum of tool_getparam.h).
//
// Everything else reads options through this table: the Boost.ProgramOptions description and --help are built
// from it (options.cc), the option values are stored and looked up by OptionId (option_values.h), the fill
// steps (options_groups.h) and the rules between options (options_combinations.h) name options by OptionId,
// and the unit test proves every row is in --help, the README or docs/, the man page and the CheckCommand.
// Adding an option is one enumerator and one row here, its code in the fill step its row names, and its docs.
#ifndef DMK_COMMON_CLI_OPTION_TABLE_H_
#define DMK_COMMON_CLI_OPTION_TABLE_H_

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace dmk {

// One enumerator per option, in --help's order; the table's rows are in the same order (checked at compile
// time in option_table.cc).
enum class OptionId {
  // Target.
  kHostname,
  kAddress,
  kIpv4,
  kIpv6,
  kPort,
  kCommunity,
  // TLS.
  kNoTls,
  kCaFile,
  kCaPath,
  kPinSha256,
  kInsecure,
  kCertWarning,
  kCertCritical,
  kCnOnlyState,
  kClientCert,
  kClientKey,
  kTlsMin,
  // HTTP and API.
  kUri,
  kMethod,
  kHeader,
  kBody,
  kExpectStatus,
  kExpectBody,
  kExpectJson,
  kExpectHeader,
  kRejectBody,
  kRejectBodyState,
  kJsonWarning,
  kJsonCritical,
  kAuth,
  kCredentialsFile,
  kCredentialsEnv,
  kFollow,
  kMaxRedirects,
  kMaxBody,
  kProxy,
  kNoproxy,
  kProxyFromEnv,
  // Time and thresholds.
  kTimeout,
  kConnectTimeout,
  kTimeoutState,
  kTimeoutResult,
  kWarning,
  kCritical,
  kDnsWarning,
  kDnsCritical,
  kConnectWarning,
  kConnectCritical,
  kTlsWarning,
  kTlsCritical,
  kTtfbWarning,
  kTtfbCritical,
  // General.
  kExtraOpts,
  kVerbose,
  kHelp,
  kVersion,
};

inline constexpr std::size_t kOptionCount = static_cast<std::size_t>(OptionId::kVersion) + 1;

// What an option takes: nothing (a switch), one value, or values that collect (repeatable).
enum class OptionValue { kSwitch, kText, kList };

// The sections of --help, in its order.
enum class HelpSection { kTarget, kTls, kHttpAndApi, kTimeAndThresholds, kGeneral };

inline constexpr std::size_t kHelpSectionCount = static_cast<std::size_t>(HelpSection::kGeneral) + 1;

// The step that reads an option into the Config (options_groups.h), or kParser for the options ParseOptions
// acts on itself (--extra-opts, -v, --help, --version).
enum class FillStep { kTarget, kTls, kHttp, kApiChecks, kAuth, kProxy, kTime, kThresholds, kParser };

inline constexpr std::size_t kFillStepCount = static_cast<std::size_t>(FillStep::kParser) + 1;

struct OptionSpec {
  OptionId id;
  std::string_view name;   // long name, without "--"
  char short_name = '\0';  // '\0': none
  OptionValue value = OptionValue::kText;
  HelpSection section = HelpSection::kGeneral;
  FillStep fill = FillStep::kParser;
  std::string_view metavar;  // what --help shows for the value; empty for a switch
  std::string_view help;     // the --help text, one paragraph
  bool in_ini = true;        // false: refused in an --extra-opts ini file
};

// Every row, in OptionId's (and --help's) order.
std::span<const OptionSpec> OptionTable();

// The row of `id`.
const OptionSpec& Spec(OptionId id);

// The long name of `id` without dashes ("ca-file").
std::string_view Name(OptionId id);

// The long name of `id` as typed: "--ca-file".
std::string DashName(OptionId id);

// The short name of `id` as typed: "-4"; the long one when it has none.
std::string ShortDashName(OptionId id);

// The option whose long name is `name` (without dashes); nullopt for none.
std::optional<OptionId> FindOption(std::string_view name);

// The caption of `section` in --help: "Target".
std::string_view SectionCaption(HelpSection section);

}  // namespace dmk

#endif  // DMK_COMMON_CLI_OPTION_TABLE_H_
