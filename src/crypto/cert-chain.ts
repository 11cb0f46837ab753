// Certificate chains and hardware signatures of the TSE's urnas (docs/TSE-FORMATS.md §5).
//
// An urna certificate (in the HW part of a signature file) is issued by AC URNA (ECDSA P-521, UE2009–UE2015) or by
// AC UE2020 / AC UE2022 (Ed521). Those CA certificates (tse/spec/certs) are the trust anchors. They are not
// self-signed — AC URNA is issued by "AC RAIZ UE", AC UE20xx by "AC URNA v2", whose certificates are not published
// with the format package — so an anchor's own signature is reported as cannot-check, not as a failure.
// Validity periods are reported, never enforced: the files are historical and most urna certificates have expired.
import { sha512 } from './hash.ts';
import { verifyEd25519 } from './ed25519.ts';
import { verifyEd521 } from './ed521.ts';
import { verifyEcdsaP521Sha512 } from './ecdsa-p521.ts';
import {
  ED521_OID,
  OID_ECDSA_WITH_SHA512,
  OID_ED25519,
  parseCertificate,
  sameName,
  type X509Certificate,
  type X509PublicKey,
} from './x509.ts';

/** A parsed certificate, or its DER / PEM bytes or PEM text. */
export type CertificateInput = X509Certificate | Uint8Array | string;

export type CheckStatus = 'pass' | 'fail' | 'cannot-check';

export interface SignatureCheck {
  status: CheckStatus;
  /** Why it failed or could not be checked. */
  reason?: string;
}

