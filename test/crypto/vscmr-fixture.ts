// The hardware part of the sample .vscmr signature files, walked with the crypto folder's own DER reader — on
// purpose independent of src/tse/signature-file.ts, so the crypto tests do not rest on the codec they help check.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha512, toHex } from '../../src/crypto/hash.ts';
import { derChildren, derContent, readDerNode } from '../../src/crypto/x509.ts';

export const SAMPLES = '../shared/tse/samples/2022-v1';
export const skipSamples: false | string = existsSync(SAMPLES)
  ? false
  : `TSE samples not found at ${SAMPLES} (../shared is absent)`;

export interface HwSignature {
  file: string;
  name: string;
  hash: Uint8Array;
  signature: Uint8Array;
}

export interface Vscmr {
  dir: string;
  file: string;
  modeloUrna: number;
  /** algoritmoAssinatura.algoritmo of the HW part (V1 enum: rsa 1, ecdsa 2, cepesc 3). */
  hwAlgorithmEnum: number;
  cert: Uint8Array;
  signatures: HwSignature[];
}

/** HW part of a .vscmr (EntidadeAssinaturaResultado, V1 spec): certificate, autoAssinado and every file's signature. */
export function readVscmr(dir: string, file: string): Vscmr {
  const b = new Uint8Array(readFileSync(join(dir, file)));
  const [modelo, , hw] = derChildren(b, readDerNode(b, 0));
  const [, , autoAssinado, conteudoNode, certNode] = derChildren(b, hw!);
  const [, , algAssinatura, auto] = derChildren(b, autoAssinado!);
  const [algEnum] = derChildren(b, algAssinatura!);
  const [, autoHash, autoSig] = derChildren(b, auto!);
  const c = derContent(b, conteudoNode!);
  // The auto-signature covers conteudoAutoAssinado: its hash must be SHA-512 of those bytes.
  assert.equal(toHex(derContent(b, autoHash!)), toHex(sha512(c)), `${file}: autoAssinado hash`);
  const signatures: HwSignature[] = [
    { file, name: 'autoAssinado', hash: derContent(b, autoHash!), signature: derContent(b, autoSig!) },
  ];
  const [list] = derChildren(c, readDerNode(c, 0));
  for (const item of derChildren(c, list!)) {
    const [name, digital] = derChildren(c, item);
    const [, hash, sig] = derChildren(c, digital!);
    const nome = Buffer.from(derContent(c, name!)).toString('latin1');
    signatures.push({ file, name: nome, hash: derContent(c, hash!), signature: derContent(c, sig!) });
  }
  return {
    dir,
    file,
    modeloUrna: b[modelo!.contentStart]!,
    hwAlgorithmEnum: b[algEnum!.contentStart]!,
    cert: derContent(b, certNode!),
    signatures,
  };
}

/** Every sample .vscmr, in name order. */
export function allVscmr(): Vscmr[] {
  return readdirSync(SAMPLES)
    .sort()
    .flatMap((d) =>
      readdirSync(join(SAMPLES, d))
        .filter((f) => f.endsWith('.vscmr'))
        .sort()
        .map((f) => readVscmr(join(SAMPLES, d), f)),
    );
}
