// Validation of an election definition: the zod shape first, then every rule that spans several parts of the file
// (docs/ELECTION-FORMAT.md lists them). A bad definition is rejected with EVERY problem found, each naming the file,
// the JSON path, what was expected and what was there; nothing of a rejected definition is ever returned.
import { z } from 'zod';
import { ElectionDefinitionSchema, type ElectionDefinition } from './definition.ts';
import { CONSTITUTIONAL_OFFICES, CUSTOM_OFFICE_CODES, SECOND_ROUND_OFFICES, type OfficeRule } from './offices.ts';
import type { Problem, Result } from './problem.ts';
import { TITULO_UF_CODES, tituloProblem } from './titulo.ts';

/** Offices each kind of election may hold (community elections may hold any office, custom or constitutional). */
const OFFICES_OF_KIND: Readonly<Record<'general' | 'municipal', ReadonlySet<number>>> = {
  general: new Set([1, 3, 5, 6, 7, 8]),
  municipal: new Set([11, 13]),
};
const STATE_OFFICES: ReadonlySet<number> = new Set([3, 5, 6, 7, 8]);
const MUNICIPAL_OFFICES: ReadonlySet<number> = new Set([11, 13]);
const RUNNING_MATE_CODES: Readonly<Record<number, string>> = {
  2: 'Vice-Presidente',
  4: 'Vice-Governador',
  9: '1º Suplente de Senador',
  10: '2º Suplente de Senador',
  12: 'Vice-Prefeito',
};
const KNOWN_UFS: ReadonlySet<string> = new Set(Object.values(TITULO_UF_CODES));
/** Voting is optional from 16 (CF art. 14 §1 II c); nobody younger can be on the roll. */
const MIN_VOTER_AGE = 16;
/** Top-level keys allowed besides the schema's: editors use `$schema` to find the JSON Schema. */
const EXTRA_TOP_LEVEL_KEYS: ReadonlySet<string> = new Set(['$schema']);

/** Parses the JSON text of a definition and validates it; JSON syntax errors name the line and column. */
export function parseElection(text: string, file: string): Result<ElectionDefinition> {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [jsonSyntaxProblem(text, file, e)] };
  }
  return validateElection(input, file);
}

/** Validates a parsed definition: shape (zod), unknown fields, then every semantic rule. */
export function validateElection(input: unknown, file: string): Result<ElectionDefinition> {
  const problems: Problem[] = [];
  const parsed = ElectionDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(zodIssueProblem(issue, input, file));
  }
  // zod strips unknown keys silently; a misspelt optional field ("biometric") would then be lost without a word.
  unknownKeys(ElectionDefinitionSchema, input, '', file, problems, true);
  // The semantic rules assume the shape; on a malformed file they would only repeat the shape problems.
  if (parsed.success) new SemanticChecks(parsed.data, file, problems).run();
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: parsed.data! };
}

// ---------------------------------------------------------------------------------------------------------------
// JSON syntax

function jsonSyntaxProblem(text: string, file: string, e: unknown): Problem {
  const message = e instanceof Error ? e.message : String(e);
  let line: number;
  let column: number;
  const lc = /line (\d+) column (\d+)/.exec(message);
  const pos = /at position (\d+)/.exec(message);
  if (lc) {
    line = Number(lc[1]);
    column = Number(lc[2]);
  } else {
    // V8 reports a character offset (Node 20), or nothing at all for an unexpected end of input.
    const offset = pos ? Number(pos[1]) : text.length;
    ({ line, column } = lineColumn(text, offset));
  }
  return {
    file,
    path: `line ${line}, column ${column}`,
    expected: 'valid JSON',
    found: message.replace(/\s*(in JSON )?at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)/, ''),
  };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

// ---------------------------------------------------------------------------------------------------------------
// Shape problems (zod) and unknown fields

