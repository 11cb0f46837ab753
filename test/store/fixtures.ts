// Shared by the store, ingest and aggregate tests: a small general election (two UFs, three municípios, one seção
// aggregated into another, a federation, a Senate with two seats in SP) and real BUs for it, made by the urna's own
// builder (buildBu) from RDV-like vote lists, signed by urna keys certified through real cargas (buildCarga).
// The tests compare the store's totals with sums computed here from the vote lists, not from the BUs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyPairFromSeed, signer, type Signer } from '../../src/crypto/ed25519.ts';
import { sha512 } from '../../src/crypto/hash.ts';
import { seededRandom, type Random } from '../../src/crypto/random.ts';
import {
  ElectionDefinitionSchema,
  type ElectionDefinition,
  type ElectionDefinitionInput,
} from '../../src/election/definition.ts';
import { indexElection, type ElectionIndex, type SecaoInfo } from '../../src/election/lookup.ts';
import { makeTitulo } from '../../src/election/titulo.ts';
import { buildCarga, urnaKeyPair } from '../../src/media/carga.ts';
import type { CargaContent } from '../../src/media/carga-types.ts';
import { buildBu, urnaBlock, identificacaoSecao } from '../../src/urna/bu.ts';
import type { BoletimUrna, EleicaoVota, EntidadeResultadoRDV, Voto } from '../../src/urna/model.ts';

export const SP = 71072;
export const CAMPINAS = 62910;
export const BH = 41238;

const local = (n: number) => ({ number: n, name: `Escola Estadual ${n}` });

/** Voters per seção key (the aggregated SP-71072-0001-0003 votes in SP-71072-0001-0002's urna). */
const VOTERS: Readonly<Record<string, number>> = {
  'SP-71072-0001-0001': 7,
  'SP-71072-0001-0002': 5,
  'SP-71072-0001-0003': 3,
  'SP-71072-0002-0001': 6,
  'SP-62910-0003-0001': 8,
  'MG-41238-0004-0001': 6,
  'MG-41238-0004-0002': 5,
};

export function fixtureDefinition(): ElectionDefinition {
  const voters: ElectionDefinitionInput['voters'] = [];
  let seq = 1000;
  for (const [key, n] of Object.entries(VOTERS)) {
    const [uf, m, z, s] = key.split('-');
    for (let i = 0; i < n; i++) {
      voters.push({
        titulo: makeTitulo(++seq, uf!),
        name: `Eleitor ${seq}`,
        birthDate: '1980-01-01',
        municipio: Number(m),
        zona: Number(z),
        secao: Number(s),
        biometrics: i % 2 === 0,
      });
    }
  }
  const cand = (number: number, party: number, birthDate = '1970-01-01') => ({
    number,
    ballotName: `Candidato ${number}`,
    party,
    birthDate,
  });
  return ElectionDefinitionSchema.parse({
    formatVersion: 1,
    kind: 'general',
    name: 'Eleição Geral de Teste',
    pleito: 406,
    fase: 'oficial',
    round: 1,
    date: '2026-10-04',
    eleicoes: [
      { id: 544, offices: [{ code: 1 }] },
      { id: 546, offices: [{ code: 5 }, { code: 6 }] },
    ],
    federations: [{ number: 1, abbreviation: 'FE TESTE', name: 'Federação Teste' }],
    parties: [
      { number: 13, abbreviation: 'PA', name: 'Partido A', federation: 1 },
      { number: 43, abbreviation: 'PV', name: 'Partido Verde-Teste', federation: 1 },
      { number: 22, abbreviation: 'PB', name: 'Partido B' },
      { number: 15, abbreviation: 'PC', name: 'Partido C' },
    ],
    contests: [
      { office: 1, seats: 1, candidates: [cand(13, 13, '1945-10-27'), cand(22, 22, '1955-03-21'), cand(15, 15)] },
      { office: 5, uf: 'SP', seats: 2, candidates: [cand(131, 13), cand(221, 22), cand(151, 15)] },
      { office: 5, uf: 'MG', seats: 1, candidates: [cand(132, 13), cand(222, 22)] },
      {
        office: 6,
        uf: 'SP',
        seats: 3,
        candidates: [cand(1301, 13), cand(1302, 13), cand(4301, 43), cand(2201, 22), cand(2202, 22), cand(1501, 15)],
      },
      {
        office: 6,
        uf: 'MG',
        seats: 2,
        candidates: [cand(1311, 13), cand(2211, 22), cand(2212, 22), { ...cand(1511, 15), fit: false }],
      },
    ],
    ufs: [
      {
        uf: 'SP',
        name: 'São Paulo',
        municipios: [
          {
            code: SP,
            name: 'São Paulo',
            zonas: [
              {
                number: 1,
                secoes: [
                  { number: 1, local: local(1) },
                  { number: 2, local: local(2), aggregated: [3] },
                  { number: 3, local: local(2) },
                ],
              },
              { number: 2, secoes: [{ number: 1, local: local(3) }] },
            ],
          },
          { code: CAMPINAS, name: 'Campinas', zonas: [{ number: 3, secoes: [{ number: 1, local: local(4) }] }] },
        ],
      },
      {
        uf: 'MG',
        name: 'Minas Gerais',
        municipios: [
          {
            code: BH,
            name: 'Belo Horizonte',
            zonas: [
              {
                number: 4,
                secoes: [
                  { number: 1, local: local(5) },
                  { number: 2, local: local(6) },
                ],
              },
            ],
          },
        ],
      },
    ],
    voters,
  });
}

