#include "common/evaluate/verify_error.h"

#include <openssl/x509_vfy.h>

namespace dmk {

CertVerifyError TranslateVerifyError(int x509_v_code) {
  switch (x509_v_code) {
    case X509_V_OK: return CertVerifyError::kNone;
    case X509_V_ERR_CERT_HAS_EXPIRED: return CertVerifyError::kExpired;
    case X509_V_ERR_CERT_NOT_YET_VALID: return CertVerifyError::kNotYetValid;
    case X509_V_ERR_HOSTNAME_MISMATCH: return CertVerifyError::kHostnameMismatch;
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT: return CertVerifyError::kSelfSignedLeaf;
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN: return CertVerifyError::kSelfSignedInChain;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_UNTRUSTED: return CertVerifyError::kIssuerUnknown;
    case X509_V_ERR_CA_MD_TOO_WEAK: return CertVerifyError::kWeakSignature;
    case X509_V_ERR_EE_KEY_TOO_SMALL:
    case X509_V_ERR_CA_KEY_TOO_SMALL: return CertVerifyError::kWeakKey;
    default: return CertVerifyError::kOther;
  }
}

}  // namespace dmk