/** `['contests', 2, 'candidates', 0, 'party']` → `contests[2].candidates[0].party`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** A short description of a value as found in the file. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const json = JSON.stringify(value);
    return json.length > 42 ? `${json.slice(0, 40)}…"` : json;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const part of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[part];
  }
  return v;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function zodExpected(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`;
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = Number(small ? issue.minimum : issue.maximum);
      const cmp = small ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
      if (issue.origin === 'string') {
        if (small && bound === 1) return 'a non-empty string';
        return `a string of ${small ? 'at least' : 'at most'} ${bound} characters`;
      }
      if (issue.origin === 'array') {
        return `${small ? 'at least' : 'at most'} ${bound} item${bound === 1 ? '' : 's'}`;
      }
      return `a number ${cmp} ${bound}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union': {
      // `round: 1 | 2` is a union of literals: say "one of 1, 2" rather than zod's "Invalid input".
      const values = issue.errors.flat().flatMap((i) => (i.code === 'invalid_value' ? i.values : []));
      if (values.length > 0) return `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
      return issue.message;
    }
    default:
      return issue.message;
  }
}

function zodIssueProblem(issue: z.core.$ZodIssue, input: unknown, file: string): Problem {
  return {
    file,
    path: formatPath(issue.path),
    expected: zodExpected(issue),
    found: describeFound(valueAt(input, issue.path)),
  };
}

const knownKeysCache = new WeakMap<object, ReadonlySet<string>>();

/** Walks the input alongside the schema and reports object keys the schema does not know. */
function unknownKeys(
  schema: z.ZodType,
  value: unknown,
  path: string,
  file: string,
  problems: Problem[],
  topLevel = false,
): void {
  if (value === null || typeof value !== 'object') return;
  let s: z.ZodType = schema;
  // Optional and default wrappers carry the real schema inside.
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
  if (s instanceof z.ZodArray) {
    if (!Array.isArray(value)) return;
    const element = s.element as z.ZodType;
    for (let i = 0; i < value.length; i++) unknownKeys(element, value[i], `${path}[${i}]`, file, problems);
    return;
  }
  if (!(s instanceof z.ZodObject) || Array.isArray(value)) return;
  const shape = s.shape as Record<string, z.ZodType>;
  let known = knownKeysCache.get(s);
  if (!known) {
    known = new Set(Object.keys(shape));
    knownKeysCache.set(s, known);
  }
  for (const key of Object.keys(value)) {
    const child = path === '' ? key : `${path}.${key}`;
    if (known.has(key)) unknownKeys(shape[key]!, (value as Record<string, unknown>)[key], child, file, problems);
    else if (!(topLevel && EXTRA_TOP_LEVEL_KEYS.has(key))) {
      problems.push({
        file,
        path: child,
        expected: `one of the fields ${[...known].join(', ')}`,
        found: `an unknown field "${key}"`,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Semantic rules

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True for an existing calendar date `YYYY-MM-DD` (the shape is already checked by the schema). */
export function isRealDate(s: string): boolean {
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

/** True when `timeZone` is a zone `Intl` knows (IANA names such as America/Sao_Paulo). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Numeric key of a seção for fast sets: município (≤ 5 digits), zona and seção (≤ 4 digits each). */
function secaoNum(municipio: number, zona: number, secao: number): number {
  return municipio * 1e8 + zona * 1e4 + secao;
}

function officeList(codes: Iterable<number>): string {
  return [...codes].map((c) => `${c} ${CONSTITUTIONAL_OFFICES[c]?.name ?? ''}`.trim()).join(', ');
}

class SemanticChecks {
  private readonly rules = new Map<number, OfficeRule>();
  /** Offices declared in an eleição but malformed (already reported): contests on them are not checked again. */
  private readonly brokenOffices = new Set<number>();
  private readonly partyNumbers = new Set<number>();
  private readonly ufs = new Set<string>();
  /** município code → its UF. */
  private readonly municipios = new Map<number, string>();
  private readonly zonasOfMunicipio = new Set<number>(); // municipio * 1e4 + zona
  private readonly secoes = new Set<number>();
  /** seção (numeric key) → path of the seção in the file, for the voterCount check. */
  private readonly secaoVoterCount = new Map<number, { path: string; count: number }>();
  private readonly dateOk: boolean;

  constructor(
    private readonly def: ElectionDefinition,
    private readonly file: string,
    private readonly problems: Problem[],
  ) {
    this.dateOk = isRealDate(def.date);
  }

  run(): void {
    this.top();
    this.offices();
    this.partiesAndFederations();
    this.geography();
    this.contests();
    this.voters();
  }

  private add(path: string, expected: string, found: string): void {
    this.problems.push({ file: this.file, path, expected, found });
  }

  private top(): void {
    const d = this.def;
    if (!this.dateOk) this.add('date', 'a real calendar date', JSON.stringify(d.date));
    if (!isValidTimeZone(d.timezone)) {
      this.add('timezone', 'an IANA time zone such as "America/Sao_Paulo"', JSON.stringify(d.timezone));
    }
    if (d.hours.open >= d.hours.close) {
      this.add('hours', 'an opening time before the closing time', `open ${d.hours.open}, close ${d.hours.close}`);
    }
  }

  private offices(): void {
    const d = this.def;
    const eleicaoIds = new Map<number, number>();
    const officeSeen = new Map<number, string>();
    const allowed = d.kind === 'community' ? undefined : OFFICES_OF_KIND[d.kind];
    d.eleicoes.forEach((el, i) => {
      const prev = eleicaoIds.get(el.id);
      if (prev !== undefined)
        this.add(`eleicoes[${i}].id`, 'an id no other eleição uses', `${el.id} (also eleicoes[${prev}])`);
      else eleicaoIds.set(el.id, i);
      el.offices.forEach((o, k) => {
        const path = `eleicoes[${i}].offices[${k}]`;
        const first = officeSeen.get(o.code);
        if (first !== undefined) {
          this.add(`${path}.code`, 'an office held by only one eleição', `${o.code} (also ${first})`);
          return;
        }
        officeSeen.set(o.code, path);
        const constitutional = CONSTITUTIONAL_OFFICES[o.code];
        const custom = o.code >= CUSTOM_OFFICE_CODES.min && o.code <= CUSTOM_OFFICE_CODES.max;
        if (!constitutional && !custom) {
          const mate = RUNNING_MATE_CODES[o.code];
          this.add(
            `${path}.code`,
            `a constitutional office (${officeList(Object.keys(CONSTITUTIONAL_OFFICES).map(Number))}) or a custom office ${CUSTOM_OFFICE_CODES.min}–${CUSTOM_OFFICE_CODES.max}`,
            mate
              ? `${o.code} (${mate}: elected with the head of the ticket, not an office of its own)`
              : String(o.code),
          );
          this.brokenOffices.add(o.code);
          return;
        }
        if (allowed && !allowed.has(o.code)) {
          this.add(`${path}.code`, `an office of a ${d.kind} election (${officeList(allowed)})`, String(o.code));
          this.brokenOffices.add(o.code);
          return;
        }
        if (constitutional) {
          let ok = true;
          if (o.digits !== undefined && o.digits !== constitutional.digits) {
            this.add(
              `${path}.digits`,
              `${constitutional.digits} (the digits of ${constitutional.name})`,
              String(o.digits),
            );
            ok = false;
          }
          if (o.system !== undefined && o.system !== constitutional.system) {
            this.add(`${path}.system`, `"${constitutional.system}" (${constitutional.name})`, JSON.stringify(o.system));
            ok = false;
          }
          if (ok) this.rules.set(o.code, { ...constitutional, name: o.name ?? constitutional.name });
          else this.brokenOffices.add(o.code);
          return;
        }
        // A custom office (consulta, community election): nothing to default from, so everything must be given.
        if (o.name === undefined) this.add(`${path}.name`, 'a name for a custom office', 'nothing');
        if (o.digits === undefined) this.add(`${path}.digits`, 'the number of digits of a custom office', 'nothing');
        if (o.system === undefined)
          this.add(`${path}.system`, '"majority" or "proportional" for a custom office', 'nothing');
        if (o.name !== undefined && o.digits !== undefined && o.system !== undefined) {
          this.rules.set(o.code, {
            code: o.code,
            name: o.name,
            digits: o.digits,
            system: o.system,
            runningMates: 'none',
          });
        } else this.brokenOffices.add(o.code);
      });
    });
  }

  private partiesAndFederations(): void {
    const d = this.def;
    const fedNumbers = new Map<number, number>();
    const fedAbbrevs = new Map<string, number>();
    d.federations.forEach((f, i) => {
      const prev = fedNumbers.get(f.number);
      if (prev !== undefined)
        this.add(
          `federations[${i}].number`,
          'a number no other federation uses',
          `${f.number} (also federations[${prev}])`,
        );
      else fedNumbers.set(f.number, i);
      const key = f.abbreviation.trim().toUpperCase();
      const prevA = fedAbbrevs.get(key);
      if (prevA !== undefined) {
        this.add(
          `federations[${i}].abbreviation`,
          'an abbreviation no other federation uses',
          `${JSON.stringify(f.abbreviation)} (also federations[${prevA}])`,
        );
      } else fedAbbrevs.set(key, i);
    });
    const numbers = new Map<number, number>();
    const abbrevs = new Map<string, number>();
    const members = new Map<number, number>();
    d.parties.forEach((p, i) => {
      const prev = numbers.get(p.number);
      if (prev !== undefined)
        this.add(`parties[${i}].number`, 'a number no other party uses', `${p.number} (also parties[${prev}])`);
      else numbers.set(p.number, i);
      this.partyNumbers.add(p.number);
      const key = p.abbreviation.trim().toUpperCase();
      const prevA = abbrevs.get(key);
      if (prevA !== undefined) {
        this.add(
          `parties[${i}].abbreviation`,
          'an abbreviation no other party uses',
          `${JSON.stringify(p.abbreviation)} (also parties[${prevA}])`,
        );
      } else abbrevs.set(key, i);
      if (p.federation !== undefined) {
        if (!fedNumbers.has(p.federation)) {
          this.add(`parties[${i}].federation`, 'the number of a federation in federations[]', String(p.federation));
        } else members.set(p.federation, (members.get(p.federation) ?? 0) + 1);
      }
    });
    d.federations.forEach((f, i) => {
      const n = members.get(f.number) ?? 0;
      if (n < 2)
        this.add(
          `federations[${i}]`,
          'at least 2 parties in the federation (parties[].federation)',
          `${n} part${n === 1 ? 'y' : 'ies'}`,
        );
    });
  }

  private geography(): void {
    // Seção numbers are unique within a zona, and zonas are numbered per UF; a zona may span several municípios
    // (it is then listed under each), so the seção number must be unique across all of them.
    const secaoOfUfZona = new Map<string, string>();
    this.def.ufs.forEach((u, i) => {
      const uPath = `ufs[${i}]`;
      if (!KNOWN_UFS.has(u.uf))
        this.add(`${uPath}.uf`, 'a Brazilian UF (AC … TO) or ZZ (voters abroad)', JSON.stringify(u.uf));
      if (this.ufs.has(u.uf)) this.add(`${uPath}.uf`, 'a UF listed only once', JSON.stringify(u.uf));
      this.ufs.add(u.uf);
      u.municipios.forEach((m, j) => {
        const mPath = `${uPath}.municipios[${j}]`;
        const otherUf = this.municipios.get(m.code);
        if (otherUf !== undefined) {
          this.add(
            `${mPath}.code`,
            'a município code used only once in the whole country',
            `${m.code} (also in ${otherUf})`,
          );
        } else this.municipios.set(m.code, u.uf);
        m.zonas.forEach((z, k) => {
          const zPath = `${mPath}.zonas[${k}]`;
          // Zonas are numbered per UF: a zona may span several municípios, but then it is listed under each one.
          // Listing the same zona twice under one município is the mistake we can see.
          const zonaKey = m.code * 1e4 + z.number;
          if (this.zonasOfMunicipio.has(zonaKey)) {
            this.add(`${zPath}.number`, 'a zona listed only once per município', String(z.number));
          }
          this.zonasOfMunicipio.add(zonaKey);
          z.secoes.forEach((s, l) => {
            const key = `${u.uf}-${z.number}-${s.number}`;
            const prev = secaoOfUfZona.get(key);
            if (prev !== undefined) {
              this.add(
                `${zPath}.secoes[${l}].number`,
                `a seção number used only once in zona ${z.number} of ${u.uf}`,
                `${s.number} (also ${prev})`,
              );
            } else secaoOfUfZona.set(key, `${zPath}.secoes[${l}]`);
          });
          this.zona(z, zPath, m.code);
        });
      });
    });
  }

  private zona(
    z: ElectionDefinition['ufs'][number]['municipios'][number]['zonas'][number],
    zPath: string,
    municipio: number,
  ): void {
    const here = new Map<number, number>(); // seção number → index in this zona
    const locais = new Map<number, string>();
    z.secoes.forEach((s, l) => {
      const sPath = `${zPath}.secoes[${l}]`;
      if (!here.has(s.number)) here.set(s.number, l); // duplicates are reported by geography()
      const key = secaoNum(municipio, z.number, s.number);
      this.secoes.add(key);
      if (s.voterCount !== undefined)
        this.secaoVoterCount.set(key, { path: `${sPath}.voterCount`, count: s.voterCount });
      const localName = locais.get(s.local.number);
      if (localName !== undefined && localName !== s.local.name) {
        this.add(
          `${sPath}.local.name`,
          `the name of local ${s.local.number} as given before in this zona (${JSON.stringify(localName)})`,
          JSON.stringify(s.local.name),
        );
      } else locais.set(s.local.number, s.local.name);
    });
    // Seções agregadas: small seções of the same zona that vote in this seção's urna.
    const aggregatedBy = new Map<number, number>();
    const hosts = new Set<number>();
    z.secoes.forEach((s) => {
      if (s.aggregated && s.aggregated.length > 0) hosts.add(s.number);
    });
    z.secoes.forEach((s, l) => {
      (s.aggregated ?? []).forEach((a, m) => {
        const aPath = `${zPath}.secoes[${l}].aggregated[${m}]`;
        if (a === s.number) this.add(aPath, 'another seção (a seção cannot be aggregated into itself)', String(a));
        else if (!here.has(a)) this.add(aPath, `a seção of zona ${z.number}`, String(a));
        else if (aggregatedBy.has(a))
          this.add(
            aPath,
            'a seção aggregated into only one seção',
            `${a} (also aggregated into seção ${aggregatedBy.get(a)})`,
          );
        else if (hosts.has(a)) this.add(aPath, 'a seção that does not itself receive aggregated seções', String(a));
        else aggregatedBy.set(a, s.number);
      });
    });
    for (const host of hosts) {
      if (aggregatedBy.has(host)) {
        const l = here.get(host)!;
        this.add(
          `${zPath}.secoes[${l}].aggregated`,
          'no aggregated seções in a seção that is itself aggregated into another',
          `seção ${host} is aggregated into seção ${aggregatedBy.get(host)}`,
        );
      }
    }
  }

  private contests(): void {
    const d = this.def;
    const seen = new Map<string, number>();
    d.contests.forEach((c, i) => {
      const path = `contests[${i}]`;
      const rule = this.rules.get(c.office);
      if (!rule) {
        if (!this.brokenOffices.has(c.office))
          this.add(`${path}.office`, 'an office declared in eleicoes[].offices', String(c.office));
        return;
      }
      const area = this.area(c, path);
      if (area !== undefined) {
        const key = `${c.office}@${area}`;
        const prev = seen.get(key);
        if (prev !== undefined)
          this.add(
            `${path}`,
            `one contest per office and area`,
            `a second contest for office ${c.office} in ${area} (also contests[${prev}])`,
          );
        else seen.set(key, i);
      }
      if (d.round === 2 && !SECOND_ROUND_OFFICES.has(c.office)) {
        this.add(
          `${path}.office`,
          `an office with a second round (${officeList(SECOND_ROUND_OFFICES)})`,
          `${c.office} ${rule.name}`,
        );
      }
      if (CONSTITUTIONAL_OFFICES[c.office] && rule.system === 'majority') {
        if (c.office === 5) {
          // The Senate renews one third and two thirds of its seats alternately (CF art. 46 §2).
          if (c.seats !== 1 && c.seats !== 2)
            this.add(`${path}.seats`, '1 or 2 (the Senate renews 1 or 2 seats per UF)', String(c.seats));
        } else if (c.seats !== 1) this.add(`${path}.seats`, `1 (${rule.name} is a single seat)`, String(c.seats));
      }
      if (d.round === 2) {
        // A contest that has no second round at all was reported above; its candidate count says nothing more.
        if (SECOND_ROUND_OFFICES.has(c.office) && c.candidates.length !== 2)
          this.add(`${path}.candidates`, 'exactly 2 candidates in a second round', String(c.candidates.length));
      }
      // A first-round contest may have no candidate at all (every candidacy withdrawn or refused): the urna shows
      // the office and records "cargo sem candidato" (TSE-FORMATS: TipoVoto cargoSemCandidato), and nobody is elected.
      this.candidates(c, path, rule);
    });
  }

  /** Checks the contest's area against its office and returns a label of the area ("BR", "SP", "71072"). */
  private area(c: ElectionDefinition['contests'][number], path: string): string | undefined {
    const munUf = c.municipio !== undefined ? this.municipios.get(c.municipio) : undefined;
    if (c.municipio !== undefined && munUf === undefined) {
      this.add(`${path}.municipio`, 'the code of a município in ufs[].municipios[]', String(c.municipio));
      return undefined;
    }
    if (c.uf !== undefined && !this.ufs.has(c.uf)) {
      this.add(`${path}.uf`, 'a UF listed in ufs[]', JSON.stringify(c.uf));
      return undefined;
    }
    const name = this.rules.get(c.office)?.name ?? String(c.office);
    if (c.office === 1) {
      if (c.uf !== undefined)
        this.add(`${path}.uf`, 'no UF (Presidente is elected in the whole country)', JSON.stringify(c.uf));
      if (c.municipio !== undefined)
        this.add(`${path}.municipio`, 'no município (Presidente is elected in the whole country)', String(c.municipio));
      return 'BR';
    }
    if (STATE_OFFICES.has(c.office)) {
      if (c.municipio !== undefined)
        this.add(`${path}.municipio`, `no município (${name} is elected by a UF)`, String(c.municipio));
      if (c.uf === undefined) {
        this.add(`${path}.uf`, `the UF where ${name} is elected`, 'nothing');
        return undefined;
      }
      if (c.uf === 'ZZ') this.add(`${path}.uf`, 'a UF (voters abroad, ZZ, only vote for Presidente)', '"ZZ"');
      else if (c.office === 8 && c.uf !== 'DF')
        this.add(`${path}.uf`, '"DF" (Deputado Distrital exists only in the Distrito Federal)', JSON.stringify(c.uf));
      else if (c.office === 7 && c.uf === 'DF')
        this.add(`${path}.uf`, 'a UF other than DF (the DF elects Deputados Distritais, office 8)', '"DF"');
      return c.uf;
    }
    if (MUNICIPAL_OFFICES.has(c.office)) {
      if (c.municipio === undefined) {
        this.add(`${path}.municipio`, `the município where ${name} is elected`, 'nothing');
        return undefined;
      }
      if (c.uf !== undefined && c.uf !== munUf)
        this.add(
          `${path}.uf`,
          `${JSON.stringify(munUf)} (the UF of município ${c.municipio}) or nothing`,
          JSON.stringify(c.uf),
        );
      if (munUf === 'ZZ')
        this.add(
          `${path}.municipio`,
          'a município in Brazil (there are no municipal elections abroad)',
          String(c.municipio),
        );
      return String(c.municipio);
    }
    // Custom office: the whole country, a UF or a município, as the definition says.
    if (c.municipio !== undefined) {
      if (c.uf !== undefined && c.uf !== munUf)
        this.add(
          `${path}.uf`,
          `${JSON.stringify(munUf)} (the UF of município ${c.municipio}) or nothing`,
          JSON.stringify(c.uf),
        );
      return String(c.municipio);
    }
    return c.uf ?? 'BR';
  }

  private candidates(c: ElectionDefinition['contests'][number], path: string, rule: OfficeRule): void {
    const numbers = new Map<number, number>();
    const prefixDiv = rule.digits >= 2 ? 10 ** (rule.digits - 2) : 0;
    c.candidates.forEach((cand, j) => {
      const cPath = `${path}.candidates[${j}]`;
      const len = String(cand.number).length;
      if (len !== rule.digits) {
        this.add(
          `${cPath}.number`,
          `a number of ${rule.digits} digits (${rule.name})`,
          `${cand.number} (${len} digit${len === 1 ? '' : 's'})`,
        );
      } else if (prefixDiv > 0 && Math.floor(cand.number / prefixDiv) !== cand.party) {
        this.add(
          `${cPath}.number`,
          `a number starting with the candidate's party number ${cand.party}`,
          String(cand.number),
        );
      }
      const prev = numbers.get(cand.number);
      if (prev !== undefined)
        this.add(
          `${cPath}.number`,
          'a number no other candidate of this contest uses',
          `${cand.number} (also candidates[${prev}])`,
        );
      else numbers.set(cand.number, j);
      if (!this.partyNumbers.has(cand.party))
        this.add(`${cPath}.party`, 'the number of a party in parties[]', String(cand.party));
      if (cand.vice?.party !== undefined && !this.partyNumbers.has(cand.vice.party)) {
        this.add(`${cPath}.vice.party`, 'the number of a party in parties[]', String(cand.vice.party));
      }
      cand.suplentes?.forEach((s, k) => {
        if (s.party !== undefined && !this.partyNumbers.has(s.party))
          this.add(`${cPath}.suplentes[${k}].party`, 'the number of a party in parties[]', String(s.party));
      });
      if (rule.runningMates === 'vice') {
        if (!cand.vice)
          this.add(`${cPath}.vice`, `a running mate (${rule.runningMateLabel ?? 'vice'}) for ${rule.name}`, 'nothing');
      } else if (cand.vice) {
        this.add(
          `${cPath}.vice`,
          `no vice (${rule.name} has ${rule.runningMates === 'suplentes' ? 'suplentes' : 'no running mate'})`,
          JSON.stringify(cand.vice.ballotName),
        );
      }
      if (rule.runningMates === 'suplentes') {
        const n = cand.suplentes?.length ?? 0;
        if (n !== 2)
          this.add(`${cPath}.suplentes`, `2 suplentes (1º and 2º) for ${rule.name}`, n === 0 ? 'nothing' : `${n}`);
      } else if (cand.suplentes) {
        this.add(`${cPath}.suplentes`, `no suplentes (only Senadores have suplentes)`, `${cand.suplentes.length}`);
      }
    });
  }

  private voters(): void {
    const d = this.def;
    const titulos = new Map<string, number>();
    const counts = new Map<number, number>();
    // A voter must be 16 on the election day: born on or before this date (same month and day, 16 years earlier).
    const latestBirth = this.dateOk
      ? `${String(Number(d.date.slice(0, 4)) - MIN_VOTER_AGE).padStart(4, '0')}${d.date.slice(4)}`
      : undefined;
    for (let i = 0; i < d.voters.length; i++) {
      const v = d.voters[i]!;
      const tp = tituloProblem(v.titulo);
      if (tp) {
        const path = `voters[${i}].titulo`;
        if (tp.kind === 'format')
          this.add(path, 'a título of 12 digits (13 for old SP/MG títulos)', JSON.stringify(v.titulo));
        else if (tp.kind === 'uf')
          this.add(
            path,
            'a UF code 01–28 in digits 9–10 of the título',
            `${JSON.stringify(v.titulo)} (UF code ${tp.found})`,
          );
        else this.add(path, `check digits ${tp.expected}`, `${JSON.stringify(v.titulo)} (check digits ${tp.found})`);
      }
      const prev = titulos.get(v.titulo);
      if (prev !== undefined)
        this.add(
          `voters[${i}].titulo`,
          'a título no other voter has',
          `${JSON.stringify(v.titulo)} (also voters[${prev}])`,
        );
      else titulos.set(v.titulo, i);
      if (!isRealDate(v.birthDate))
        this.add(`voters[${i}].birthDate`, 'a real calendar date', JSON.stringify(v.birthDate));
      else if (this.dateOk && v.birthDate > d.date)
        this.add(`voters[${i}].birthDate`, `a date before the election (${d.date})`, JSON.stringify(v.birthDate));
      // Comparing 'YYYY-MM-DD' strings is comparing dates; someone born on 29 Feb turns 16 on 1 Mar in a non-leap year.
      else if (latestBirth !== undefined && v.birthDate > latestBirth) {
        this.add(
          `voters[${i}].birthDate`,
          `a voter aged at least ${MIN_VOTER_AGE} on ${d.date} (born on or before ${latestBirth})`,
          JSON.stringify(v.birthDate),
        );
      }
      const key = secaoNum(v.municipio, v.zona, v.secao);
      if (this.secoes.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
      else if (!this.municipios.has(v.municipio))
        this.add(`voters[${i}].municipio`, 'the code of a município in ufs[].municipios[]', String(v.municipio));
      else if (!this.zonasOfMunicipio.has(v.municipio * 1e4 + v.zona))
        this.add(`voters[${i}].zona`, `a zona of município ${v.municipio}`, String(v.zona));
      else this.add(`voters[${i}].secao`, `a seção of zona ${v.zona} in município ${v.municipio}`, String(v.secao));
    }
    // voterCount stands for the roll only when the roll is not listed; a listed roll must agree with it.
    if (d.voters.length > 0) {
      for (const [key, { path, count }] of this.secaoVoterCount) {
        const listed = counts.get(key) ?? 0;
        if (listed !== count) this.add(path, `${listed} (the voters listed for this seção in voters[])`, String(count));
      }
    }
  }
}
