// Decode + full verification of the real BUs of shared/tse/samples (50 V1 with Ed25519 tuple signatures, 25 V2 with
// the SHA-512 tuple chain): BUs/s and V1 tuple signatures/s, on one core and across `--workers` threads, beside a
// baseline measured in the same run — node:crypto's one-shot Ed25519 verify (crypto.verify(null, msg, key, sig)) of
// the same 64-byte messages, keys parsed once. Also decoding alone per version, to compare with the TSE's asn1tools
// (2,400 V1 BUs/s and 1,050 V2 BUs/s on one core, the figures in the issue).
//
// Usage: npx tsx bench/verify.bench.ts [--seconds 2] [--workers 2]
import { createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { checkBu, tupleMessageV1 } from '../src/audit/checks.ts';
import { codigoCargoNumber } from '../src/tse/bu-codec.ts';
import { decodeFile } from '../src/tse/decode-file.ts';

const SAMPLES = new URL('../../shared/tse/samples/', import.meta.url).pathname;

interface Bu {
  name: string;
  bytes: Uint8Array;
  version: 'v1' | 'v2';
  tuples: number;
}

function loadBus(): Bu[] {
  const out: Bu[] = [];
  const walk = (dir: string): void => {
    for (const n of readdirSync(dir).sort()) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.bu$|-bu\.dat$/.test(n)) {
        const bytes = new Uint8Array(readFileSync(p));
        const d = decodeFile(n, bytes);
        if (!d.ok || d.value.kind !== 'bu') throw new Error(`${n}: does not decode`);
        let tuples = 0;
        for (const e of d.value.value.resultadosVotacaoPorEleicao)
          for (const rv of e.resultadosVotacao) for (const c of rv.totaisVotosCargo) tuples += c.votosVotaveis.length;
        out.push({ name: n, bytes, version: d.value.version, tuples });
      }
    }
  };
  walk(SAMPLES);
  return out;
}

interface Sig {
  key: KeyObject;
  message: Uint8Array;
  signature: Uint8Array;
}

/** The V1 tuple (message, signature) pairs, keys parsed once: the baseline's input. */
function loadSignatures(bus: Bu[]): Sig[] {
  const out: Sig[] = [];
  for (const b of bus) {
    const d = decodeFile(b.name, b.bytes);
    if (!d.ok || d.value.kind !== 'bu' || d.value.version !== 'v1') continue;
    const bu = d.value.value;
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(bu.chaveAssinaturaVotosVotavel).toString('base64url') },
      format: 'jwk',
    });
    const carga = bu.urna.correspondenciaResultado.carga.codigoCarga;
    for (const e of bu.resultadosVotacaoPorEleicao)
      for (const rv of e.resultadosVotacao)
        for (const c of rv.totaisVotosCargo)
          for (const t of c.votosVotaveis)
            out.push({
              key,
              message: tupleMessageV1(codigoCargoNumber(c.codigoCargo), t, carga),
              signature: t.assinatura,
            });
  }
  return out;
}

type Kind = 'verify' | 'baseline' | 'decode-v1' | 'decode-v2';

interface Rate {
  /** BUs (or signatures for the baseline) per second. */
  perSecond: number;
  /** V1 tuple signatures verified per second (verify only). */
  signaturesPerSecond: number;
}

