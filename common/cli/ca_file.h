// CA file: checks --ca-file when the options are read, so a missing file, a directory and a file that holds
// no PEM certificate each get their own words at once, not a generic libcurl error after connecting
// ("error setting certificate file").
#ifndef DMK_COMMON_CLI_CA_FILE_H_
#define DMK_COMMON_CLI_CA_FILE_H_

#include <string>

#include "common/base/input_status.h"

namespace dmk {

// Largest CA file accepted: Debian's whole bundle is about 0.2 MiB.
inline constexpr size_t kMaxCaFileBytes = 16 * 1024 * 1024;

// Ok when `path` is a regular file of at most kMaxCaFileBytes holding at least one whole PEM certificate
// block (BEGIN and END lines around base64 of one DER SEQUENCE; checked as text, libcurl parses it when it
// connects). Otherwise an error that starts with "--ca-file 'PATH' " and says what is wrong.
Status CheckCaFile(const std::string& path);

// The words for a CA file's content that holds no PEM certificate ("" when `content` holds one): a DER
// file, a private key, anything else.
std::string DescribeCaContent(const std::string& content);

}  // namespace dmk

#endif  // DMK_COMMON_CLI_CA_FILE_H_
