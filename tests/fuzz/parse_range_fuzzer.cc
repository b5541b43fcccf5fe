// libFuzzer target: ParseRange (common/base/range.h) and the number parser beneath it. Input: the range text.
// Asserts: a parse failure names the text as malformed and leaves the range untouched; a parsed range
// keeps its text, parses again to the same range, agrees with its simple upper bound, and writes a
// perfdata threshold without characters that would break the perfdata grammar.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/perfdata.h"
#include "common/base/range.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using dmk::fuzz::Check;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  dmk::Range range;
  const dmk::Status preset = dmk::ParseRange("5", &range);
  Check(preset.ok(), "the range 5 parses", "5");
  const dmk::Status status = dmk::ParseRange(text, &range);
  if (!status.ok()) {
    Check(status.message().rfind("malformed range '", 0) == 0, "the error says malformed range", status.message());
    Check(range.text() == "5" && range.Alerts(6) && !range.Alerts(5), "a failed parse leaves the range unchanged",
          text);
    return 0;
  }
  Check(range.text() == text, "the range keeps its text", text);
  dmk::Range again;
  Check(dmk::ParseRange(range.text(), &again).ok(), "the text parses again", text);
  const double probes[] = {-1e300, -1e6, -10.5, -1, -0.5, 0, 0.5, 1, 2, 9.99, 10, 10.01, 20, 1e6, 1e300};
  for (double x : probes) Check(again.Alerts(x) == range.Alerts(x), "parsing again gives the same range", text);
  if (auto upper = range.SimpleUpperBound()) {
    Check(std::isfinite(*upper) && *upper >= 0, "a simple upper bound is a finite number >= 0", text);
    for (double x : probes) {
      Check(range.Alerts(x) == (x < 0 || x > *upper), "the simple upper bound alerts as 0:N does", text);
    }
  }
  dmk::PerfValue value{"time", 1.5, "s", range, range, 0.0, 10.0};
  const std::string item = dmk::FormatPerfValue(value);
  Check(dmk::fuzz::ValidPerfItem(item), "the threshold keeps the perfdata item valid", item);
  return 0;
}
