// The election definition as a JSON Schema (draft 2020-12), generated from the zod schema so the two cannot drift,
// plus a description of every field so an editor can explain the file while it is written. The committed copy is
// schema/election.schema.json (scripts/write-schema.ts writes it; a test checks it is current). The schema checks
// the shape only: the rules that span the file (a candidate's party exists, título check digits…) are in validate.ts.
import { z } from 'zod';
import { ElectionDefinitionSchema } from './definition.ts';

/** Field descriptions by path (`a.b` for properties, `a[]` for list items). */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  '': 'An election definition for urna: the election, its offices, parties, candidates, geography and voter roll. Format: docs/ELECTION-FORMAT.md.',
  $schema: 'Optional: the path or URL of this JSON Schema, for editors.',
  formatVersion: 'Version of this file format; currently 1.',
  kind: 'general (Presidente, Governador, Senador, Deputados), municipal (Prefeito, Vereador) or community (any offices, custom codes 25–99).',
  name: 'Name of the election as printed on reports.',
  pleito: 'idPleito: the electoral event (TSE: e.g. 452 = 2024 1st round).',
  fase: 'oficial, simulado or treinamento (the first letter of the TSE file names).',
  round: '1 or 2. A 2nd round holds only Presidente, Governador and Prefeito, with exactly 2 candidates per contest.',
  date: 'Election day, YYYY-MM-DD.',
  timezone: 'IANA time zone the opening and closing hours are read in (Brasília time in every UF since 2022).',
  hours: 'Opening and closing time of the seções (08:00–17:00 by default).',
  'hours.open': 'HH:MM',
  'hours.close': 'HH:MM, after the opening.',
  eleicoes:
    'The eleições of the pleito (idEleicao), each holding some offices; an office belongs to exactly one eleição.',
  'eleicoes[].id': 'idEleicao (TSE: e.g. 544 presidente, 546 federal and state offices in 2022).',
  'eleicoes[].name': 'Name of the eleição.',
  'eleicoes[].offices': 'The offices (cargos) voted in this eleição.',
  'eleicoes[].offices[].code':
    'TSE cargo code: 1 Presidente, 3 Governador, 5 Senador, 6 Deputado Federal, 7 Deputado Estadual, 8 Deputado Distrital, 11 Prefeito, 13 Vereador; 25–99 custom (community elections).',
  'eleicoes[].offices[].name': 'Name shown on the urna; required for custom offices.',
  'eleicoes[].offices[].digits':
    'Digits of a candidate number; required for custom offices, must match the rule for TSE offices.',
  'eleicoes[].offices[].system':
    'majority or proportional; required for custom offices, must match the rule for TSE offices.',
  federations: 'Federações partidárias: groups of at least 2 parties that count as one in the proportional seats.',
  'federations[].number': 'Number of the federation (parties point to it).',
  'federations[].abbreviation': 'Abbreviation, e.g. "FE BRASIL".',
  'federations[].name': 'Full name.',
  parties: 'Parties taking part.',
  'parties[].number':
    'Party number, 2 digits: the first 2 digits of its candidates\u2019 numbers and the legenda vote.',
  'parties[].abbreviation': 'Abbreviation (sigla), unique.',
  'parties[].name': 'Full name.',
  'parties[].federation': 'Number of the federation the party belongs to, if any.',
  contests: 'One contest per office and area (the country, a UF or a município), with its candidates.',
  'contests[].office': 'Office code, declared in eleicoes[].offices.',
  'contests[].municipio': 'TSE code of the município (Prefeito, Vereador). Absent for state and national offices.',
  'contests[].uf': 'UF of the contest (Governador, Senador, Deputados). Absent for Presidente.',
  'contests[].seats':
    'Seats: 1 for majority offices, 1 or 2 for the Senate, the chamber size for proportional offices.',
  'contests[].candidates': 'Candidates of the contest.',
  'contests[].candidates[].number':
    'Number typed on the urna: as many digits as the office has, starting with the party number (2 digits for majority offices = the party number).',
  'contests[].candidates[].ballotName': 'Name on the urna screen (nome de urna), at most 30 characters.',
  'contests[].candidates[].fullName': 'Civil name.',
  'contests[].candidates[].party': 'The candidate\u2019s party number.',
  'contests[].candidates[].birthDate': 'YYYY-MM-DD; ties are broken in favour of the oldest (CE art. 110).',
  'contests[].candidates[].fit':
    'Fit to receive votes (apto); default true. A vote for an unfit candidate\u2019s number is null.',
  'contests[].candidates[].vice': 'The running mate of Presidente, Governador and Prefeito (required for them).',
  'contests[].candidates[].vice.ballotName': 'Running mate\u2019s name on the urna screen.',
  'contests[].candidates[].vice.party': 'Running mate\u2019s party number, if given.',
  'contests[].candidates[].suplentes':
    'The Senate\u2019s 1º and 2º suplentes (exactly 2 for Senadores; none otherwise).',
  'contests[].candidates[].suplentes[].ballotName': 'Suplente\u2019s name on the urna screen.',
  'contests[].candidates[].suplentes[].party': 'Suplente\u2019s party number, if given.',
  ufs: 'Geography: UF → município → zona → seção.',
  'ufs[].uf': 'Two-letter UF (SP, MG, …) or ZZ for voters abroad.',
  'ufs[].name': 'Name of the UF.',
  'ufs[].municipios': 'Municípios of the UF.',
  'ufs[].municipios[].code': 'TSE município code (5 digits; not the IBGE code), unique in the country.',
  'ufs[].municipios[].name': 'Name of the município.',
  'ufs[].municipios[].zonas':
    'Zonas eleitorais with seções in this município. Zonas are numbered per UF; a zona spanning several municípios is listed under each.',
  'ufs[].municipios[].zonas[].number': 'Zona number.',
  'ufs[].municipios[].zonas[].secoes': 'Seções of the zona in this município (seção numbers are unique in the zona).',
  'ufs[].municipios[].zonas[].secoes[].number': 'Seção number.',
  'ufs[].municipios[].zonas[].secoes[].local': 'Local de votação (polling place) where the seção is installed.',
  'ufs[].municipios[].zonas[].secoes[].local.number': 'Number of the local in the zona (seções of one local share it).',
  'ufs[].municipios[].zonas[].secoes[].local.name': 'Name, e.g. "Escola Estadual …".',
  'ufs[].municipios[].zonas[].secoes[].local.address': 'Street address.',
  'ufs[].municipios[].zonas[].secoes[].aggregated':
    'Numbers of small seções of the same zona that vote in this seção\u2019s urna (seções agregadas).',
  'ufs[].municipios[].zonas[].secoes[].voterCount':
    'Registered voters when the roll is not listed in voters (synthetic simulations); must match the listed roll otherwise.',
  voters: 'The voter roll (cadastro eleitoral): every voter with the seção where they vote.',
  'voters[].titulo': 'Título eleitoral: 12 digits (13 for old SP/MG títulos) with valid check digits.',
  'voters[].name': 'Name as on the caderno de votação.',
  'voters[].birthDate':
    'YYYY-MM-DD; at least 16 years old on the election day. The year releases a voter without fingerprints.',
  'voters[].municipio': 'TSE code of the município of the voter\u2019s seção.',
  'voters[].zona': 'Zona of the voter\u2019s seção.',
  'voters[].secao': 'Seção where the voter votes.',
  'voters[].biometrics': 'Fingerprints registered: the terminal asks for a fingerprint first (default false).',
};

