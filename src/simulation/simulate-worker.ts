// A simulation worker: runs the election day of every seção assigned to it (seção i where i % workers == id), and,
// as the TRE's reception would, checks each urna's certificate and BU before sending it to the totalization.
import { parentPort, workerData } from 'node:worker_threads';
import { certificateProblem } from '../crypto/certificate.ts';
import { keyPairFromSeed, signer } from '../crypto/ed25519.ts';
import { fromHex } from '../crypto/hash.ts';
import { indexElection } from '../election/lookup.ts';
import { syntheticElection, syntheticVoters, type SyntheticParams } from '../election/synthetic.ts';
import { verifyBuSignatures } from '../urna/bu.ts';
import { simulateElectionDay } from './election-day.ts';
import type { WorkerBatch, WorkerJob } from './simulate.ts';

const job = workerData.job as WorkerJob;
const params: SyntheticParams = job.params;
const def = syntheticElection(params);
const index = indexElection(def);
const electionKeys = keyPairFromSeed(fromHex(job.electionPrivateKey));
const electionSigner = signer(electionKeys);

let batch: WorkerBatch = { bus: [], voted: 0, keys: 0, secoes: 0 };
const flush = (): void => {
  parentPort!.postMessage(batch);
  batch = { bus: [], voted: 0, keys: 0, secoes: 0 };
};

for (let i = job.workerId; i < index.secoes.length; i += job.workers) {
  const secao = index.secoes[i]!;
  const voters = syntheticVoters(def, params, i);
  const day = simulateElectionDay({
    def,
    index,
    secao,
    voters,
    electionSigner,
    numeroInternoUrna: 10_000_000 + i,
    seed: String(job.seed),
  });
  // Reception (TRE): the urna's certificate must come from the election key, and the BU's chain and signatures
  // must verify with the certified key. A failure here is a bug in the simulated urna: stop loudly.
  const cert = day.carga.urna.certificate;
  const certProblem = certificateProblem(cert, electionKeys.publicKey);
  const buProblems = verifyBuSignatures(day.results.bu, cert.publicKey, secao.key);
  if (certProblem || buProblems.length > 0) {
    throw new Error(`reception refused ${secao.key}: ${certProblem ?? JSON.stringify(buProblems.slice(0, 3))}`);
  }
  batch.bus.push({ bu: day.results.bu, urnaPublicKey: cert.publicKey, certificate: cert, secao: secao.key });
  batch.voted += day.voted;
  batch.keys += day.keysPressed;
  batch.secoes++;
  if (batch.bus.length >= job.batchSize) flush();
}
flush();
parentPort!.postMessage('done');
