#include "common/cli/ca_file.h"

#include <openssl/evp.h>
#include <sys/stat.h>

#include <string_view>
#include <vector>

#include "common/base/file_access.h"
#include "common/base/small_file.h"

namespace dmk {

namespace {

// The PEM labels OpenSSL reads as a certificate (PEM_read_bio_X509 and the CA loading of libcurl).
constexpr std::string_view kCertificateLabels[] = {"CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"};

// Length of the DER element at the start of `der` (tag, length octets and contents), or 0 when the length
// octets are cut off or use a form certificates never use.
std::size_t DerElementLength(const unsigned char* der, std::size_t size) {
  if (size < 2) return 0;
  if (der[1] < 0x80) return 2 + der[1];
  const std::size_t octets = der[1] & 0x7f;
  if (octets == 0 || octets > 3 || size < 2 + octets) return 0;
  std::size_t length = 0;
  for (std::size_t i = 0; i < octets; ++i) length = (length << 8) | der[2 + i];
  return 2 + octets + length;
}

// Whether the base64 text `body` decodes to exactly one DER SEQUENCE, as a certificate's body does.
bool IsDerSequence(std::string_view body) {
  std::string base64;
  for (char c : body) {
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t') base64 += c;
  }
  if (base64.empty() || base64.size() % 4 != 0) return false;
  const std::size_t padding = base64.size() - base64.find_last_not_of('=') - 1;
  std::vector<unsigned char> der(base64.size() / 4 * 3);
  const int decoded = EVP_DecodeBlock(der.data(), reinterpret_cast<const unsigned char*>(base64.data()),
                                      static_cast<int>(base64.size()));
  if (decoded < 0 || padding > 2) return false;
  const std::size_t size = static_cast<std::size_t>(decoded) - padding;
  return der[0] == 0x30 && DerElementLength(der.data(), size) == size;
}

// Whether `content` holds one whole PEM certificate block: BEGIN and END lines of a certificate label around
// base64 that decodes to one DER SEQUENCE of exactly its length. A check of the text, not a parse with
// OpenSSL: parsing loads OpenSSL's decoders, which cost every check about 2 M instructions (measured), while
// libcurl parses the file anyway when it connects and reports a certificate that is damaged inside.
bool HoldsPemCertificate(std::string_view content) {
  for (std::string_view label : kCertificateLabels) {
    const std::string begin = "-----BEGIN " + std::string(label) + "-----";
    const std::string end = "-----END " + std::string(label) + "-----";
    for (std::size_t at = content.find(begin); at != std::string_view::npos; at = content.find(begin, at + 1)) {
      const std::size_t body = at + begin.size();
      const std::size_t stop = content.find(end, body);
      if (stop == std::string_view::npos) break;
      if (IsDerSequence(content.substr(body, stop - body))) return true;
    }
  }
  return false;
}

}  // namespace

std::string DescribeCaContent(const std::string& content) {
  if (HoldsPemCertificate(content)) return "";
  if (content.empty()) return "is empty (expected PEM CA certificates)";
  if (content.find("PRIVATE KEY-----") != std::string::npos) {
    return "holds a private key, not a CA certificate (expected -----BEGIN CERTIFICATE-----)";
  }
  if (static_cast<unsigned char>(content[0]) == 0x30) {
    return "holds no PEM certificate; it looks like DER (binary): convert it with openssl x509 -inform der -in FILE "
           "-out FILE.pem";
  }
  if (content.find("-----BEGIN CERTIFICATE-----") != std::string::npos) {
    return "holds a PEM certificate block that does not parse (damaged or cut off)";
  }
  return "holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)";
}

Status CheckCaFile(const std::string& path) {
  const std::string name = "--ca-file '" + path + "' ";
  SmallFile file = ReadSmallFile(path, kMaxCaFileBytes);
  switch (file.problem) {
    case FileProblem::kNone: break;
    case FileProblem::kCannotOpen:
      return Status::Error(name + DescribeAccessFailure(GatherAccessFacts(path, file.error)));
    case FileProblem::kNotRegular:
      if (S_ISDIR(file.mode)) {
        return Status::Error(name +
                             "is a directory: give a PEM file, or the directory as --ca-path (hashed with "
                             "openssl rehash)");
      }
      return Status::Error(name + DescribeFileProblem(file.problem, kMaxCaFileBytes));
    case FileProblem::kTooLarge:
    case FileProblem::kCannotRead: return Status::Error(name + DescribeFileProblem(file.problem, kMaxCaFileBytes));
  }
  if (std::string problem = DescribeCaContent(file.content); !problem.empty()) return Status::Error(name + problem);
  return Status::Ok();
}

}  // namespace dmk
