// Decoding speed of real TSE BUs (shared/tse/samples): our schema-driven BER reader (src/tse/bu-codec.ts, envelope +
// EntidadeBoletimUrna to typed objects) beside a baseline measured in the same run: asn1js (a well-kept generic
// ASN.1 library, installed) parsing the same files into its generic tree (envelope, then the conteudo OCTET STRING
// again) — a lower bound of what decoding with it would cost, since the tree → typed-object mapping is left out.
// The TSE's own reader (Python asn1tools) is quoted from the issue: 2,400 V1 BUs/s and 1,050 V2 BUs/s on one core;
// the goal is 10× that. One core (this process); median of several runs of decoding every sample file in turn.
// Usage: npx tsx bench/tse-decode.bench.ts [--runs 7] [--seconds 0.5]
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { decodeBuFile } from '../src/tse/bu-codec.ts';
import { decodeEnvelope } from '../src/tse/envelope.ts';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 7);
const SECONDS = arg('seconds', 0.5);

const SAMPLES = join(import.meta.dirname, '..', '..', 'shared', 'tse', 'samples');
if (!existsSync(SAMPLES)) {
  console.log(`skipped: ${SAMPLES} not found (the TSE sample files live outside the repository)`);
  process.exit(0);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const files = walk(SAMPLES).sort();
const v1 = files.filter((f) => f.endsWith('.bu')).map((f) => new Uint8Array(readFileSync(f)));
const v2 = files.filter((f) => f.endsWith('-bu.dat')).map((f) => new Uint8Array(readFileSync(f)));

function tuplesOf(set: Uint8Array[]): number {
  let n = 0;
  for (const b of set) {
    const r = decodeBuFile(b);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    for (const e of r.value.bu.resultadosVotacaoPorEleicao)
      for (const rv of e.resultadosVotacao) for (const c of rv.totaisVotosCargo) n += c.votosVotaveis.length;
  }
  return n;
}

/** Files per second: decode the whole set repeatedly for ~SECONDS, RUNS times; the median run. */
function measure(set: Uint8Array[], decode: (b: Uint8Array) => unknown): number {
  let sink = 0;
  for (let i = 0; i < 3; i++) for (const b of set) sink += decode(b) ? 1 : 0; // warm-up
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let n = 0;
    const start = process.hrtime.bigint();
    const budget = BigInt(Math.round(SECONDS * 1e9));
    let elapsed: bigint;
    do {
      for (const b of set) sink += decode(b) ? 1 : 0;
      n += set.length;
      elapsed = process.hrtime.bigint() - start;
    } while (elapsed < budget);
    rates.push(n / (Number(elapsed) / 1e9));
  }
  if (sink < 0) console.log(sink);
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)]!;
}

const ours = (b: Uint8Array): unknown => {
  const r = decodeBuFile(b);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
};

const asn1Baseline = (b: Uint8Array): unknown => {
  const outer = asn1js.fromBER(b);
  if (outer.offset === -1) throw new Error(outer.result.error);
  // The conteudo OCTET STRING is parsed again as its own tree, as a reader of the BU must.
  const env = decodeEnvelope(b);
  if (!env.ok) throw new Error('envelope');
  const inner = asn1js.fromBER(env.value.conteudo);
  if (inner.offset === -1) throw new Error(inner.result.error);
  return inner.result;
};

const envelopeOnly = (b: Uint8Array): unknown => decodeEnvelope(b).ok;

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(9);
const TSE = { v1: 2400, v2: 1050 };

console.log(`TSE BU decoding, one core, median of ${RUNS} runs of ~${SECONDS}s (node ${process.version})`);
for (const [label, set, tse] of [
  ['V1 (2022)', v1, TSE.v1],
  ['V2 (2024)', v2, TSE.v2],
] as const) {
  const tuples = tuplesOf(set);
  const bytes = set.reduce((s, b) => s + b.length, 0);
  const oursRate = measure(set, ours);
  const envRate = measure(set, envelopeOnly);
  const asnRate = measure(set, asn1Baseline);
  console.log(
    `\n${label}: ${set.length} files, ${tuples} tuples, ${(bytes / set.length / 1024).toFixed(1)} kB per file on average`,
  );
  console.log(
    `  ours (envelope + BU → typed objects) ${fmt(oursRate)} BUs/s  ${fmt((oursRate * tuples) / set.length)} tuples/s  ${((oursRate * bytes) / set.length / 1e6).toFixed(0).padStart(5)} MB/s`,
  );
  console.log(`  ours, envelope only                  ${fmt(envRate)} BUs/s`);
  console.log(
    `  baseline asn1js 4 (generic trees)    ${fmt(asnRate)} BUs/s   (ours ${(oursRate / asnRate).toFixed(1)}× asn1js)`,
  );
  console.log(
    `  TSE asn1tools (quoted from issue)    ${fmt(tse)} BUs/s   goal 10× = ${fmt(tse * 10)}  → ours ${(oursRate / tse).toFixed(1)}× asn1tools`,
  );
}
