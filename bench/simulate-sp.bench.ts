// `urna simulate` at São Paulo size (9.3 million eleitores, 22,000 seções, ~1,000 vereador and 10 prefeito
// candidates): carga built, signed and checked for every urna, zerésima, every voter identified and typing on the
// keypad, BU hash chains and urna signatures computed, checked at reception and again at totalization, SQLite
// totalization, results. Goal (issue #2): under 60 s on this 2-core machine.
//
// Baseline, measured in the same run: the crypto floor — the same number of SHA-512 chain links and Ed25519
// sign + verify operations the run performs, done directly with node:crypto in one thread and scaled to the
// workers' core count. It tells how far the whole pipeline is from the cost of its unavoidable cryptography.
//
// Usage: npx tsx bench/simulate-sp.bench.ts [--scale 1] [--workers 2]   (--scale 0.1 = a tenth of São Paulo)
import { generateKeyPairSync, hash, sign, verify } from 'node:crypto';
import os from 'node:os';
import { SIMULATE_SAO_PAULO } from '../src/election/synthetic.ts';
import { simulate } from '../src/simulation/simulate.ts';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const scale = arg('scale', 1);
const workers = arg('workers', 2);
const params = {
  ...SIMULATE_SAO_PAULO,
  voters: Math.round(SIMULATE_SAO_PAULO.voters * scale),
  secoes: Math.round(SIMULATE_SAO_PAULO.secoes * scale),
};

console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
console.log(`simulate: ${params.voters} eleitores, ${params.secoes} seções, ${workers} workers`);
let lastPct = -1;
const r = await simulate({
  params,
  db: ':memory:',
  workers,
  onProgress: (done, total) => {
    const pct = Math.floor((100 * done) / total / 10) * 10;
    if (pct > lastPct) {
      lastPct = pct;
      process.stderr.write(`  ${pct}% (${done}/${total}) ${process.uptime().toFixed(0)} s\n`);
    }
  },
});
if (r.rejected > 0) throw new Error(`${r.rejected} BUs were rejected`);

// The crypto floor: per seção, one carga signature + verification, one urna certificate, one BU signature, a
// chain of (tuples) links computed three times (urna, reception, totalization) and verified signatures twice.
const tuplesPerBu = r.tuples / r.secoes;
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const sample = Math.min(r.secoes, 500);
const t0 = performance.now();
for (let s = 0; s < sample; s++) {
  let h = hash('sha512', `seed|${s}`, 'hex').toUpperCase();
  for (let round = 0; round < 3; round++)
    for (let i = 0; i < tuplesPerBu; i++) h = hash('sha512', `${h}|${i}|13|1|${s}|13123|13`, 'hex').toUpperCase();
  for (let k = 0; k < 3; k++) {
    const sig = sign(null, Buffer.from(h, 'hex'), privateKey);
    verify(null, Buffer.from(h, 'hex'), publicKey, sig);
  }
}
const floorSeconds = (((performance.now() - t0) / 1000 / sample) * r.secoes) / workers;

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
console.log('');
console.log(`result        ${r.seconds.toFixed(1)} s wall  (goal < 60 s)`);
console.log(`votes/s       ${fmt(r.votesPerSecond)}  (${fmt(r.voted)} votes, ${fmt(r.keysPressed)} key presses)`);
console.log(`BUs           ${fmt(r.secoes)} seções, ${fmt(r.tuples)} tuples, ${r.rejected} rejected`);
console.log(`peak memory   ${fmt(r.peakRssMiB)} MiB (RSS, main thread and workers)`);
console.log(
  `baseline      crypto floor ${floorSeconds.toFixed(1)} s on ${workers} cores → pipeline = ${(r.seconds / floorSeconds).toFixed(1)}× the floor`,
);
