// The result of an operation the mesário or the voter asked for. Expected refusals (too early, voter already voted,
// wrong key…) are values, never exceptions: the terminal shows `message` (pt-BR, as the real urna's screens say it)
// and tests match on `code`, which stays stable when the wording changes.

export interface Refusal {
  /** Stable, kebab-case: 'too-early', 'already-voted', … */
  code: string;
  /** pt-BR text for the terminal / urna screen. */
  message: string;
}

export type Outcome<T = void> = { ok: true; value: T } | { ok: false; error: Refusal };

export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export const OK_VOID: Outcome<void> = Object.freeze({ ok: true, value: undefined }) as Outcome<void>;

export function refuse<T = never>(code: string, message: string): Outcome<T> {
  return { ok: false, error: { code, message } };
}
