// How the focused control was reached: with Tab (keyboard navigation) or by a click. The pages' Enter is the
// keypad's CONFIRMA, except on a control reached with Tab, where Enter activates that control as everywhere else
// (keyboard-only use). Not :focus-visible: Chromium turns it on for a clicked button as soon as any key is typed,
// so the digits of a vote would make the Enter that follows click that button again instead of confirming.

let tabbed = false;
let wired = false;

/** Starts tracking (once per page). */
export function trackTabbedFocus(): void {
  if (wired) return;
  wired = true;
  document.addEventListener(
    'keydown',
    (e) => {
      if (e.key === 'Tab') tabbed = true;
    },
    true,
  );
  document.addEventListener(
    'pointerdown',
    () => {
      tabbed = false;
    },
    true,
  );
}

/** Enter on `target` belongs to the control (a button, link or summary reached with Tab), not to the keypad. */
export function enterActivatesControl(e: KeyboardEvent, target: HTMLElement | null): boolean {
  return e.key === 'Enter' && tabbed && !!target?.closest('button, a, summary');
}
