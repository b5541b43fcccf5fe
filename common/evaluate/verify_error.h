// Chain verification's outcome in our own words: OpenSSL's X509_V_ERR_* codes (TlsFacts::verify_error, as
// tls_verify.cc records them) translated, at this edge, into the few kinds the evaluation tells apart, so
// that no evaluation step needs OpenSSL's headers. Pure.
#ifndef DMK_COMMON_EVALUATE_VERIFY_ERROR_H_
#define DMK_COMMON_EVALUATE_VERIFY_ERROR_H_

namespace dmk {

enum class CertVerifyError {
  kNone,               // X509_V_OK: the chain is trusted
  kExpired,            // a certificate of the chain has expired
  kNotYetValid,        // a certificate of the chain is not valid yet
  kHostnameMismatch,   // the leaf is for another name
  kSelfSignedLeaf,     // the leaf is self-signed and not trusted
  kSelfSignedInChain,  // the chain ends in a self-signed certificate that is not trusted
  kIssuerUnknown,      // an issuer is missing or not trusted
  kWeakSignature,      // a signature digest below the security level
  kWeakKey,            // a key below the security level
  kOther,              // anything else: revoked, bad signature, wrong purpose, ...
};

// The kind of OpenSSL's `x509_v_code` (X509_V_OK or an X509_V_ERR_* value).
CertVerifyError TranslateVerifyError(int x509_v_code);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_VERIFY_ERROR_H_