function measure(kind: Kind, seconds: number): Rate {
  const bus = loadBus();
  const v1 = bus.filter((b) => b.version === 'v1');
  const v2 = bus.filter((b) => b.version === 'v2');
  const sigs = kind === 'baseline' ? loadSignatures(bus) : [];
  let signatures = 0;
  const op = (i: number): void => {
    switch (kind) {
      case 'baseline': {
        const s = sigs[i % sigs.length]!;
        if (!nodeVerify(null, s.message, s.key, s.signature)) throw new Error('baseline: a signature does not verify');
        signatures++;
        return;
      }
      case 'decode-v1':
      case 'decode-v2': {
        const list = kind === 'decode-v1' ? v1 : v2;
        const b = list[i % list.length]!;
        if (!decodeFile(b.name, b.bytes).ok) throw new Error(`${b.name}: does not decode`);
        return;
      }
      case 'verify': {
        const b = bus[i % bus.length]!;
        const d = decodeFile(b.name, b.bytes);
        if (!d.ok || d.value.kind !== 'bu') throw new Error(`${b.name}: does not decode`);
        const checks =
          d.value.version === 'v1'
            ? checkBu(b.name, { version: 'v1', value: d.value.value })
            : checkBu(b.name, { version: 'v2', value: d.value.value });
        // bu-signature is cannot-check without a -vota.vsc; everything else must pass.
        if (checks.some((c) => c.status === 'fail')) throw new Error(`${b.name}: a check fails`);
        if (b.version === 'v1') signatures += b.tuples;
        return;
      }
    }
  };
  for (let i = 0; i < 200; i++) op(i); // warm-up
  let n = 0;
  signatures = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  while (performance.now() < until) for (let k = 0; k < 8; k++) op(n++);
  const s = (performance.now() - t0) / 1000;
  return { perSecond: n / s, signaturesPerSecond: signatures / s };
}

async function inWorkers(kind: Kind, workers: number, seconds: number): Promise<Rate> {
  const bootstrap = new URL('../src/simulation/worker-bootstrap.mjs', import.meta.url);
  const rates = await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise<Rate>((resolve, reject) => {
          const w = new Worker(bootstrap, { workerData: { entry: import.meta.url, kind, seconds } });
          w.once('message', (r: Rate) => resolve(r));
          w.once('error', reject);
        }),
    ),
  );
  return {
    perSecond: rates.reduce((a, r) => a + r.perSecond, 0),
    signaturesPerSecond: rates.reduce((a, r) => a + r.signaturesPerSecond, 0),
  };
}

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(10);

if (!isMainThread) {
  const { kind, seconds } = workerData as { kind: Kind; seconds: number };
  parentPort!.postMessage(measure(kind, seconds));
} else if (!existsSync(SAMPLES)) {
  console.log(`skipped: TSE samples not found at ${SAMPLES} (../shared is absent)`);
} else {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const seconds = arg('seconds', 2);
  const workers = arg('workers', 2);
  const bus = loadBus();
  const v1 = bus.filter((b) => b.version === 'v1');
  console.log(
    `${bus.length} real BUs (${v1.length} V1 with ${v1.reduce((a, b) => a + b.tuples, 0)} tuple signatures, ${bus.length - v1.length} V2); ${seconds} s per figure`,
  );
  const d1 = measure('decode-v1', seconds);
  const d2 = measure('decode-v2', seconds);
  console.log(
    `decode only, 1 core:      V1 ${fmt(d1.perSecond)} BUs/s (${(d1.perSecond / 2400).toFixed(1)}× asn1tools' 2,400)`,
  );
  console.log(
    `                          V2 ${fmt(d2.perSecond)} BUs/s (${(d2.perSecond / 1050).toFixed(1)}× asn1tools' 1,050)`,
  );
  const v = measure('verify', seconds);
  const b = measure('baseline', seconds);
  console.log(
    `decode + verify, 1 core:     ${fmt(v.perSecond)} BUs/s, ${fmt(v.signaturesPerSecond)} tuple signatures/s`,
  );
  console.log(`baseline node:crypto Ed25519 verify, 1 core: ${fmt(b.signaturesPerSecond)} signatures/s`);
  const vw = await inWorkers('verify', workers, seconds);
  const bw = await inWorkers('baseline', workers, seconds);
  console.log(
    `decode + verify, ${workers} workers:   ${fmt(vw.perSecond)} BUs/s, ${fmt(vw.signaturesPerSecond)} tuple signatures/s`,
  );
  console.log(`baseline, ${workers} workers:               ${fmt(bw.signaturesPerSecond)} signatures/s`);
  console.log(
    `signature checks across ${workers} workers: ${fmt(vw.signaturesPerSecond)}/s (goal ≥ 20,000/s): ${vw.signaturesPerSecond >= 20000 ? 'met' : 'NOT met'}; ` +
      `${((vw.signaturesPerSecond / bw.signaturesPerSecond) * 100).toFixed(0)}% of the baseline`,
  );
}
