// Ini files for --extra-opts, read as the Monitoring Plugins read them (docs/plugin-contract.md, "Standard
// options"): "[section]" lines, "key=value" lines or a bare "key" (a switch, given an empty value), whole
// comment lines starting with '#' or ';', blanks around section names, keys and values dropped. A '#' or ';'
// inside a value belongs to it: a password, a token or a regular expression may hold one.
//
// This unit knows nothing of the options themselves: options.cc checks every key against them.
#ifndef DMK_COMMON_CLI_INI_FILE_H_
#define DMK_COMMON_CLI_INI_FILE_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/base/env_lookup.h"
#include "common/base/input_status.h"

namespace dmk {

struct IniEntry {
  std::string key;
  std::string value;
};

// Appends the entries of every [`section`] block of `content` to `*entries`, in file order. Fails on a
// section line without its closing ']' and when no [`section`] block exists. `path` names the file in
// the messages.
Status ParseIniSection(std::string_view content, const std::string& section, const std::string& path,
                       std::vector<IniEntry>* entries);

// ParseIniSection over the file at `path`, read whole (at most 1 MiB; a FIFO, a directory or a device is
// refused without blocking). Errors start with "--extra-opts: " and name the file.
Status ReadIniSection(const std::string& path, const std::string& section, std::vector<IniEntry>* entries);

// Takes every --extra-opts value out of `args` (argv without argv[0]) and returns them in order: they are read
// before the option parser sees the rest. "--extra-opts=VALUE", or "--extra-opts VALUE" when the next
// argument does not start with '-' (as in monitoring-plugins), else an empty value.
std::vector<std::string> TakeExtraOpts(std::vector<std::string>* args);

// Where one --extra-opts value "[SECTION][@FILE]" points.
struct IniSource {
  std::string section;
  std::string file;
};

// Splits `spec`: the section defaults to `default_section`; the file to the first readable of
// /etc/monitoring-plugins/monitoring-plugins.ini and /etc/monitoring-plugins.ini, then $MP_CONFIG_FILE.
// Fails when no file is found, and when `spec` looks like a file given without '@'.
Status ResolveIniSource(const std::string& spec, const std::string& default_section, const EnvLookup& env,
                        IniSource* source);

}  // namespace dmk

#endif  // DMK_COMMON_CLI_INI_FILE_H_
