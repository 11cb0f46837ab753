// From the carga to what the voting screens need: one BallotOffice per contest of the seção, in the order of the
// screens (the carga already lists contests in the legal order, LE art. 59 §3 / ELECTION-RULES.md §3.2).
import { CONSTITUTIONAL_OFFICES } from '../election/offices.ts';
import type { Candidate, Contest } from '../election/definition.ts';
import type { CargaContent } from '../media/carga-types.ts';
import type { BallotCandidate, BallotOffice, BallotParty, BallotRunningMate } from './ballot-types.ts';

/** What the urna needs to know about one contest's office, wherever it came from (TSE code or custom office). */
export interface OfficeInfo {
  idEleicao: number;
  code: number;
  name: string;
  digits: number;
  system: 'majority' | 'proportional';
  /** Choices per voter: the Senate with 2 seats asks twice; every other office once. */
  quantidadeEscolhas: number;
}

/** The eleição and office rules of a contest. Throws when the carga is inconsistent (checked when it was built). */
export function officeInfo(carga: CargaContent, contest: Contest): OfficeInfo {
  const code = contest.office;
  for (const eleicao of carga.election.eleicoes) {
    const office = eleicao.offices.find((o) => o.code === code);
    if (!office) continue;
    const rule = CONSTITUTIONAL_OFFICES[code];
    const digits = office.digits ?? rule?.digits;
    const system = office.system ?? rule?.system;
    if (digits === undefined || system === undefined) {
      throw new Error(`carga: office ${code} of eleição ${eleicao.id} has no digits/system and is not a TSE office`);
    }
    return {
      idEleicao: eleicao.id,
      code,
      name: office.name ?? rule?.name ?? `Cargo ${code}`,
      digits,
      system,
      quantidadeEscolhas: system === 'majority' ? contest.seats : 1,
    };
  }
  throw new Error(`carga: contest for office ${code} belongs to no eleição of the carga`);
}

function runningMates(code: number, c: Candidate): BallotRunningMate[] {
  const rule = CONSTITUTIONAL_OFFICES[code];
  const mates: BallotRunningMate[] = [];
  if (c.vice) mates.push({ label: rule?.runningMateLabel ?? 'Vice', ballotName: c.vice.ballotName });
  c.suplentes?.forEach((s, i) => mates.push({ label: `${i + 1}º Suplente`, ballotName: s.ballotName }));
  return mates;
}

/** Candidate number → party, per contest object (contests are immutable once in a carga). */
const partyOfCache = new WeakMap<Contest, ReadonlyMap<number, number>>();

export function partyOfCandidates(contest: Contest): ReadonlyMap<number, number> {
  let m = partyOfCache.get(contest);
  if (!m) {
    m = new Map(contest.candidates.map((c) => [c.number, c.party]));
    partyOfCache.set(contest, m);
  }
  return m;
}

// A simulation loads 22,000 urnas whose cargas share the contest, party and eleição objects of one definition
// (São Paulo: ~1,000 vereador candidates): build each contest's BallotOffice once. The cache is keyed by the contest
// object and checked against the party and eleição arrays it was built with, so a carga parsed from a file (new
// objects) simply builds its own.
const officeCache = new WeakMap<Contest, { parties: unknown; eleicoes: unknown; office: BallotOffice }>();

/** The ballot's offices for this seção, in screen order. */
export function ballotOfficesFor(carga: CargaContent): BallotOffice[] {
  let partyByNumber: Map<number, CargaContent['election']['parties'][number]> | undefined;
  return carga.contests.map((contest) => {
    const cached = officeCache.get(contest);
    if (cached && cached.parties === carga.election.parties && cached.eleicoes === carga.election.eleicoes)
      return cached.office;
    partyByNumber ??= new Map(carga.election.parties.map((p) => [p.number, p]));
    const info = officeInfo(carga, contest);
    const candidates = new Map<number, BallotCandidate>();
    const partyNumbers = new Set<number>();
    for (const c of contest.candidates) {
      candidates.set(c.number, {
        number: c.number,
        ballotName: c.ballotName,
        party: c.party,
        fit: c.fit,
        runningMates: runningMates(info.code, c),
      });
      partyNumbers.add(c.party);
    }
    // The parties running candidates here: the screens show their abbreviation ("Partido: PT"); legenda votes go to
    // them only where the office is proportional (ballot.ts).
    const parties = new Map<number, BallotParty>();
    for (const n of [...partyNumbers].sort((a, b) => a - b)) {
      const p = partyByNumber.get(n);
      parties.set(n, { number: n, abbreviation: p?.abbreviation ?? String(n), name: p?.name ?? '' });
    }
    const office: BallotOffice = {
      idEleicao: info.idEleicao,
      codigoCargo: info.code,
      name: info.name,
      digits: info.digits,
      system: info.system,
      quantidadeEscolhas: info.quantidadeEscolhas,
      candidates,
      parties,
    };
    officeCache.set(contest, { parties: carga.election.parties, eleicoes: carga.election.eleicoes, office });
    return office;
  });
}