type JsonSchema = { [key: string]: unknown };

function describe(node: unknown, path: string, branch = false): void {
  if (node === null || typeof node !== 'object') return;
  const s = node as JsonSchema;
  const d = DESCRIPTIONS[path];
  // The branches of a union (`round`: 1 | 2) share their parent's description.
  if (d !== undefined && !branch && s.description === undefined) s.description = d;
  const props = s.properties as Record<string, unknown> | undefined;
  if (props) for (const [k, v] of Object.entries(props)) describe(v, path === '' ? k : `${path}.${k}`);
  if (s.items) describe(s.items, `${path}[]`);
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = s[k];
    if (Array.isArray(list)) for (const v of list) describe(v, path, true);
  }
}

/** The JSON Schema of the file as written by people (defaults may be left out). */
export function electionJsonSchema(): JsonSchema {
  const schema = z.toJSONSchema(ElectionDefinitionSchema, { io: 'input' }) as JsonSchema;
  // Files may name their schema (`"$schema": "../schema/election.schema.json"`); the validator allows that key.
  const properties = schema.properties as Record<string, unknown>;
  schema.properties = { $schema: { type: 'string' }, ...properties };
  describe(schema, '');
  return { $schema: schema.$schema, title: 'urna election definition', ...schema };
}

/** The schema as the committed file holds it. */
export function electionJsonSchemaText(): string {
  return `${JSON.stringify(electionJsonSchema(), null, 2)}\n`;
}
