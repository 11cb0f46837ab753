// Ingestion at São Paulo scale (22,000 BUs of ~300 tuples, ~6.6 million tuples), stage by stage, with a baseline
// measured in the same run: a plain INSERT of every tuple row into a table with no index, in transactions of the
// same size. Prints rows/s for both. Usage:
//   npx tsx bench/store-ingest.bench.ts [--secoes 22000] [--batch 500] [--memory]
// BUs are built directly (tuples, sealChain, one Ed25519 urna key for all: the bench measures the totalization, not
// the urna) and in chunks of `batch`, so memory stays flat whatever the number of seções.
import * as nodeCrypto from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { keyPairFromSeed, signer } from '../src/crypto/ed25519.ts';
import { sha512, toHex } from '../src/crypto/hash.ts';
import { seededRandom, type Random } from '../src/crypto/random.ts';
import type { ElectionDefinition } from '../src/election/definition.ts';
import { indexElection, type SecaoInfo } from '../src/election/lookup.ts';
import { SIMULATE_SAO_PAULO, syntheticElection } from '../src/election/synthetic.ts';
import { SqliteStore } from '../src/store/sqlite-store.ts';
import type { BuRecord } from '../src/store/types.ts';
import { buDigest, canonicalBuJson, ingestResultsMany } from '../src/totalization/ingest.ts';
import { electionResults } from '../src/totalization/results.ts';
import { checkChain, sealChain } from '../src/tse/bu-hash-chain.ts';
import { verifyBuSignatures } from '../src/urna/bu.ts';
import { BU_TIPO_VOTO, type BoletimUrna, type TotalVotosVotavel } from '../src/urna/model.ts';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECOES = arg('secoes', SIMULATE_SAO_PAULO.secoes);
const BATCH = arg('batch', 500);
const MEMORY = process.argv.includes('--memory');

const params = {
  ...SIMULATE_SAO_PAULO,
  secoes: SECOES,
  voters: Math.round((SIMULATE_SAO_PAULO.voters * SECOES) / SIMULATE_SAO_PAULO.secoes),
};
const def = syntheticElection(params);
const index = indexElection(def);
const urnaKey = signer(keyPairFromSeed(sha512('bench urna').subarray(0, 32)));
const electionKey = signer(keyPairFromSeed(sha512('bench election').subarray(0, 32)));

const prefeito = def.contests.find((c) => c.office === 11)!;
const vereador = def.contests.find((c) => c.office === 13)!;
const vereadorNumbers = vereador.candidates.map((c) => c.number).sort((a, b) => a - b);
const partyOf = new Map(vereador.candidates.map((c) => [c.number, c.party]));
const prefeitoNumbers = prefeito.candidates
  .filter((c) => c.fit)
  .map((c) => c.number)
  .sort((a, b) => a - b);
const partyNumbers = [...new Set(vereador.candidates.map((c) => c.party))].sort((a, b) => a - b);
const idEleicao = def.eleicoes[0]!.id;

function tuple(
  tipoVoto: TotalVotosVotavel['tipoVoto'],
  q: number,
  partido?: number,
  codigo?: number,
): TotalVotosVotavel {
  const t: TotalVotosVotavel = { tipoVoto, quantidadeVotos: q, ordemGeracaoHash: 0, hash: '' };
  if (partido !== undefined) t.identificacaoVotavel = { partido, codigo: codigo ?? partido };
  return t;
}

