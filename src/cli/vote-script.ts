// The vote script `urna vote --script FILE` reads: one line per event at the seção, as the mesário and the voter
// would do it. Blank lines and `#` comments are ignored.
//
//   <título> [identification…] <keys…>      a voter: identified, released, typing on the keypad
//   JUSTIFICA <título> <reason…>             a voter from elsewhere justifies the absence
//
// identification: `bio` (fingerprint recognised), `bio-falha` (one failed attempt; after 4 the year of birth is
// asked), `ano:YYYY` (year of birth). keys: digits (`13` = 1 then 3), BRANCO, CORRIGE, CONFIRMA; `CANCELA` = the
// mesário cancels the vote the voter did not finish.
import { KEYS, type Key } from '../urna/ballot-types.ts';
import type { Problem } from '../election/problem.ts';

export type ScriptStep =
  | { kind: 'fingerprint'; matches: boolean }
  | { kind: 'year'; year: string }
  | { kind: 'key'; key: Key }
  | { kind: 'cancel' };

export type ScriptLine =
  | { kind: 'voter'; line: number; titulo: string; steps: ScriptStep[] }
  | { kind: 'justify'; line: number; titulo: string; reason: string };

export function parseVoteScript(text: string, file: string): { lines: ScriptLine[]; problems: Problem[] } {
  const lines: ScriptLine[] = [];
  const problems: Problem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const tokens = raw.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
    if (tokens.length === 0) return;
    const bad = (expected: string, found: string): void =>
      void problems.push({ file, path: `line ${line}`, expected, found });
    if (tokens[0]!.toUpperCase() === 'JUSTIFICA') {
      if (tokens.length < 3) return bad('JUSTIFICA <título> <reason>', raw.trim());
      lines.push({ kind: 'justify', line, titulo: tokens[1]!, reason: tokens.slice(2).join(' ') });
      return;
    }
    const [titulo, ...rest] = tokens as [string, ...string[]];
    if (!/^\d{12,13}$/.test(titulo)) return bad('a título (12 digits) or JUSTIFICA', titulo);
    const steps: ScriptStep[] = [];
    for (const t of rest) {
      const upper = t.toUpperCase();
      if (upper === 'BIO') steps.push({ kind: 'fingerprint', matches: true });
      else if (upper === 'BIO-FALHA') steps.push({ kind: 'fingerprint', matches: false });
      else if (/^ANO:\d{4}$/i.test(t)) steps.push({ kind: 'year', year: t.slice(4) });
      else if (upper === 'CANCELA') steps.push({ kind: 'cancel' });
      else if (/^\d+$/.test(t)) for (const d of t) steps.push({ kind: 'key', key: d as Key });
      else if ((KEYS as readonly string[]).includes(upper)) steps.push({ kind: 'key', key: upper as Key });
      else bad('bio, bio-falha, ano:YYYY, digits, BRANCO, CORRIGE, CONFIRMA or CANCELA', t);
    }
    lines.push({ kind: 'voter', line, titulo, steps });
  });
  return { lines, problems };
}
