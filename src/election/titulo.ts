// Título eleitoral check digits (Res.-TSE 21.538/2003 art. 12 parágrafo único; ELECTION-RULES.md §4.1).
// 12 digits: 8-digit sequential + 2-digit UF code + 2 check digits, modulo 11. A result of 10 becomes 0; for SP (01)
// and MG (02) a result of 0 becomes 1. Old SP/MG títulos may have a 9-digit sequential (13 digits in all).

// prettier-ignore
export const TITULO_UF_CODES: Readonly<Record<string, string>> = {
  '01': 'SP', '02': 'MG', '03': 'RJ', '04': 'RS', '05': 'BA', '06': 'PR', '07': 'CE', '08': 'PE', '09': 'SC',
  '10': 'GO', '11': 'MA', '12': 'PB', '13': 'PA', '14': 'ES', '15': 'PI', '16': 'RN', '17': 'AL', '18': 'MT',
  '19': 'MS', '20': 'DF', '21': 'SE', '22': 'AM', '23': 'RO', '24': 'AC', '25': 'AP', '26': 'RR', '27': 'TO',
  '28': 'ZZ',
};

export const UF_TO_TITULO_CODE: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(TITULO_UF_CODES).map(([code, uf]) => [uf, code]),
);

function mod11(sum: number, ufCode: string): number {
  const r = sum % 11;
  if (r === 10) return 0;
  if (r === 0 && (ufCode === '01' || ufCode === '02')) return 1;
  return r;
}

/** The two check digits for a sequential number (8 or 9 digits) and a UF code (01–28). */
export function tituloCheckDigits(sequential: string, ufCode: string): string {
  // The weights 2..9 apply to the last 8 digits of the sequential number (the 9th leading digit of old SP/MG
  // títulos carries weight 0 in the public validators; see ELECTION-RULES.md §4.1).
  const seq8 = sequential.slice(-8);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(seq8[i]) * (i + 2);
  const dv1 = mod11(sum, ufCode);
  const dv2 = mod11(Number(ufCode[0]) * 7 + Number(ufCode[1]) * 8 + dv1 * 9, ufCode);
  return `${dv1}${dv2}`;
}

export type TituloProblem =
  | { kind: 'format'; found: string }
  | { kind: 'uf'; found: string }
  | { kind: 'check-digits'; expected: string; found: string };

/** Checks a título; returns null when valid, or what is wrong. */
export function tituloProblem(titulo: string): TituloProblem | null {
  const m = /^(\d{8,9})(\d{2})(\d{2})$/.exec(titulo);
  if (!m) return { kind: 'format', found: titulo };
  const [, seq, uf, dv] = m as unknown as [string, string, string, string];
  if (seq.length === 9 && uf !== '01' && uf !== '02') return { kind: 'format', found: titulo };
  if (!(uf in TITULO_UF_CODES)) return { kind: 'uf', found: uf };
  const expected = tituloCheckDigits(seq, uf);
  if (expected !== dv) return { kind: 'check-digits', expected, found: dv };
  return null;
}

export function isValidTitulo(titulo: string): boolean {
  return tituloProblem(titulo) === null;
}

/** Builds a valid título from a sequential number and a UF (e.g. for demo and simulated voter rolls). */
export function makeTitulo(sequential: number, uf: string): string {
  const ufCode = UF_TO_TITULO_CODE[uf];
  if (!ufCode) throw new Error(`unknown UF ${uf}`);
  const seq = String(sequential).padStart(8, '0');
  return `${seq}${ufCode}${tituloCheckDigits(seq, ufCode)}`;
}

/** The título as the mesário terminal shows it: `xxxx xxxx xxxx`. */
export function formatTitulo(titulo: string): string {
  return titulo.replace(/^(\d{4,5})(\d{4})(\d{4})$/, '$1 $2 $3');
}