/** One seção's BU: ~80% turnout, skewed candidate popularity (~300 tuples), sealed and signed. */
function makeBu(s: SecaoInfo, r: Random, def: ElectionDefinition): BoletimUrna {
  const aptos = s.urnaVoterCount;
  const n = Math.floor(aptos * 0.8);
  const ver = new Map<number, number>();
  const leg = new Map<number, number>();
  let vb = 0;
  let vn = 0;
  const pre = new Map<number, number>();
  let pb = 0;
  let pn = 0;
  for (let i = 0; i < n; i++) {
    const x = r.int(100);
    if (x < 3) vb++;
    else if (x < 7) vn++;
    else if (x < 12) {
      const p = partyNumbers[r.int(partyNumbers.length)]!;
      leg.set(p, (leg.get(p) ?? 0) + 1);
    } else {
      const u = r.int(1_000_000) / 1_000_000;
      const c = vereadorNumbers[Math.floor(u * u * vereadorNumbers.length)]!;
      ver.set(c, (ver.get(c) ?? 0) + 1);
    }
    const y = r.int(100);
    if (y < 3) pb++;
    else if (y < 6) pn++;
    else {
      const c =
        prefeitoNumbers[Math.min(prefeitoNumbers.length - 1, Math.floor(-Math.log(1 - r.int(1000) / 1000) * 2))]!;
      pre.set(c, (pre.get(c) ?? 0) + 1);
    }
  }
  const vTuples: TotalVotosVotavel[] = [...ver.keys()]
    .sort((a, b) => a - b)
    .map((c) => tuple('nominal', ver.get(c)!, partyOf.get(c)!, c));
  if (vb) vTuples.push(tuple('branco', vb));
  if (vn) vTuples.push(tuple('nulo', vn));
  for (const p of [...leg.keys()].sort((a, b) => a - b)) vTuples.push(tuple('legenda', leg.get(p)!, p, p));
  const pTuples: TotalVotosVotavel[] = [...pre.keys()]
    .sort((a, b) => a - b)
    .map((c) => tuple('nominal', pre.get(c)!, c, c));
  if (pb) pTuples.push(tuple('branco', pb));
  if (pn) pTuples.push(tuple('nulo', pn));
  const ident = { municipio: s.municipio, zona: s.zona, local: s.local.number, secao: s.secao };
  const bu: BoletimUrna = {
    cabecalho: { dataGeracao: '20261004T170100', idPleito: def.pleito },
    fase: def.fase,
    urna: {
      tipoUrna: 'secao',
      versaoVotacao: 'urna-ts bench',
      correspondenciaResultado: {
        identificacao: ident,
        carga: {
          numeroInternoUrna: 1_000_000 + s.secao + 10_000 * s.zona,
          numeroSerieFC: '0A0B0C0D',
          identificadorGeradorMidia: { nome: 'bench', serialCertificadoTPM: '00', serialInstalacao: '00' },
          dataHoraCarga: '20261001T120000',
          codigoCarga: String(100_000_000 + s.secao).padStart(24, '0'),
        },
      },
      tipoArquivo: 'votacaoUE',
      numeroSerieFV: '01020304',
    },
    identificacaoSecao: ident,
    dataHoraEmissao: '20261004T170100',
    dadosSecao: { dataHoraAbertura: '20261004T080000', dataHoraEncerramento: '20261004T170000' },
    qtdEleitoresCompareceram: n,
    detalhamentoComparecimento: {
      qtdEleitoresCompareceramSemBiometria: 0,
      qtdEleitoresHabilitadosPorBiometria: n,
      qtdEleitoresHabilitadosPorBiografia: 0,
    },
    resultadosVotacaoPorEleicao: [
      {
        idEleicao,
        qtdEleitoresAptos: aptos,
        qtdEleitoresAptosSecao: aptos,
        qtdEleitoresAptosTTE: 0,
        resultadosVotacao: [
          {
            tipoCargo: 'proporcional',
            qtdComparecimento: n,
            totaisVotosCargo: [{ codigoCargo: 13, ordemImpressao: 1, votosVotaveis: vTuples }],
          },
          {
            tipoCargo: 'majoritario',
            qtdComparecimento: n,
            totaisVotosCargo: [{ codigoCargo: 11, ordemImpressao: 2, votosVotaveis: pTuples }],
          },
        ],
        ultimoHashVotosVotavel: '',
        assinaturaUltimoHashVotosVotavel: '',
      },
    ],
    historicoCodigosCarga: [String(100_000_000 + s.secao).padStart(24, '0')],
  };
  const e = bu.resultadosVotacaoPorEleicao[0]!;
  e.assinaturaUltimoHashVotosVotavel = toHex(urnaKey.sign(sha512(sealChain(bu, e)))).toUpperCase();
  return bu;
}

