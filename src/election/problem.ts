// A problem found in something that came from outside: which file, where in it, what was expected, what was found.
// Every boundary (definition, carga, results media, seats input) reports its problems in this one shape, so the CLI
// prints them the same way and exits non-zero.

export interface Problem {
  file: string;
  /** Where in the file: a JSON path like `contests[2].candidates[0].party`, a field name, or a line number. */
  path: string;
  expected: string;
  found: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export function formatProblem(p: Problem): string {
  return `${p.file}: ${p.path || '(top)'}: expected ${p.expected}, found ${p.found}`;
}
