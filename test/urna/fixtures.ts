// Hand-built cargas for the urna tests (test keys only), and small helpers to drive an urna through a day.
// A municipal seção (vereador + prefeito) and a general one (deputado federal, senador with 2 seats, governador in
// eleição 546; presidente in eleição 544) — small enough that every expected number can be checked by hand.
import { issueCertificate } from '../../src/crypto/certificate.ts';
import { keyPairFromSeed, signer } from '../../src/crypto/ed25519.ts';
import { toHex } from '../../src/crypto/hash.ts';
import { seededRandom } from '../../src/crypto/random.ts';
import type { Contest, Voter } from '../../src/election/definition.ts';
import { makeTitulo } from '../../src/election/titulo.ts';
import { CARGA_FORMAT, type CargaContent } from '../../src/media/carga-types.ts';
import type { Key } from '../../src/urna/ballot-types.ts';
import { ManualClock, ZonedFormatter } from '../../src/urna/clock.ts';
import { loadUrna, type Urna, type UrnaOptions } from '../../src/urna/urna.ts';

export const TZ = 'America/Sao_Paulo';
export const ELECTION_DATE = '2024-10-06';
const zoned = new ZonedFormatter(TZ);

/** The instant of a wall-clock time on election day, in Brasília. */
export function at(time: string, date = ELECTION_DATE): Date {
  return zoned.instant(date, time);
}

const electionKeys = keyPairFromSeed(seededRandom('test-election-key').bytes(32));
const electionSigner = signer(electionKeys);

function urnaKeys(seed: string): {
  publicKey: string;
  privateKey: string;
  certificate: CargaContent['urna']['certificate'];
} {
  const keys = keyPairFromSeed(seededRandom(`test-urna-key:${seed}`).bytes(32));
  return {
    publicKey: toHex(keys.publicKey),
    privateKey: toHex(keys.privateKey),
    certificate: issueCertificate(electionSigner, 'Eleição teste', `UE 02046631 ${seed}`, keys.publicKey),
  };
}