function toCertificate(input: CertificateInput, label: string): X509Certificate | string {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) return input;
  const r = parseCertificate(input, label);
  if (r.ok) return r.value;
  const p = r.problems[0]!;
  return `${label}: ${p.path}: expected ${p.expected}, found ${p.found}`;
}

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Checks the signature of `cert` (over its exact TBSCertificate bytes) with `issuerKey`: ecdsa-with-SHA512 with a P-521
 * key (digest = SHA-512 of the TBS), Ed521 with an Ed521 key (message = the TBS itself, as the TSE's CAs sign),
 * Ed25519 with an Ed25519 key.
 */
export function verifyCertificateSignature(cert: X509Certificate, issuerKey: X509PublicKey): SignatureCheck {
  const alg = cert.signatureAlgorithm;
  let ok: boolean;
  if (alg === OID_ECDSA_WITH_SHA512 && issuerKey.kind === 'ecdsa-p521') {
    ok = verifyEcdsaP521Sha512(issuerKey.key, cert.tbs, cert.signature);
  } else if (alg === ED521_OID && issuerKey.kind === 'ed521') {
    ok = verifyEd521(issuerKey.key, cert.tbs, cert.signature);
  } else if (alg === OID_ED25519 && issuerKey.kind === 'ed25519') {
    ok = verifyEd25519(issuerKey.key, cert.tbs, cert.signature);
  } else {
    return {
      status: 'cannot-check',
      reason: `signature algorithm ${cert.signatureAlgorithmName} with an issuer key of kind ${issuerKey.kind} is not supported`,
    };
  }
  return ok
    ? { status: 'pass' }
    : { status: 'fail', reason: `${cert.signatureAlgorithmName} signature of "${cert.subject.text}" does not verify` };
}

export interface ChainLink {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** Whether `at` lies within the validity period (reported, not enforced). */
  validAt: boolean;
  /** This certificate's signature, checked with the next link's key (or its own, for a self-signed anchor). */
  signature: SignatureCheck;
}

export interface ChainResult {
  /** True when every signature from the certificate up to a trust anchor verifies. */
  ok: boolean;
  /** Subject CNs (or full names when there is no CN), from the certificate to the anchor. */
  chain: string[];
  links: ChainLink[];
  /** Why the chain does not verify. */
  problem?: string;
  /** Set when some certificate is outside its validity period at `at`, e.g. "ueao01663883 expired 2021-…". */
  validityNote?: string;
}

const label = (c: X509Certificate): string => c.subject.cn || c.subject.text;

function link(c: X509Certificate, at: Date, signature: SignatureCheck): ChainLink {
  return {
    subject: c.subject.text,
    issuer: c.issuer.text,
    serialNumber: c.serialNumber,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    validAt: c.notBefore.getTime() <= at.getTime() && at.getTime() <= c.notAfter.getTime(),
    signature,
  };
}

/** Issuer candidates for `c` among the CAs: same name, and the same key identifier when both carry one. */
function issuerCandidates(c: X509Certificate, cas: X509Certificate[]): X509Certificate[] {
  return cas.filter((ca) => {
    if (!sameName(ca.subject, c.issuer)) return false;
    const aki = c.extensions.authorityKeyIdentifier;
    const ski = ca.extensions.subjectKeyIdentifier;
    return !aki || !ski || equalBytes(aki, ski);
  });
}

/**
 * Verifies `cert` up to one of `caCerts` (the trust anchors, e.g. tse/spec/certs/*.crt): each issuer is found by
 * name (and key identifier), each signature checked with the issuer's key; an issuer must not say it is not a CA.
 * The chain stops at a self-signed CA (its self-signature checked) or at an anchor whose issuer is not among
 * `caCerts` (its signature reported as cannot-check). `at` (default now) only feeds the validity report.
 */
export function verifyCertificateChain(
  cert: CertificateInput,
  caCerts: CertificateInput[],
  options: { at?: Date } = {},
): ChainResult {
  const at = options.at ?? new Date();
  const leaf = toCertificate(cert, 'certificate');
  if (typeof leaf === 'string') return { ok: false, chain: [], links: [], problem: leaf };
  const cas: X509Certificate[] = [];
  for (const [i, input] of caCerts.entries()) {
    const ca = toCertificate(input, `CA certificate ${i + 1}`);
    if (typeof ca === 'string') return { ok: false, chain: [label(leaf)], links: [], problem: ca };
    cas.push(ca);
  }

  const chain: string[] = [];
  const links: ChainLink[] = [];
  const fail = (problem: string): ChainResult => ({ ok: false, chain, links, problem, ...validity() });
  const validity = (): { validityNote?: string } => {
    const out = links.filter((l) => !l.validAt);
    if (out.length === 0) return {};
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    return {
      validityNote: out
        .map((l) => `"${l.subject}" valid ${iso(l.notBefore)} to ${iso(l.notAfter)}, not at ${iso(at)}`)
        .join('; '),
    };
  };

  let current = leaf;
  for (let depth = 0; depth < 8; depth++) {
    chain.push(label(current));
    const selfIssued = sameName(current.subject, current.issuer);
    const isAnchor = cas.some((ca) => equalBytes(ca.der, current.der));
    if (selfIssued) {
      const check = verifyCertificateSignature(current, current.publicKey);
      links.push(link(current, at, check));
      if (check.status !== 'pass') return fail(`self-signed "${current.subject.text}": ${check.reason}`);
      if (!isAnchor) return fail(`self-signed "${current.subject.text}" is not one of the trusted CA certificates`);
      return { ok: true, chain, links, ...validity() };
    }
    const candidates = issuerCandidates(current, cas).filter((ca) => !equalBytes(ca.der, current.der));
    if (candidates.length === 0) {
      if (isAnchor) {
        links.push(
          link(current, at, {
            status: 'cannot-check',
            reason: `trusted CA certificate; its issuer "${current.issuer.text}" was not provided`,
          }),
        );
        return { ok: true, chain, links, ...validity() };
      }
      links.push(link(current, at, { status: 'cannot-check', reason: 'issuer not found' }));
      const sameNameOnly = cas.some((ca) => sameName(ca.subject, current.issuer));
      return fail(
        `issuer "${current.issuer.text}" of "${current.subject.text}" is not among the CA certificates` +
          (sameNameOnly ? ' (a CA of that name has another key identifier)' : ''),
      );
    }
    let issuer: X509Certificate | undefined;
    let check: SignatureCheck = { status: 'fail', reason: 'no candidate issuer' };
    for (const ca of candidates) {
      check = verifyCertificateSignature(current, ca.publicKey);
      if (check.status === 'pass') {
        issuer = ca;
        break;
      }
    }
    links.push(link(current, at, check));
    if (!issuer) return fail(`"${current.subject.text}": ${check.reason}`);
    if (issuer.extensions.ca === false) return fail(`issuer "${issuer.subject.text}" is not a CA (basicConstraints)`);
    current = issuer;
  }
  return fail('certificate chain longer than 8');
}

export type HardwareAlgorithm = 'ed521' | 'ecdsa-p521-sha512';

export interface HardwareSignatureCheck {
  ok: boolean;
  /** Chosen by the certificate's key; the signature file's algorithm enum says ecdsa even for Ed521 keys. */
  algorithm?: HardwareAlgorithm;
  /** Why it does not verify. */
  reason?: string;
}

/**
 * Verifies an urna hardware signature over `hash`, the 64-byte SHA-512 of a file (signature files) or the last
 * tuple hash (V2 BU), with the key of `cert`. The signed message is SHA-512(hash): Ed521 signs those 64 bytes
 * (UE2020/UE2022); ECDSA P-521 uses them as its digest, i.e. ECDSA-with-SHA-512 over `hash` (UE2009–UE2015).
 */
export function verifyHardwareSignature(
  cert: CertificateInput,
  hash: Uint8Array,
  signature: Uint8Array,
): HardwareSignatureCheck {
  const c = toCertificate(cert, 'certificate');
  if (typeof c === 'string') return { ok: false, reason: c };
  const who = `"${c.subject.text}"`;
  switch (c.publicKey.kind) {
    case 'ed521': {
      if (signature.length !== 132) {
        return {
          ok: false,
          algorithm: 'ed521',
          reason: `Ed521 signature must be 132 bytes, found ${signature.length}`,
        };
      }
      return verifyEd521(c.publicKey.key, sha512(hash), signature)
        ? { ok: true, algorithm: 'ed521' }
        : { ok: false, algorithm: 'ed521', reason: `Ed521 signature does not verify with the key of ${who}` };
    }
    case 'ecdsa-p521':
      return verifyEcdsaP521Sha512(c.publicKey.key, hash, signature)
        ? { ok: true, algorithm: 'ecdsa-p521-sha512' }
        : {
            ok: false,
            algorithm: 'ecdsa-p521-sha512',
            reason: `ECDSA P-521/SHA-512 signature does not verify with the key of ${who}`,
          };
    default:
      return { ok: false, reason: `certificate key ${c.publicKey.algorithm} is neither Ed521 nor ECDSA P-521` };
  }
}
