// Render: writes a CheckResult in the plugin output format — one status line with perfdata, then long
// output (docs/plugin-contract.md, "Exit codes and output"). Output is built once and written once by main.
#ifndef DMK_COMMON_REPORT_RENDER_H_
#define DMK_COMMON_REPORT_RENDER_H_

#include <string>
#include <vector>

#include "common/base/input_status.h"
#include "common/evaluate/evaluate.h"

namespace dmk {

// "DMK COMMUNITY <STATE> - <community>: <summary> | <perfdata>", then one "[STATE] LAYER: text" line per
// layer, the advice and, with -v, the details. Every text line is sanitised (no '|', no control bytes,
// bounded), and every occurrence of a string in `secrets` is replaced by "[redacted]".
std::string Render(const std::string& community, const CheckResult& result, const std::vector<std::string>& secrets);

// The single UNKNOWN line for a usage error.
std::string RenderUsageError(const Status& status);

// Replaces every occurrence of each string in `secrets` (three bytes or longer) by "[redacted]".
std::string Redact(std::string text, const std::vector<std::string>& secrets);

}  // namespace dmk

#endif  // DMK_COMMON_REPORT_RENDER_H_