/** `count` voters with valid SP títulos, sorted by título; every even position has fingerprints registered. */
export function makeVoters(count: number, secao: { municipio: number; zona: number; secao: number }): Voter[] {
  const voters: Voter[] = [];
  for (let i = 0; i < count; i++) {
    voters.push({
      titulo: makeTitulo(10_000_000 + i * 7, 'SP'),
      name: `ELEITOR ${String(i + 1).padStart(3, '0')}`,
      birthDate: `${1950 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
      municipio: secao.municipio,
      zona: secao.zona,
      secao: secao.secao,
      biometrics: i % 2 === 0,
    });
  }
  return voters.sort((a, b) => (a.titulo < b.titulo ? -1 : 1));
}

const SECAO = { municipio: 71072, zona: 1, secao: 15 };

function baseCarga(kind: 'municipal' | 'general', voters: number, contests: Contest[], seed: string): CargaContent {
  const municipal = kind === 'municipal';
  return {
    format: CARGA_FORMAT,
    election: {
      name: municipal ? 'Eleições Municipais 2024 (teste)' : 'Eleições Gerais 2022 (teste)',
      kind,
      pleito: municipal ? 452 : 406,
      fase: 'oficial',
      round: 1,
      date: ELECTION_DATE,
      timezone: TZ,
      hours: { open: '08:00', close: '17:00' },
      eleicoes: municipal
        ? [{ id: 619, offices: [{ code: 13 }, { code: 11 }] }]
        : [
            { id: 546, offices: [{ code: 6 }, { code: 5 }, { code: 3 }] },
            { id: 544, offices: [{ code: 1 }] },
          ],
      parties: [
        { number: 10, abbreviation: 'PAA', name: 'Partido A' },
        { number: 20, abbreviation: 'PBB', name: 'Partido B' },
        { number: 30, abbreviation: 'PCC', name: 'Partido C' },
        { number: 40, abbreviation: 'PDD', name: 'Partido D' },
      ],
      federations: [],
    },
    contests,
    secao: {
      uf: 'SP',
      municipio: SECAO.municipio,
      municipioName: 'SÃO PAULO',
      zona: SECAO.zona,
      secao: SECAO.secao,
      local: { number: 1015, name: 'ESCOLA ESTADUAL DE TESTE' },
      aggregated: [],
    },
    voters: makeVoters(voters, SECAO),
    urna: { numeroInternoUrna: 2046631, numeroSerieFV: 'AB1B2A7B', ...urnaKeys(seed) },
    carga: {
      numeroInternoUrna: 2046631,
      numeroSerieFC: '6DE3E4B3',
      identificadorGeradorMidia: { nome: 'urna-ts teste', serialCertificadoTPM: '0', serialInstalacao: '0' },
      dataHoraCarga: '20240930T121400',
      codigoCarga: '578968795158315283101634',
    },
    electionPublicKey: toHex(electionKeys.publicKey),
  };
}

const cand = (
  number: number,
  ballotName: string,
  party: number,
  extra: Partial<Contest['candidates'][number]> = {},
): Contest['candidates'][number] => ({
  number,
  ballotName,
  party,
  birthDate: '1970-01-01',
  fit: true,
  ...extra,
});

/**
 * Vereador (5 digits): 10001 ANA, 10002 BRUNO (party 10), 20001 CARLA, 20002 DIEGO (unfit) (party 20), 30001 EVA
 * (party 30); party 40 has no vereador. Prefeito (2 digits): 10 FABIO, 20 HELENA, 30 JOANA (with vices).
 */
export function municipalCarga(opts: { voters?: number; seed?: string } = {}): CargaContent {
  const contests: Contest[] = [
    {
      office: 13,
      municipio: SECAO.municipio,
      seats: 9,
      candidates: [
        cand(10001, 'ANA', 10),
        cand(10002, 'BRUNO', 10),
        cand(20001, 'CARLA', 20),
        cand(20002, 'DIEGO', 20, { fit: false }),
        cand(30001, 'EVA', 30),
      ],
    },
    {
      office: 11,
      municipio: SECAO.municipio,
      seats: 1,
      candidates: [
        cand(10, 'FABIO', 10, { vice: { ballotName: 'GIL' } }),
        cand(20, 'HELENA', 20, { vice: { ballotName: 'IVO' } }),
        cand(30, 'JOANA', 30, { vice: { ballotName: 'KARINA' } }),
      ],
    },
  ];
  return baseCarga('municipal', opts.voters ?? 12, contests, opts.seed ?? 'municipal');
}

/**
 * Eleição 546: deputado federal (4 digits: 1011, 1012, 2011, 3011), senador with 2 seats (3 digits: 101, 202, 303),
 * governador (10, 20); eleição 544: presidente (10, 20).
 */
export function generalCarga(opts: { voters?: number; seed?: string } = {}): CargaContent {
  const contests: Contest[] = [
    {
      office: 6,
      uf: 'SP',
      seats: 70,
      candidates: [cand(1011, 'ALFA', 10), cand(1012, 'BETA', 10), cand(2011, 'GAMA', 20), cand(3011, 'DELTA', 30)],
    },
    {
      office: 5,
      uf: 'SP',
      seats: 2,
      candidates: [
        cand(101, 'SENADOR UM', 10, { suplentes: [{ ballotName: 'SUP UM A' }, { ballotName: 'SUP UM B' }] }),
        cand(202, 'SENADORA DOIS', 20, { suplentes: [{ ballotName: 'SUP DOIS A' }, { ballotName: 'SUP DOIS B' }] }),
        cand(303, 'SENADOR TRES', 30),
      ],
    },
    { office: 3, uf: 'SP', seats: 1, candidates: [cand(10, 'GOVERNADOR A', 10), cand(20, 'GOVERNADORA B', 20)] },
    { office: 1, seats: 1, candidates: [cand(10, 'PRESIDENTE A', 10), cand(20, 'PRESIDENTA B', 20)] },
  ];
  return baseCarga('general', opts.voters ?? 12, contests, opts.seed ?? 'general');
}

/** Keys for one choice: a number then CONFIRMA, or BRANCO then CONFIRMA. */
export function choiceKeys(choice: string): Key[] {
  if (choice === 'BRANCO') return ['BRANCO', 'CONFIRMA'];
  return [...(choice.split('') as Key[]), 'CONFIRMA'];
}

/** Keys for a whole ballot, one entry per choice in screen order. */
export function ballotKeys(choices: readonly string[]): Key[] {
  return choices.flatMap(choiceKeys);
}

/** An urna that printed its zerésima at 07:30 and opened at 08:00, on a hand-moved clock. */
export function openUrna(
  carga: CargaContent,
  opts: { seed?: string; options?: UrnaOptions } = {},
): { urna: Urna; clock: ManualClock } {
  const clock = new ManualClock(at('07:30'));
  const urna = loadUrna(carga, { clock, random: seededRandom(opts.seed ?? 'rdv') }, opts.options);
  const z = urna.zeresima();
  if (!z.ok) throw new Error(`zerésima refused: ${z.error.message}`);
  clock.set(at('08:00'));
  const o = urna.open();
  if (!o.ok) throw new Error(`open refused: ${o.error.message}`);
  return { urna, clock };
}

/** Identifies and releases a voter: by fingerprint, or by year of birth for voters without biometrics. */
export function release(urna: Urna, voter: Voter): void {
  const id = urna.identify(voter.titulo);
  if (!id.ok) throw new Error(`identify ${voter.titulo}: ${id.error.code}`);
  const released = voter.biometrics ? urna.fingerprint(true) : urna.yearOfBirth(voter.birthDate.slice(0, 4));
  if (!released.ok) throw new Error(`release ${voter.titulo}: ${released.error.code}`);
}

/** Identifies, releases and types a whole ballot. */
export function castVote(urna: Urna, voter: Voter, choices: readonly string[]): void {
  release(urna, voter);
  const keys = ballotKeys(choices);
  keys.forEach((k, i) => {
    const r = urna.pressKey(k);
    if (!r.ok || !r.value.accepted) throw new Error(`key ${k} refused for ${voter.titulo}`);
    if (r.value.finished !== (i === keys.length - 1))
      throw new Error(`ballot of ${voter.titulo} finished at key ${i} of ${keys.length}`);
  });
}