// A floor for checkChain: the same chain rule (TSE-FORMATS.md §3.5) in a bare loop, with Node's one-shot crypto.hash
// to upper-case hex — what src/tse/bu-hash-chain.ts adopted after this bench measured it (39 s → 5.5 s for São
// Paulo); the gap between the two lines is the cost of walking our BU objects.
const oneShot = (nodeCrypto as unknown as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;
function fastChainOk(bu: BoletimUrna): boolean {
  if (!oneShot) return false;
  const s = bu.identificacaoSecao;
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const carga = bu.urna.correspondenciaResultado.carga.codigoCarga.padStart(24, '0');
  for (const e of bu.resultadosVotacaoPorEleicao) {
    let h = oneShot(
      'sha512',
      `${pad(bu.cabecalho.idPleito, 5)}|${pad(e.idEleicao, 5)}|${pad(s.municipio, 5)}|${pad(s.zona, 4)}|${pad(s.secao, 4)}|${carga}`,
      'hex',
    ).toUpperCase();
    for (const rv of e.resultadosVotacao) {
      for (const c of rv.totaisVotosCargo) {
        let ordem = 0;
        for (const t of c.votosVotaveis) {
          ordem++;
          const id = t.identificacaoVotavel;
          const text = `${h}|${ordem}|${c.codigoCargo}|${BU_TIPO_VOTO[t.tipoVoto]}|${t.quantidadeVotos}`;
          h = oneShot('sha512', id ? `${text}|${id.codigo}|${id.partido}` : text, 'hex').toUpperCase();
          if (t.ordemGeracaoHash !== ordem || (t.hash !== h && t.hash.toUpperCase() !== h)) return false;
        }
      }
    }
    if (e.ultimoHashVotosVotavel.toUpperCase() !== h) return false;
  }
  return true;
}

const dir = mkdtempSync(join(tmpdir(), 'urna-bench-'));
const fileOf = (name: string) => (MEMORY ? ':memory:' : join(dir, name));
const timers = { build: 0, verify: 0, chain: 0, fastChain: 0, canonical: 0, store: 0, ingest: 0, baseline: 0 };
let tuples = 0;
const time = <T>(k: keyof typeof timers, f: () => T): T => {
  const t0 = performance.now();
  const v = f();
  timers[k] += performance.now() - t0;
  return v;
};

try {
  // Store alone (records prepared outside the timer), full ingest path, and the baseline, chunk by chunk.
  const storeOnly = new SqliteStore(fileOf('store-only.db'));
  const full = new SqliteStore(fileOf('full.db'));
  storeOnly.setElection(def, electionKey.publicKey);
  full.setElection(def, electionKey.publicKey);
  const base = new Database(fileOf('baseline.db'));
  base.pragma('journal_mode = WAL');
  base.pragma('synchronous = NORMAL');
  base.exec(`CREATE TABLE votos (secao TEXT, id_eleicao INTEGER, cargo INTEGER, tipo_voto INTEGER, partido INTEGER,
             codigo INTEGER, votos INTEGER) STRICT`);
  const baseInsert = base.prepare('INSERT INTO votos VALUES (?, ?, ?, ?, ?, ?, ?)');
  const baseBatch = base.transaction((bus: BoletimUrna[], keys: string[]) => {
    bus.forEach((bu, i) => {
      for (const e of bu.resultadosVotacaoPorEleicao)
        for (const rv of e.resultadosVotacao)
          for (const c of rv.totaisVotosCargo)
            for (const t of c.votosVotaveis) {
              const id = t.identificacaoVotavel;
              baseInsert.run(
                keys[i],
                e.idEleicao,
                c.codigoCargo,
                1,
                id?.partido ?? 0,
                id?.codigo ?? 0,
                t.quantidadeVotos,
              );
            }
    });
  });

  const random = seededRandom('bench votes');
  const secoes = index.secoes;
  for (let from = 0; from < secoes.length; from += BATCH) {
    const chunk = secoes.slice(from, from + BATCH);
    const bus = time('build', () => chunk.map((s) => makeBu(s, random, def)));
    for (const bu of bus)
      for (const e of bu.resultadosVotacaoPorEleicao)
        for (const rv of e.resultadosVotacao) for (const c of rv.totaisVotosCargo) tuples += c.votosVotaveis.length;
    time('verify', () => {
      for (const bu of bus)
        if (verifyBuSignatures(bu, urnaKey.publicKey).length > 0) throw new Error('bench BU does not verify');
    });
    time('chain', () => {
      for (const bu of bus) if (checkChain(bu).length > 0) throw new Error('bench BU chain broken');
    });
    time('fastChain', () => {
      for (const bu of bus) if (oneShot && !fastChainOk(bu)) throw new Error('fast chain check disagrees');
    });
    const records = time('canonical', () =>
      bus.map((bu, i): BuRecord => {
        const json = canonicalBuJson(bu);
        return {
          secaoKey: chunk[i]!.key,
          hash: buDigest(json),
          json,
          bu,
          receivedAt: '2026-10-04T21:00:00Z',
          source: 'bench',
        };
      }),
    );
    time('store', () => storeOnly.ingestMany(records));
    const outcomes = time('ingest', () =>
      ingestResultsMany(
        full,
        bus.map((bu) => ({ bu, urnaPublicKey: urnaKey.publicKey, source: 'bench' })),
      ),
    );
    const refused = outcomes.find((o) => o.status !== 'totalizado');
    if (refused) throw new Error(`bench BU not counted: ${JSON.stringify(refused).slice(0, 400)}`);
    time('baseline', () =>
      baseBatch(
        bus,
        chunk.map((s) => s.key),
      ),
    );
  }

  const t0 = performance.now();
  const results = electionResults(full, def);
  const resultsMs = performance.now() - t0;
  const t1 = performance.now();
  const audit = full.auditTotals();
  const auditMs = performance.now() - t1;

  const rate = (ms: number) => `${(((tuples / ms) * 1000) / 1e6).toFixed(2)} M tuples/s`;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `store-ingest: ${secoes.length} seções, ${tuples} tuples (${(tuples / secoes.length).toFixed(0)} per BU), batches of ${BATCH}${MEMORY ? ', in memory' : ''}`,
  );
  console.log(`  build BUs (urna side: tuples + sealChain + sign)  ${s(timers.build)}`);
  console.log(`  verifyBuSignatures (chain + signature)            ${s(timers.verify)}  ${rate(timers.verify)}`);
  console.log(`    of which checkChain (src/tse/bu-hash-chain.ts)   ${s(timers.chain)}  ${rate(timers.chain)}`);
  if (oneShot)
    console.log(`    floor: the same rule in a bare loop          ${s(timers.fastChain)}  ${rate(timers.fastChain)}`);
  console.log(`  canonicalBuJson + buDigest                        ${s(timers.canonical)}  ${rate(timers.canonical)}`);
  console.log(`  store.ingestMany (BU rows + running totals)       ${s(timers.store)}  ${rate(timers.store)}`);
  console.log(`  baseline: plain INSERT of every tuple row         ${s(timers.baseline)}  ${rate(timers.baseline)}`);
  console.log(`  ingestResultsMany (checks + verify + store)       ${s(timers.ingest)}  ${rate(timers.ingest)}`);
  console.log(`  electionResults (aggregate + outcomes)            ${resultsMs.toFixed(0)} ms`);
  console.log(
    `  auditTotals (recount every BU)                    ${s(auditMs)}  ${audit.length === 0 ? 'consistent' : `${audit.length} differences!`}`,
  );
  if (!MEMORY) {
    const size = (f: string) =>
      (statSync(join(dir, f)).size + (statSync(join(dir, `${f}-wal`), { throwIfNoEntry: false })?.size ?? 0)) / 1e6;
    console.log(
      `  database size: store ${size('full.db').toFixed(0)} MB, baseline ${size('baseline.db').toFixed(0)} MB`,
    );
  }
  const winner = results.contests.find((c) => c.cargo === 11)?.majoritario;
  console.log(
    `  prefeito: ${winner?.kind}; vereador QE ${results.contests.find((c) => c.cargo === 13)?.proporcional?.qe}`,
  );
  storeOnly.close();
  full.close();
  base.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
