#include "common/evaluate/verify_error.h"

#include <gtest/gtest.h>
#include <openssl/x509_vfy.h>

namespace dmk {
namespace {

TEST(VerifyErrorTest, TranslatesOpenSslCodesIntoOurKinds) {
  struct Case {
    int code;
    CertVerifyError kind;
  };
  const Case cases[] = {
      {X509_V_OK, CertVerifyError::kNone},
      {X509_V_ERR_CERT_HAS_EXPIRED, CertVerifyError::kExpired},
      {X509_V_ERR_CERT_NOT_YET_VALID, CertVerifyError::kNotYetValid},
      {X509_V_ERR_HOSTNAME_MISMATCH, CertVerifyError::kHostnameMismatch},
      {X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, CertVerifyError::kSelfSignedLeaf},
      {X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, CertVerifyError::kSelfSignedInChain},
      {X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, CertVerifyError::kIssuerUnknown},
      {X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, CertVerifyError::kIssuerUnknown},
      {X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, CertVerifyError::kIssuerUnknown},
      {X509_V_ERR_CERT_UNTRUSTED, CertVerifyError::kIssuerUnknown},
      {X509_V_ERR_CA_MD_TOO_WEAK, CertVerifyError::kWeakSignature},
      {X509_V_ERR_EE_KEY_TOO_SMALL, CertVerifyError::kWeakKey},
      {X509_V_ERR_CA_KEY_TOO_SMALL, CertVerifyError::kWeakKey},
      {X509_V_ERR_CERT_REVOKED, CertVerifyError::kOther},
      {X509_V_ERR_INVALID_PURPOSE, CertVerifyError::kOther},
      {X509_V_ERR_CERT_SIGNATURE_FAILURE, CertVerifyError::kOther},
  };
  for (const Case& c : cases) EXPECT_EQ(TranslateVerifyError(c.code), c.kind) << c.code;
}

}  // namespace
}  // namespace dmk
