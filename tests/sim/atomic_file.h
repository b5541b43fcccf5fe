// Writes a whole file so that readers see either nothing or all of it (temporary file + rename), which
// matters for `ready`: test harnesses poll for it and must never read it half written.
#ifndef DMK_TESTS_SIM_ATOMIC_FILE_H_
#define DMK_TESTS_SIM_ATOMIC_FILE_H_

#include <sys/types.h>

#include <string>
#include <string_view>

namespace dmk {

// Replaces path with content and permission bits mode (umask does not apply). Returns false and sets
// *error on failure, leaving no temporary file behind.
bool WriteFileAtomically(const std::string& path, std::string_view content, mode_t mode, std::string* error);

}  // namespace dmk

#endif  // DMK_TESTS_SIM_ATOMIC_FILE_H_
