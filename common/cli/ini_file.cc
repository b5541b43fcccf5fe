#include "common/cli/ini_file.h"

#include <unistd.h>

#include <utility>

#include "common/base/ascii.h"
#include "common/base/file_access.h"
#include "common/base/small_file.h"
#include "common/cli/option_suggest.h"

namespace dmk {

namespace {

constexpr std::size_t kMaxIniBytes = 1024 * 1024;

std::string DefaultIniFile(const EnvLookup& env) {
  for (const char* candidate : {"/etc/monitoring-plugins/monitoring-plugins.ini", "/etc/monitoring-plugins.ini"}) {
    if (::access(candidate, R_OK) == 0) return candidate;
  }
  if (auto from_env = env("MP_CONFIG_FILE"); from_env && !from_env->empty()) return *from_env;
  return "";
}

}  // namespace

Status ParseIniSection(std::string_view content, const std::string& section, const std::string& path,
                       std::vector<IniEntry>* entries) {
  bool in_section = false;
  bool found = false;
  for (std::string_view line : SplitPieces(content, '\n')) {
    const std::string_view trimmed = TrimAsciiSpace(line);
    if (trimmed.empty() || trimmed[0] == '#' || trimmed[0] == ';') continue;
    if (trimmed.front() == '[') {
      if (trimmed.back() != ']') return Status::Error("--extra-opts: malformed section line in '" + path + "'");
      in_section = TrimAsciiSpace(trimmed.substr(1, trimmed.size() - 2)) == section;
      found = found || in_section;
      continue;
    }
    if (!in_section) continue;
    const size_t equals = trimmed.find('=');
    if (equals == std::string_view::npos) {
      entries->push_back({std::string(trimmed), ""});
    } else {
      entries->push_back({std::string(TrimAsciiSpace(trimmed.substr(0, equals))),
                          std::string(TrimAsciiSpace(trimmed.substr(equals + 1)))});
    }
  }
  if (!found) return Status::Error("--extra-opts: no section [" + section + "] in '" + path + "'");
  return Status::Ok();
}

Status ReadIniSection(const std::string& path, const std::string& section, std::vector<IniEntry>* entries) {
  SmallFile file = ReadSmallFile(path, kMaxIniBytes);
  if (file.problem == FileProblem::kCannotOpen) {
    return Status::Error("--extra-opts: ini file '" + path + "' " +
                         DescribeAccessFailure(GatherAccessFacts(path, file.error)));
  }
  if (file.problem != FileProblem::kNone) {
    return Status::Error("--extra-opts: ini file '" + path + "' " + DescribeFileProblem(file.problem, kMaxIniBytes));
  }
  return ParseIniSection(file.content, section, path, entries);
}

std::vector<std::string> TakeExtraOpts(std::vector<std::string>* args) {
  std::vector<std::string> specs;
  std::vector<std::string> rest;
  for (size_t i = 0; i < args->size(); ++i) {
    const std::string& arg = (*args)[i];
    if (arg == "--extra-opts") {
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

Status ResolveIniSource(const std::string& spec, const std::string& default_section, const EnvLookup& env,
                        IniSource* source) {
  source->section = default_section;
  source->file.clear();
  if (size_t at = spec.find('@'); at != std::string::npos) {
    if (at > 0) source->section = spec.substr(0, at);
    source->file = spec.substr(at + 1);
  } else if (std::string hint = ExtraOptsPathHint(spec, default_section); !hint.empty()) {
    return Status::Error("--extra-opts: " + hint);
  } else if (!spec.empty()) {
    source->section = spec;
  }
  if (source->file.empty()) source->file = DefaultIniFile(env);
  if (source->file.empty()) {
    return Status::Error(
        "--extra-opts: no ini file given and none of /etc/monitoring-plugins/monitoring-plugins.ini, "
        "/etc/monitoring-plugins.ini, $MP_CONFIG_FILE exists");
  }
  return Status::Ok();
}

}  // namespace dmk
