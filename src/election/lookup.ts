// A precomputed index over a (validated) election definition: every later step (carga, urna, terminal,
// totalization) asks it "which offices does this seção vote for", "who votes here", "what is party 13", without
// walking the definition again. Built once in O(size of the definition); every lookup is a Map access.
//
// Seções agregadas: a small seção aggregated into another has no urna of its own; its voters vote in the host's
// urna. So `secoes` lists only seções with an urna (hosts list their aggregated seções), `votersBySecao` gives the
// whole caderno of each urna (own and aggregated voters), and `secao(key)` of an aggregated seção gives its host.
import {
  secaoKey,
  type Contest,
  type ElectionDefinition,
  type Federation,
  type Local,
  type Party,
  type SecaoId,
  type Voter,
} from './definition.ts';
import { CONSTITUTIONAL_OFFICES, LEGAL_ORDER, type OfficeRule } from './offices.ts';

/** A seção that has an urna, with everything the carga and reports need about its place. */
export interface SecaoInfo extends SecaoId {
  /** `secaoKey()` of this seção, e.g. `MG-47998-0101-0001`. */
  key: string;
  municipioName: string;
  local: Local;
  /** Numbers of the seções of the same zona aggregated into this one (they vote in this urna). */
  aggregated: number[];
  /** Registered voters of this urna: its own and those of its aggregated seções (listed roll, or `voterCount`). */
  urnaVoterCount: number;
}

export interface ElectionIndex {
  readonly def: ElectionDefinition;
  /** The office's rule with the definition's choices and the constitutional defaults applied. */
  officeRule(code: number): OfficeRule | undefined;
  /** The idEleicao that holds the office. */
  eleicaoOfOffice(code: number): number | undefined;
  party(number: number): Party | undefined;
  federationOf(partyNumber: number): Federation | undefined;
  /** Seções with an urna, in definition order (UF, município, zona, seção as listed). */
  readonly secoes: readonly SecaoInfo[];
  /** By `secaoKey()`; the key of an aggregated seção gives the seção whose urna it votes in. */
  secao(key: string): SecaoInfo | undefined;
  /** The contests a seção votes in (country, its UF, its município), in the legal order of the screens. */
  contestsForSecao(id: SecaoId): readonly Contest[];
  /** Each urna seção's caderno (own and aggregated voters) sorted by título; empty when the roll is not listed. */
  readonly votersBySecao: ReadonlyMap<string, readonly Voter[]>;
  voter(titulo: string): Voter | undefined;
  /** Registered voters of a município (for the 200,000-voter prefeito second-round rule). */
  municipioVoters(code: number): number;
}

function ruleFor(
  code: number,
  given: { name?: string; digits?: number; system?: 'majority' | 'proportional' },
): OfficeRule {
  const c = CONSTITUTIONAL_OFFICES[code];
  if (c) return { ...c, name: given.name ?? c.name };
  // Custom offices have no running mates; validation made sure name, digits and system are there.
  return {
    code,
    name: given.name ?? `Cargo ${code}`,
    digits: given.digits ?? 2,
    system: given.system ?? 'majority',
    runningMates: 'none',
  };
}