export interface Fixture {
  def: ElectionDefinition;
  index: ElectionIndex;
  electionKey: Signer;
  /** Urna seções (hosts), in definition order. */
  secoes: readonly SecaoInfo[];
}

export function fixture(): Fixture {
  const def = fixtureDefinition();
  const index = indexElection(def);
  const electionKey = signer(keyPairFromSeed(sha512('urna-ts test election key').subarray(0, 32)));
  return { def, index, electionKey, secoes: index.secoes };
}

/** The carga of a seção's urna (numeroInternoUrna chooses the urna: a replacement urna has another). */
export function cargaFor(f: Fixture, key: string, numeroInternoUrna: number): CargaContent {
  const secao = f.index.secao(key);
  if (!secao) throw new Error(`no seção ${key}`);
  return buildCarga(f.def, f.index, secao, {
    electionSigner: f.electionKey,
    random: seededRandom(`carga ${key} ${numeroInternoUrna}`),
    clock: () => new Date('2026-10-01T12:00:00Z'),
    numeroInternoUrna,
  }).content;
}

/** One voter's ballot: per cargo code, the RDV votes (two for the SP Senate). */
export type Ballot = ReadonlyMap<number, readonly Voto[]>;

/** Votes of a seção: its ballots (one per voter who came). */
export interface SecaoVotes {
  key: string;
  ballots: readonly Ballot[];
}

/** A random valid ballot for the contests of the carga. */
export function randomBallot(carga: CargaContent, random: Random): Ballot {
  const ballot = new Map<number, Voto[]>();
  for (const c of carga.contests) {
    const votes: Voto[] = [];
    const fit = c.candidates.filter((x) => x.fit);
    const choices = c.office === 5 ? c.seats : 1;
    const chosen = new Set<number>();
    for (let i = 0; i < choices; i++) {
      const r = random.int(10);
      if (r < 6 && fit.length > 0) {
        const cand = fit[random.int(fit.length)]!;
        if (chosen.has(cand.number)) votes.push({ tipoVoto: 'nuloPorRepeticao', digitacao: String(cand.number) });
        else {
          chosen.add(cand.number);
          votes.push({ tipoVoto: 'nominal', digitacao: String(cand.number) });
        }
      } else if (r < 7 && c.office === 6) {
        votes.push({ tipoVoto: 'legenda', digitacao: String(fit[random.int(fit.length)]!.party) });
      } else if (r < 8) votes.push({ tipoVoto: 'branco' });
      else votes.push({ tipoVoto: 'nulo', digitacao: '99' });
    }
    ballot.set(c.office, votes);
  }
  return ballot;
}

