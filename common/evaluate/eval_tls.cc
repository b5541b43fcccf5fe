#include "common/evaluate/eval_tls.h"

#include <string>

#include "common/evaluate/cert_days.h"
#include "common/evaluate/cert_problem.h"
#include "common/evaluate/eval_policy.h"
#include "common/evaluate/eval_words.h"
#include "common/evaluate/verify_error.h"
#include "common/model/cert_life.h"

namespace dmk {

namespace {

// The code of a cause cert_problem.h names (not kNone).
ReasonCode CertProblemReasonCode(CertProblem problem) {
  switch (problem) {
    case CertProblem::kOutOfOrder: return ReasonCode::kTlsChainOutOfOrder;
    case CertProblem::kIncompleteChain: return ReasonCode::kTlsChainIncomplete;
    case CertProblem::kUntrustedIssuer: return ReasonCode::kTlsUntrustedIssuer;
    case CertProblem::kUntrustedRoot: return ReasonCode::kTlsUntrustedRoot;
    case CertProblem::kSelfSigned: return ReasonCode::kTlsSelfSigned;
    case CertProblem::kWeakSignature: return ReasonCode::kTlsWeakSignature;
    case CertProblem::kWeakKey: return ReasonCode::kTlsWeakKey;
    case CertProblem::kNone: break;
  }
  return ReasonCode::kTlsVerificationFailed;
}

// The code of a verification error no other finding words.
ReasonCode VerifyErrorReasonCode(CertVerifyError error) {
  switch (error) {
    case CertVerifyError::kSelfSignedLeaf:
    case CertVerifyError::kSelfSignedInChain: return ReasonCode::kTlsSelfSigned;
    case CertVerifyError::kIssuerUnknown: return ReasonCode::kTlsUntrustedIssuer;
    default: return ReasonCode::kTlsVerificationFailed;
  }
}

// When an event in a certificate's life happened: to the minute for lifetimes under 10 days.
std::string When(std::int64_t epoch, std::int64_t lifetime) {
  return lifetime < 10 * kSecondsPerDay ? DateTime(epoch) : Date(epoch);
}

// "64-day certificate, renewal due since 2027-04-01 (2/3 of its life)"; "" when the dates are unusable.
std::string LifeWords(const CertificateFacts& leaf, std::int64_t now) {
  if (leaf.not_before == 0 || leaf.not_after <= leaf.not_before) return "";
  const std::int64_t lifetime = leaf.not_after - leaf.not_before;
  const std::int64_t due = RenewalDue(leaf.not_before, leaf.not_after);
  return LifetimeWords(lifetime) + " certificate, renewal due " + (now >= due ? "since " : "") + When(due, lifetime) +
         " (2/3 of its life)";
}

// What to do about a leaf that expires (or expired): whether its renewal, on an automated schedule, is
// overdue, and whether that schedule is likely an ACME client's.
std::string RenewalAdvice(const Config& config, const CertificateFacts& leaf, std::int64_t now) {
  const std::string expiry = leaf.not_after < now ? "expired " : "expires ";
  const std::string renew = "renew the certificate of " + config.hostname + " (it " + expiry +
                            When(leaf.not_after, leaf.not_after - leaf.not_before) + ").";
  if (leaf.not_before == 0 || leaf.not_after <= leaf.not_before) return "Ask the contractor to " + renew;
  const std::int64_t lifetime = leaf.not_after - leaf.not_before;
  const std::int64_t due = RenewalDue(leaf.not_before, leaf.not_after);
  const std::string when = When(due, lifetime) + " (2/3 of its " + LifetimeWords(lifetime) + " life)";
  if (now < due) return "Ask the contractor to " + renew + " Its renewal is due on " + when + ".";
  if (lifetime <= kAutomatedLifetime) {
    return "Automatic renewal (ACME) looks broken: the certificate should have been renewed on " + when +
           ". Ask the contractor to check their ACME client (its log, its timer or cron job, the CA's "
           "answers) and " +
           renew;
  }
  return "Renewal was due on " + when + ": ask the contractor to " + renew;
}

// A refused certificate: the leaf's dates and names. True when one of them was the problem.
bool RefusedLeaf(const Config& config, const TlsFacts& tls, std::int64_t now, State state, StepResult* step) {
  const CertificateFacts& leaf = tls.leaf;
  bool said = false;
  if (leaf.not_after != 0 && leaf.not_after < now) {
    step->Problem(Layer::kTls, state,
                  "certificate " + ExpiryWords(leaf.not_after, now) + " (" + Date(leaf.not_after) + ")",
                  RenewalAdvice(config, leaf, now), ReasonCode::kTlsCertificateExpired);
    said = true;
  } else if (leaf.not_before > now) {
    step->Problem(Layer::kTls, state,
                  "certificate is not valid before " + Date(leaf.not_before) + " (check the server's clock)",
                  "The certificate's start date lies in the future: check the clock of the server (or of this "
                  "monitoring host).",
                  ReasonCode::kTlsCertificateNotYetValid);
    said = true;
  }
  if (!tls.host_matches) {
    std::string names;
    for (size_t i = 0; i < leaf.names.size() && i < 4; ++i) names += (i > 0 ? ", " : "") + leaf.names[i];
    if (names.empty()) names = leaf.subject;
    step->Problem(Layer::kTls, state, "certificate is for " + Quote(names, 100) + ", not " + config.hostname,
                  "The server presents a certificate for another name: ask the contractor to install one that "
                  "covers " +
                      config.hostname + ", or check that the host name and address are right.",
                  ReasonCode::kTlsHostnameMismatch);
    said = true;
  }
  return said;
}

// A refused certificate: what chain verification found beyond the leaf's dates and names.
void RefusedChain(const Config& config, const ProbeOutcome& outcome, std::int64_t now, CertProblem problem, bool said,
                  StepResult* step) {
  const TlsFacts& tls = outcome.tls;
  const State state = StateForCertificate(CertificateFinding::kRefused, config);
  const CertVerifyError error = TranslateVerifyError(tls.verify_error);
  if (!said && error == CertVerifyError::kExpired && tls.earliest_not_after != 0 && tls.earliest_not_after < now) {
    // The leaf is in date, so a certificate further up the presented chain has expired.
    step->Problem(Layer::kTls, state,
                  "chain certificate " + Quote(tls.earliest_subject, 80) + " " +
                      ExpiryWords(tls.earliest_not_after, now) + " (" + Date(tls.earliest_not_after) + ")",
                  "The server sends an expired intermediate certificate: ask the contractor to install the "
                  "current chain from their certificate authority.",
                  ReasonCode::kTlsChainExpired);
    said = true;
  }
  if (problem != CertProblem::kNone) {
    CertProblemWords words = DescribeCertificateProblem(problem, tls, config.hostname);
    step->Problem(Layer::kTls, state, words.text, words.advice, CertProblemReasonCode(problem));
    said = true;
  }
  if (said) return;
  switch (error) {
    case CertVerifyError::kNone:
    case CertVerifyError::kExpired:
    case CertVerifyError::kNotYetValid:
    case CertVerifyError::kHostnameMismatch:
      step->Problem(
          Layer::kTls, state, "certificate refused: " + Quote(tls.verify_error_text), "",
          error == CertVerifyError::kExpired ? ReasonCode::kTlsChainExpired : ReasonCode::kTlsVerificationFailed);
      return;
    default:
      step->Problem(Layer::kTls, state, "certificate verification failed: " + Quote(tls.verify_error_text),
                    "Inspect the chain with: openssl s_client -connect " + Target(config, outcome) + " -servername " +
                        config.hostname + " -showcerts",
                    VerifyErrorReasonCode(error));
  }
}

// A certificate our verification refused: the one cause first, in the order the first line names them.
void Refused(const Config& config, const ProbeOutcome& outcome, std::int64_t now, StepResult* step) {
  const TlsFacts& tls = outcome.tls;
  const State state = StateForCertificate(CertificateFinding::kRefused, config);
  if (tls.pin_checked && !tls.pin_matched) {
    step->Problem(
        Layer::kTls, state,
        "certificate key does not match --pin-sha256 (the server's key is sha256//" + tls.leaf.spki_sha256 + ")",
        "The server presents a different key than the pinned one: if the contractor renewed the "
        "certificate with a new key, confirm it with them and update --pin-sha256; otherwise treat it "
        "as a possible interception.",
        ReasonCode::kTlsPinMismatch);
    return;
  }
  const CertProblem problem = ClassifyCertificateProblem(tls);
  if (problem == CertProblem::kOutOfOrder) {  // its "leaf" is the intermediate: expiry and names would mislead
    CertProblemWords words = DescribeCertificateProblem(problem, tls, config.hostname);
    step->Problem(Layer::kTls, state, words.text, words.advice, CertProblemReasonCode(problem));
    return;
  }
  const bool said = RefusedLeaf(config, tls, now, state, step);
  RefusedChain(config, outcome, now, problem, said, step);
}

// An accepted certificate: its start date and the time left of the chain certificate that expires first,
// against the thresholds its lifetime sets.
void CertificateDays(const Config& config, const TlsFacts& tls, std::int64_t now, StepResult* step) {
  if (tls.earliest_not_after == 0) return;
  const bool leaf = tls.earliest_not_after == tls.leaf.not_after;
  const std::string which = leaf ? "certificate" : "chain certificate " + Quote(tls.earliest_subject, 80);
  const std::string when =
      leaf ? When(tls.earliest_not_after, tls.leaf.not_after - tls.leaf.not_before) : Date(tls.earliest_not_after);
  if (tls.leaf.not_before > now) {
    step->Problem(Layer::kTls, StateForCertificate(CertificateFinding::kNotYetValid, config),
                  "certificate is not valid before " + Date(tls.leaf.not_before), "",
                  ReasonCode::kTlsCertificateNotYetValid);
  }
  const std::int64_t left = tls.earliest_not_after - now;
  const std::optional<State> state = StateForCertificateLeft(left, CertificateThresholds(config, tls));
  if (!state) return;
  const ReasonCode reason_code = left >= 0 ? ReasonCode::kTlsCertificateExpiresSoon
                                           : (leaf ? ReasonCode::kTlsCertificateExpired : ReasonCode::kTlsChainExpired);
  std::string text = which + " " + ExpiryWords(tls.earliest_not_after, now) + " (" + when + ")";
  if (!leaf) {
    step->Problem(Layer::kTls, *state, text,
                  "Ask the contractor to install the current chain from their certificate authority (" + which +
                      " expires " + when + ").",
                  reason_code);
    return;
  }
  if (const std::string life = LifeWords(tls.leaf, now); !life.empty()) text += ", " + life;
  step->Problem(Layer::kTls, *state, text, RenewalAdvice(config, tls.leaf, now), reason_code);
}

void Accepted(const Config& config, const ProbeOutcome& outcome, std::int64_t now, StepResult* step) {
  const TlsFacts& tls = outcome.tls;
  const std::int64_t lifetime = tls.leaf.not_after - tls.leaf.not_before;
  std::string text = tls.protocol + " " + tls.cipher + ", " + Quote(tls.leaf.subject, 80) + ", issuer " +
                     Quote(tls.leaf.issuer, 80) + ", expires " + When(tls.leaf.not_after, lifetime) + " (" +
                     TimeLeftWords(tls.leaf.not_after, now) + ")";
  // The leaf's life and renewal date, here unless its expiry is a problem whose words say them.
  const bool leaf_expiry_problem =
      tls.earliest_not_after == tls.leaf.not_after &&
      StateForCertificateLeft(tls.leaf.not_after - now, CertificateThresholds(config, tls));
  if (const std::string life = LifeWords(tls.leaf, now); !life.empty() && !leaf_expiry_problem) text += ", " + life;
  if (tls.pin_checked) text += ", key matches --pin-sha256";
  if (tls.verification_skipped) text += ", NOT verified (--insecure)";
  step->Fact(Layer::kTls, text);
  if (tls.chain.name_only_in_cn) {
    CertProblemWords words = DescribeNameOnlyInCn(config.hostname);
    const State state = StateForCertificate(CertificateFinding::kNameOnlyInCn, config);
    if (state == State::kOk) {
      step->Fact(Layer::kTls, words.text);  // accepted on purpose: long output only
    } else {
      step->Problem(Layer::kTls, state, words.text, words.advice, ReasonCode::kTlsNameOnlyInCn);
    }
  }
  CertificateDays(config, tls, now, step);
  CheckPhase(Layer::kTls, "TLS handshake", outcome.phases.tls, config.tls_handshake, ReasonCode::kTlsSlow, step);
}

}  // namespace

StepResult EvaluateTls(const Config& config, const ProbeOutcome& outcome, std::int64_t now) {
  StepResult step;
  if (!config.tls || !outcome.tls.certificate_seen) return step;
  if (outcome.tls.accepted) {
    Accepted(config, outcome, now, &step);
  } else {
    Refused(config, outcome, now, &step);
  }
  return step;
}

}  // namespace dmk