export function indexElection(def: ElectionDefinition): ElectionIndex {
  const rules = new Map<number, OfficeRule>();
  const eleicaoOf = new Map<number, number>();
  for (const el of def.eleicoes) {
    for (const o of el.offices) {
      rules.set(o.code, ruleFor(o.code, o));
      eleicaoOf.set(o.code, el.id);
    }
  }
  const parties = new Map<number, Party>(def.parties.map((p) => [p.number, p]));
  const federations = new Map<number, Federation>(def.federations.map((f) => [f.number, f]));

  // Geography: urna seções and, for every seção (aggregated ones too), the key of the urna it votes in.
  const secoes: SecaoInfo[] = [];
  const byKey = new Map<string, SecaoInfo>();
  const hostKeyOf = new Map<number, string>(); // numeric (município, zona, seção) → urna seção key
  const num = (municipio: number, zona: number, secao: number): number => municipio * 1e8 + zona * 1e4 + secao;
  const ownCount = new Map<number, number>(); // numeric seção → voters (listed roll, else voterCount)
  const rollListed = def.voters.length > 0;
  const municipioOf = new Map<number, string>();
  for (const u of def.ufs) {
    for (const m of u.municipios) {
      municipioOf.set(m.code, u.uf);
      for (const z of m.zonas) {
        const aggregatedHere = new Set<number>();
        for (const s of z.secoes) for (const a of s.aggregated ?? []) aggregatedHere.add(a);
        for (const s of z.secoes) {
          if (!rollListed) ownCount.set(num(m.code, z.number, s.number), s.voterCount ?? 0);
          if (aggregatedHere.has(s.number)) continue;
          const info: SecaoInfo = {
            uf: u.uf,
            municipio: m.code,
            zona: z.number,
            secao: s.number,
            key: secaoKey({ uf: u.uf, municipio: m.code, zona: z.number, secao: s.number }),
            municipioName: m.name,
            local: s.local,
            aggregated: [...(s.aggregated ?? [])],
            urnaVoterCount: 0,
          };
          secoes.push(info);
          byKey.set(info.key, info);
          hostKeyOf.set(num(m.code, z.number, s.number), info.key);
        }
        for (const s of z.secoes) {
          for (const a of s.aggregated ?? []) {
            const host = hostKeyOf.get(num(m.code, z.number, s.number));
            if (host === undefined) continue;
            hostKeyOf.set(num(m.code, z.number, a), host);
            byKey.set(secaoKey({ uf: u.uf, municipio: m.code, zona: z.number, secao: a }), byKey.get(host)!);
          }
        }
      }
    }
  }

  // Voter roll: one caderno per urna seção, sorted by título (the order of the printed caderno and of the carga).
  const votersBySecao = new Map<string, Voter[]>();
  for (const s of secoes) votersBySecao.set(s.key, []);
  const byTitulo = new Map<string, Voter>();
  for (const v of def.voters) {
    byTitulo.set(v.titulo, v);
    const n = num(v.municipio, v.zona, v.secao);
    const host = hostKeyOf.get(n);
    if (host !== undefined) votersBySecao.get(host)!.push(v);
    if (rollListed) ownCount.set(n, (ownCount.get(n) ?? 0) + 1);
  }
  for (const list of votersBySecao.values())
    list.sort((a, b) => (a.titulo < b.titulo ? -1 : a.titulo > b.titulo ? 1 : 0));
  const municipioCount = new Map<number, number>();
  for (const s of secoes) {
    let count = ownCount.get(num(s.municipio, s.zona, s.secao)) ?? 0;
    for (const a of s.aggregated) count += ownCount.get(num(s.municipio, s.zona, a)) ?? 0;
    s.urnaVoterCount = count;
    municipioCount.set(s.municipio, (municipioCount.get(s.municipio) ?? 0) + count);
  }

  // Contests by area. The legal order of the screens (LE art. 59 §3) for general and municipal elections;
  // community elections show their offices in the order the definition lists the contests.
  const country: Contest[] = [];
  const byUf = new Map<string, Contest[]>();
  const byMunicipio = new Map<number, Contest[]>();
  const position = new Map<Contest, number>();
  def.contests.forEach((c, i) => {
    position.set(c, i);
    if (c.municipio !== undefined) push(byMunicipio, c.municipio, c);
    else if (c.uf !== undefined) push(byUf, c.uf, c);
    else country.push(c);
  });
  const order = def.kind === 'community' ? undefined : LEGAL_ORDER[def.kind];
  const rank = (c: Contest): number => {
    const r = order ? order.indexOf(c.office) : -1;
    // Offices outside the legal order (custom ones) come after it, in definition order.
    return (r < 0 ? 1000 : r) * 1e6 + position.get(c)!;
  };
  const contestsByMunicipio = new Map<number, readonly Contest[]>();
  const contestsFor = (uf: string, municipio: number): readonly Contest[] => {
    let list = contestsByMunicipio.get(municipio);
    if (!list) {
      list = [...country, ...(byUf.get(uf) ?? []), ...(byMunicipio.get(municipio) ?? [])].sort(
        (a, b) => rank(a) - rank(b),
      );
      contestsByMunicipio.set(municipio, list);
    }
    return list;
  };

  return {
    def,
    officeRule: (code) => rules.get(code),
    eleicaoOfOffice: (code) => eleicaoOf.get(code),
    party: (n) => parties.get(n),
    federationOf: (n) => {
      const f = parties.get(n)?.federation;
      return f === undefined ? undefined : federations.get(f);
    },
    secoes,
    secao: (key) => byKey.get(key),
    contestsForSecao: (id) => contestsFor(id.uf, id.municipio),
    votersBySecao,
    voter: (titulo) => byTitulo.get(titulo),
    municipioVoters: (code) => municipioCount.get(code) ?? 0,
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
