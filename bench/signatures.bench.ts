// Hardware-signature verification speed on the TSE's real signatures (the 6 sample .vscmr files: 33 Ed521 signatures
// of UE2020 urnas, 33 ECDSA P-521 signatures of UE2013/UE2015 urnas), beside a baseline measured in the same run:
// node:crypto's one-shot Ed25519 verify (OpenSSL) on the same 64-byte messages. Also certificate parse + chain
// checks. Prints operations/s per core, and across `--workers` threads for Ed521 and the baseline.
//
// Usage: npx tsx bench/signatures.bench.ts [--seconds 2] [--workers 2]
import { generateKeyPairSync, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { verifyCertificateChain } from '../src/crypto/cert-chain.ts';
import { verifyEcdsaP521Sha512 } from '../src/crypto/ecdsa-p521.ts';
import { verifyEd521 } from '../src/crypto/ed521.ts';
import { sha512 } from '../src/crypto/hash.ts';
import { derChildren, derContent, parseCertificate, readDerNode } from '../src/crypto/x509.ts';

const SAMPLES = new URL('../../shared/tse/samples/2022-v1/', import.meta.url).pathname;
const CERTS = new URL('../../shared/tse/spec/certs/', import.meta.url).pathname;

interface Sample {
  key: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}
interface Samples {
  ed521: Sample[];
  ecdsa: Sample[];
  certs: Uint8Array[];
}

/** Keys and (message, signature) pairs of every HW signature, walked with the DER reader (V1 signature files). */
function loadSamples(): Samples {
  const out: Samples = { ed521: [], ecdsa: [], certs: [] };
  for (const dir of readdirSync(SAMPLES)) {
    for (const f of readdirSync(join(SAMPLES, dir)).filter((x) => x.endsWith('.vscmr'))) {
      const b = new Uint8Array(readFileSync(join(SAMPLES, dir, f)));
      const [, , hw] = derChildren(b, readDerNode(b, 0));
      const [, , autoAssinado, conteudoNode, certNode] = derChildren(b, hw!);
      const certBytes = derContent(b, certNode!);
      const cert = parseCertificate(certBytes, f);
      if (!cert.ok) throw new Error(`${f}: certificate does not parse`);
      out.certs.push(certBytes);
      const pairs: [Uint8Array, Uint8Array][] = [];
      const [, autoHash, autoSig] = derChildren(b, derChildren(b, autoAssinado!)[3]!);
      pairs.push([derContent(b, autoHash!), derContent(b, autoSig!)]);
      const c = derContent(b, conteudoNode!);
      for (const item of derChildren(c, derChildren(c, readDerNode(c, 0))[0]!)) {
        const [, hash, sig] = derChildren(c, derChildren(c, item)[1]!);
        pairs.push([derContent(c, hash!), derContent(c, sig!)]);
      }
      const key = cert.value.publicKey;
      for (const [hash, signature] of pairs) {
        // The hardware signature's message rule (TSE-FORMATS §5): Ed521 signs SHA-512(hash); ECDSA hashes `hash`.
        if (key.kind === 'ed521') out.ed521.push({ key: key.key, message: sha512(hash), signature });
        else out.ecdsa.push({ key: key.key, message: hash, signature });
      }
    }
  }
  return out;
}

/** Ed25519 signatures by a fresh key over the same messages, for the OpenSSL baseline. */
function baselineSet(messages: Uint8Array[]): { key: KeyObject; message: Uint8Array; signature: Uint8Array }[] {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return messages.map((message) => ({ key: publicKey, message, signature: nodeSign(null, message, privateKey) }));
}

type Kind = 'ed521' | 'ecdsa' | 'ed25519' | 'chain';

/** Runs `kind` over the samples for about `seconds`; returns operations per second. */
function measure(kind: Kind, samples: Samples, seconds: number): number {
  const base = baselineSet(samples.ed521.map((s) => s.message));
  const cas = ['acurna.crt', 'acue2020.crt', 'acue2022.crt'].map((f) => readFileSync(join(CERTS, f)));
  const one: Record<Kind, (i: number) => boolean> = {
    ed521: (i) => {
      const s = samples.ed521[i % samples.ed521.length]!;
      return verifyEd521(s.key, s.message, s.signature);
    },
    ecdsa: (i) => {
      const s = samples.ecdsa[i % samples.ecdsa.length]!;
      return verifyEcdsaP521Sha512(s.key, s.message, s.signature);
    },
    ed25519: (i) => {
      const s = base[i % base.length]!;
      return nodeVerify(null, s.message, s.key, s.signature);
    },
    // A fresh parse of the urna certificate and of the three CA certificates, and the chain's signature.
    chain: (i) => verifyCertificateChain(samples.certs[i % samples.certs.length]!, cas).ok,
  };
  const op = one[kind];
  for (let i = 0; i < 20; i++) if (!op(i)) throw new Error(`${kind}: a sample signature does not verify`);
  let n = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 16; i++) if (!op(n++)) throw new Error(`${kind}: a sample signature does not verify`);
  }
  return (n * 1000) / (performance.now() - t0);
}

async function inWorkers(kind: Kind, workers: number, seconds: number): Promise<number> {
  const bootstrap = new URL('../src/simulation/worker-bootstrap.mjs', import.meta.url);
  const runs = Array.from(
    { length: workers },
    () =>
      new Promise<number>((resolve, reject) => {
        const w = new Worker(bootstrap, { workerData: { entry: import.meta.url, kind, seconds } });
        w.once('message', (rate: number) => resolve(rate));
        w.once('error', reject);
      }),
  );
  const rates = await Promise.all(runs);
  return rates.reduce((a, b) => a + b, 0);
}

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(9);

if (!isMainThread) {
  const { kind, seconds } = workerData as { kind: Kind; seconds: number };
  parentPort!.postMessage(measure(kind, loadSamples(), seconds));
} else if (!existsSync(SAMPLES) || !existsSync(CERTS)) {
  console.log(`skipped: TSE samples not found at ${SAMPLES} / ${CERTS} (../shared is absent)`);
} else {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const seconds = arg('seconds', 2);
  const workers = arg('workers', 2);
  const samples = loadSamples();
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}; ` +
      `${samples.ed521.length} Ed521 + ${samples.ecdsa.length} ECDSA P-521 sample signatures, ${seconds} s each`,
  );
  console.log('one core:');
  const ed25519 = measure('ed25519', samples, seconds);
  console.log(`  ${fmt(ed25519)} /s  baseline: node:crypto Ed25519 one-shot verify (OpenSSL), same messages`);
  const ed521 = measure('ed521', samples, seconds);
  console.log(`  ${fmt(ed521)} /s  Ed521 verify (BigInt, this repo)   = ${(ed521 / ed25519).toFixed(3)} × baseline`);
  const ecdsa = measure('ecdsa', samples, seconds);
  console.log(
    `  ${fmt(ecdsa)} /s  ECDSA P-521/SHA-512 verify (DER → P1363 + OpenSSL) = ${(ecdsa / ed25519).toFixed(3)} × baseline`,
  );
  const chain = measure('chain', samples, seconds);
  console.log(`  ${fmt(chain)} /s  parse 4 certificates + verify an urna certificate chain`);
  if (workers > 1) {
    console.log(`${workers} worker threads:`);
    const b = await inWorkers('ed25519', workers, seconds);
    console.log(`  ${fmt(b)} /s  baseline: node:crypto Ed25519 verify`);
    const e = await inWorkers('ed521', workers, seconds);
    console.log(`  ${fmt(e)} /s  Ed521 verify                      = ${(e / b).toFixed(3)} × baseline`);
  }
}
