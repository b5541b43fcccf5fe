#include "common/ca_file.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include "common/file_access.h"
#include "common/small_file.h"

namespace dmk {

std::string DescribeCaContent(const std::string& content) {
  BIO* bio = BIO_new_mem_buf(content.data(), static_cast<int>(content.size()));
  if (bio == nullptr) return "could not be checked (out of memory)";
  // PEM_read_bio_X509 skips PEM blocks of other types until it finds a certificate.
  X509* certificate = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  const bool has_certificate = certificate != nullptr;
  X509_free(certificate);
  BIO_free(bio);
  ERR_clear_error();  // the failed search leaves errors that must not surface in a later TLS message
  if (has_certificate) return "";
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
    case FileProblem::kNone:
      break;
    case FileProblem::kCannotOpen:
      return Status::Error(name + DescribeAccessFailure(GatherAccessFacts(path, file.error)));
    case FileProblem::kNotRegular:
      if (S_ISDIR(file.mode)) {
        return Status::Error(name + "is a directory: give a PEM file, or the directory as --ca-path (hashed with "
                                    "openssl rehash)");
      }
      return Status::Error(name + DescribeFileProblem(file.problem, kMaxCaFileBytes));
    case FileProblem::kTooLarge:
    case FileProblem::kCannotRead:
      return Status::Error(name + DescribeFileProblem(file.problem, kMaxCaFileBytes));
  }
  if (std::string problem = DescribeCaContent(file.content); !problem.empty()) return Status::Error(name + problem);
  return Status::Ok();
}

}  // namespace dmk