function eleicoesOf(carga: CargaContent, ballots: readonly Ballot[]): EleicaoVota[] {
  const byEleicao = new Map<number, EleicaoVota>();
  for (const c of carga.contests) {
    const idEleicao = carga.election.eleicoes.find((e) => e.offices.some((o) => o.code === c.office))!.id;
    let e = byEleicao.get(idEleicao);
    if (!e) byEleicao.set(idEleicao, (e = { idEleicao, votosCargos: [] }));
    const votos = ballots.flatMap((b) => [...(b.get(c.office) ?? [])]);
    // The RDV's export order (tipoVoto, digitacao): the order of voting is gone.
    votos.sort((a, b) => a.tipoVoto.localeCompare(b.tipoVoto) || (a.digitacao ?? '').localeCompare(b.digitacao ?? ''));
    e.votosCargos.push({ idCargo: c.office, quantidadeEscolhas: c.office === 5 ? c.seats : 1, votos });
  }
  return [...byEleicao.values()];
}

/** The BU (and RDV) of a seção's urna for these ballots, built and signed by the urna's own code. */
export function buFor(
  carga: CargaContent,
  ballots: readonly Ballot[],
): { bu: BoletimUrna; rdv: EntidadeResultadoRDV; urnaKey: Signer } {
  const urnaKey = signer(urnaKeyPair(carga));
  const votes = eleicoesOf(carga, ballots);
  const n = ballots.length;
  const bu = buildBu({
    carga,
    votes,
    counts: { compareceram: n, semBiometria: 0, porBiometria: n, porBiografia: 0 },
    times: {
      abertura: new Date('2026-10-04T11:00:00Z'),
      encerramento: new Date('2026-10-04T20:00:00Z'),
      emissao: new Date('2026-10-04T20:01:00Z'),
    },
    signer: urnaKey,
  });
  const rdv: EntidadeResultadoRDV = {
    cabecalho: { dataGeracao: bu.cabecalho.dataGeracao, idPleito: carga.election.pleito },
    urna: urnaBlock(carga),
    rdv: {
      pleito: carga.election.pleito,
      fase: carga.election.fase,
      identificacao: identificacaoSecao(carga),
      historicoCodigosCarga: [carga.carga.codigoCarga],
      eleicoes: votes,
    },
  };
  return { bu, rdv, urnaKey };
}

/** Independent tally of ballots: "municipio|cargo|kind|number" → votes (kind: nominal, legenda, branco, nulo). */
export function tally(
  entries: readonly { municipio: number; uf: string; ballots: readonly Ballot[] }[],
): Map<string, number> {
  const t = new Map<string, number>();
  const add = (k: string) => t.set(k, (t.get(k) ?? 0) + 1);
  for (const e of entries) {
    for (const b of e.ballots) {
      for (const [cargo, votes] of b) {
        for (const v of votes) {
          const kind =
            v.tipoVoto === 'nominal'
              ? 'nominal'
              : v.tipoVoto === 'legenda'
                ? 'legenda'
                : v.tipoVoto === 'branco'
                  ? 'branco'
                  : 'nulo';
          const number =
            kind === 'nominal' ? Number(v.digitacao) : kind === 'legenda' ? Number(v.digitacao!.slice(0, 2)) : 0;
          for (const area of [`m${e.municipio}`, `u${e.uf}`, 'br']) add(`${area}|${cargo}|${kind}|${number}`);
        }
      }
    }
  }
  return t;
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
