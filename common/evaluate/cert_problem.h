// Certificate problems in plain words: classifies what chain verification found (TlsFacts: the OpenSSL
// error, which certificate it is about, the chain's order, the names) into one cause, and words that cause
// for the first line and the long output. An incomplete chain, an untrusted root sent in the chain, a
// self-signed leaf, a weak signature or key, a chain out of order and a name only in the Common Name each
// read differently, since each asks something different of the contractor.
// Expiry, host-name mismatch and pins are worded by eval_tls.cc. Reads OpenSSL's verify code through
// verify_error.h, so it needs no OpenSSL header. Pure functions: no I/O, no state.
#ifndef DMK_COMMON_EVALUATE_CERT_PROBLEM_H_
#define DMK_COMMON_EVALUATE_CERT_PROBLEM_H_

#include <string>

#include "common/model/outcome.h"

namespace dmk {

enum class CertProblem {
  kNone,             // nothing this unit words: a trusted chain, or a cause eval_tls.cc words itself
  kOutOfOrder,       // the first certificate sent is the issuer of another one sent
  kIncompleteChain,  // the server sends its leaf without the intermediate that issued it
  kUntrustedIssuer,  // the issuer is missing from the trust store and not known to be an intermediate
  kUntrustedRoot,    // the chain sent ends in a self-signed root that is not trusted
  kSelfSigned,       // the leaf itself is self-signed and not trusted
  kWeakSignature,    // a certificate of the chain is signed with a digest below the security level
  kWeakKey,          // a certificate of the chain has a key below the security level
};

// The cause of a refused certificate. A chain out of order is recognised before everything else (its
// "leaf" is the intermediate, so any other reading would name the wrong certificate). A missing issuer
// is an incomplete chain when the leaf itself lacks its issuer and names where to fetch it (AIA
// caIssuers, which public CAs must include): the server was meant to send it. Without that URL the issuer
// may as well be a private CA, and the words say "not trusted".
CertProblem ClassifyCertificateProblem(const TlsFacts& facts);

struct CertProblemWords {
  std::string text;    // for the first line, network text already sanitised
  std::string advice;  // for the long output
};

// Words for `problem` (not kNone) found in `facts` when checking `host`.
CertProblemWords DescribeCertificateProblem(CertProblem problem, const TlsFacts& facts, const std::string& host);

// Words for a certificate that names `host` only in its Common Name (TlsFacts::chain.name_only_in_cn).
CertProblemWords DescribeNameOnlyInCn(const std::string& host);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_CERT_PROBLEM_H_
