// A throwaway self-signed certificate in PEM, made with OpenSSL in memory, for tests that need a real
// certificate file (a --ca-file that must parse) and no network.
#ifndef DMK_TESTS_SUPPORT_TEST_CERT_H_
#define DMK_TESTS_SUPPORT_TEST_CERT_H_

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <string>

namespace dmk::test_support {

inline std::string SelfSignedPem(const char* common_name = "DMK Test CA") {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* certificate = X509_new();
  X509_set_version(certificate, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1);
  X509_gmtime_adj(X509_getm_notBefore(certificate), -3600);
  X509_gmtime_adj(X509_getm_notAfter(certificate), 86400L * 30);
  X509_NAME* name = X509_get_subject_name(certificate);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  X509_set_issuer_name(certificate, name);
  X509_set_pubkey(certificate, key);
  X509_sign(certificate, key, EVP_sha256());
  BIO* out = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(out, certificate);
  char* data = nullptr;
  long size = BIO_get_mem_data(out, &data);
  std::string pem(data, static_cast<size_t>(size));
  BIO_free(out);
  X509_free(certificate);
  EVP_PKEY_free(key);
  return pem;
}

}  // namespace dmk::test_support

#endif  // DMK_TESTS_SUPPORT_TEST_CERT_H_
