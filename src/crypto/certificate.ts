// A minimal certificate: the election key vouches for an urna's public key (docs/ARCHITECTURE.md: our urna keys
// are Ed25519 certified by the election's key, where the TSE uses hardware keys certified by AC URNA / AC UE20xx).
import { sha512, toHex, fromHex } from './hash.ts';
import { verifyEd25519, type Signer } from './ed25519.ts';

export interface Certificate {
  version: 1;
  /** Who holds the key, e.g. "UE 00012345 SP-71072-0001-0001". */
  subject: string;
  /** Hex of the 32-byte Ed25519 public key being certified. */
  publicKey: string;
  /** Who signed: the issuer's name and the first 16 bytes (hex) of SHA-512 of its public key. */
  issuer: string;
  issuerKeyId: string;
  /** Hex of the issuer's Ed25519 signature over `certificateMessage`. */
  signature: string;
}

export function keyId(publicKey: Uint8Array): string {
  return toHex(sha512(publicKey).subarray(0, 16));
}

function certificateMessage(c: Omit<Certificate, 'signature'>): Uint8Array {
  return sha512(`urna-cert|${c.version}|${c.subject}|${c.publicKey}|${c.issuer}|${c.issuerKeyId}`);
}

export function issueCertificate(
  issuer: Signer,
  issuerName: string,
  subject: string,
  publicKey: Uint8Array,
): Certificate {
  const body = {
    version: 1 as const,
    subject,
    publicKey: toHex(publicKey),
    issuer: issuerName,
    issuerKeyId: keyId(issuer.publicKey),
  };
  return { ...body, signature: toHex(issuer.sign(certificateMessage(body))) };
}

/** Null when the certificate was signed by `issuerPublicKey`; otherwise what is wrong. */
export function certificateProblem(cert: Certificate, issuerPublicKey: Uint8Array): string | null {
  if (cert.version !== 1) return `unknown certificate version ${String(cert.version)}`;
  if (cert.issuerKeyId !== keyId(issuerPublicKey)) {
    return `certificate issued by key ${cert.issuerKeyId}, expected the election key ${keyId(issuerPublicKey)}`;
  }
  const { signature, ...body } = cert;
  let sig: Uint8Array;
  try {
    sig = fromHex(signature);
  } catch {
    return 'certificate signature is not hex';
  }
  if (!verifyEd25519(issuerPublicKey, certificateMessage(body), sig)) return 'certificate signature does not verify';
  return null;
}
