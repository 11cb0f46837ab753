// `urna simulate`: a whole synthetic election from carga to totalized results. Worker threads play the urnas
// (one per core), each verifying its BUs as the TRE's reception; the main thread totalizes into SQLite as batches
// arrive. Seeded: the same seed gives the same election, BUs and results.
import { Worker } from 'node:worker_threads';
import type { Certificate } from '../crypto/certificate.ts';
import { keyPairFromSeed } from '../crypto/ed25519.ts';
import { fromHex, toHex } from '../crypto/hash.ts';
import { seededRandom } from '../crypto/random.ts';
import { indexElection } from '../election/lookup.ts';
import { syntheticElection, type SyntheticParams } from '../election/synthetic.ts';
import type { ElectionDefinition } from '../election/definition.ts';
import { openSqliteStore } from '../store/sqlite-store.ts';
import { ingestResultsMany } from '../totalization/ingest.ts';
import { electionResults, type ElectionResults } from '../totalization/results.ts';
import type { BoletimUrna } from '../urna/model.ts';

export interface WorkerJob {
  workerId: number;
  workers: number;
  params: SyntheticParams;
  seed: string;
  electionPrivateKey: string;
  batchSize: number;
}

export interface WorkerBatch {
  bus: { bu: BoletimUrna; urnaPublicKey: string; certificate: Certificate; secao: string }[];
  voted: number;
  keys: number;
  secoes: number;
}

export interface SimulateOptions {
  params: SyntheticParams;
  /** SQLite file of the totalization (':memory:' for none on disk). */
  db: string;
  workers?: number;
  onProgress?: (secoesDone: number, total: number) => void;
}

export interface SimulationReport {
  def: ElectionDefinition;
  results: ElectionResults;
  secoes: number;
  aptos: number;
  voted: number;
  keysPressed: number;
  /** BU tuples (TotalVotosVotavel) totalized. */
  tuples: number;
  rejected: number;
  seconds: number;
  votesPerSecond: number;
  peakRssMiB: number;
}

export async function simulate(opts: SimulateOptions): Promise<SimulationReport> {
  const started = performance.now();
  const params = opts.params;
  const def = syntheticElection(params);
  const index = indexElection(def);
  const total = index.secoes.length;
  const aptos = index.secoes.reduce((n, s) => n + s.urnaVoterCount, 0);
  const electionKeys = keyPairFromSeed(seededRandom(`${params.seed}|election-key`).bytes(32));
  const store = openSqliteStore(opts.db);
  store.setElection(def, electionKeys.publicKey);

  const workers = Math.max(1, opts.workers ?? 2);
  let done = 0;
  let voted = 0;
  let keysPressed = 0;
  let rejected = 0;
  let tuples = 0;
  const entry = new URL('./simulate-worker.ts', import.meta.url).href;
  const runs = Array.from({ length: workers }, (_, workerId) => {
    const job: WorkerJob = {
      workerId,
      workers,
      params,
      seed: String(params.seed),
      electionPrivateKey: toHex(electionKeys.privateKey),
      batchSize: 25,
    };
    const worker = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: { entry, job } });
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (m: WorkerBatch | 'done') => {
        if (m === 'done') return;
        const outcomes = ingestResultsMany(
          store,
          m.bus.map((b) => ({
            bu: b.bu,
            urnaPublicKey: fromHex(b.urnaPublicKey),
            certificate: b.certificate,
            source: `simulação ${b.secao}`,
          })),
        );
        for (const o of outcomes) if (o.status !== 'totalizado') rejected++;
        for (const b of m.bus)
          for (const e of b.bu.resultadosVotacaoPorEleicao)
            for (const rv of e.resultadosVotacao) for (const c of rv.totaisVotosCargo) tuples += c.votosVotaveis.length;
        done += m.secoes;
        voted += m.voted;
        keysPressed += m.keys;
        opts.onProgress?.(done, total);
      });
      worker.on('error', reject);
      worker.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`simulation worker ${workerId} exited with ${code}`)),
      );
    });
  });
  await Promise.all(runs);
  const results = electionResults(store, def);
  store.close();
  const seconds = (performance.now() - started) / 1000;
  return {
    def,
    results,
    secoes: total,
    aptos,
    voted,
    keysPressed,
    tuples,
    rejected,
    seconds,
    votesPerSecond: voted / seconds,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}
