// The urna's thermal printer in the browser: a report as a strip of 80 mm paper (48 monospace columns on the ~72 mm
// the print head reaches, src/urna/printer.ts PAPER_WIDTH), QR codes drawn as inline SVG at the printer's module
// size, and printing one chosen report through the browser's print dialog, whose "Salvar como PDF" gives an 80 mm PDF.
//
// Printing: the chosen strips are cloned into #print-area, a body child that only print media shows (print.css);
// everything else on the page is hidden there. The page is a named @page (`urna-80mm`, 80 mm wide, no margins, so
// no browser header or footer); its height is set to the tallest strip just before printing, so that a report comes
// out as one continuous receipt instead of being cut into A4-long pieces. The pages' CSP allows this: it forbids
// style attributes in markup and inline <style>, not CSSOM changes from a script of 'self'.
import { qrModules } from '../../src/qr/write.ts';
import { QR_SCALE } from '../../src/urna/printed-bu.ts';
import { el } from './dom.ts';

/** The roll's width, and what the head prints of it (576 dots at 8 dots/mm). */
export const PAPER_MM = 80;
export const PRINTABLE_MM = 72;
/** 203 dpi, the thermal printers' usual resolution. */
const DOTS_PER_MM = 8;
/** A QR module as the urna prints it: QR_SCALE printer dots (0.5 mm); phones read 0.35 mm and up. */
export const QR_MODULE_MM = QR_SCALE / DOTS_PER_MM;
export const QR_MIN_MODULE_MM = 0.35;
/** White modules around each symbol: the 4 the QR standard asks for. */
export const QR_QUIET_ZONE = 4;
/** On screen a module is a whole number of CSS pixels, so that no module is drawn a pixel narrower than another. */
const SCREEN_PX_PER_MODULE = 2;
/** The named page of print.css; its height is set per print job. */
const PAGE_NAME = 'urna-80mm';
/** Chromium's PDF pages stop at 200 in (5080 mm); a longer strip flows on to a second page. */
const MAX_PAGE_MM = 5000;
const SVG_NS = 'http://www.w3.org/2000/svg';

/** A report as printed: `text` (lines of at most 48 columns) on a strip of paper. */
export function paperStrip(text: string, label: string): HTMLElement {
  const strip = el('article', 'paper');
  strip.setAttribute('aria-label', label);
  strip.append(paperText(text));
  return strip;
}

/** Lines of the report on the paper (monospace, never wrapped: each line is a printer line). */
export function paperText(text: string): HTMLElement {
  return el('pre', 'paper-text', text.endsWith('\n') ? text.slice(0, -1) : text);
}

/** The module size (mm) at which a symbol of `size` modules is printed: the urna's, smaller only if it must fit. */
export function qrModuleMm(size: number): number {
  return Math.min(QR_MODULE_MM, PRINTABLE_MM / (size + 2 * QR_QUIET_ZONE));
}

/**
 * A QR code as inline SVG: error correction L (as printed-bu.ts and the TSE), black modules on white with the quiet
 * zone, crisp edges. Printed at qrModuleMm per module; on screen at whole pixels per module.
 */
export function qrSvg(text: string, label: string): SVGSVGElement {
  const m = qrModules(text, { ecLevel: 'L' });
  const side = m.size + 2 * QR_QUIET_ZONE;
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${side} ${side}`);
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('class', 'qr');
  // The printed size (mm) and the screen size (px), picked by print.css per medium; set through the CSSOM (the CSP
  // refuses style attributes written as markup).
  svg.style.setProperty('--qr-print', `${(side * qrModuleMm(m.size)).toFixed(3)}mm`);
  svg.style.setProperty('--qr-screen', `${side * SCREEN_PX_PER_MODULE}px`);
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', String(side));
  bg.setAttribute('height', String(side));
  bg.setAttribute('fill', '#fff');
  // One path, a rectangle per horizontal run of black modules: a few hundred path commands instead of thousands.
  let d = '';
  for (let y = 0; y < m.size; y++) {
    let x = 0;
    while (x < m.size) {
      if (!m.modules[y * m.size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < m.size && m.modules[y * m.size + x]) x++;
      d += `M${start + QR_QUIET_ZONE} ${y + QR_QUIET_ZONE}h${x - start}v1h${start - x}z`;
    }
  }
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.append(bg, path);
  return svg;
}

// ---------------------------------------------------------------------------------------------------- printing

function printArea(): HTMLElement {
  let area = document.getElementById('print-area');
  if (!area) {
    area = el('div', 'print-area');
    area.id = 'print-area';
    area.setAttribute('aria-hidden', 'true');
    document.body.append(area);
  }
  return area;
}

/** The named @page rule of print.css, if the sheet is there. */
function pageRule(): CSSPageRule | undefined {
  for (const sheet of document.styleSheets) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue;
    }
    for (const r of rules) if (r instanceof CSSPageRule && r.selectorText === PAGE_NAME) return r;
  }
  return undefined;
}

let cleanupWired = false;

/** Back to the screen after the print dialog closes (printed, saved as PDF, or cancelled). */
export function endPrinting(): void {
  document.body.classList.remove('printing');
  delete document.body.dataset.printing;
  printArea().replaceChildren();
}

/**
 * Makes `strips` (each one page of roll) the only thing print media shows, the page as long as the longest of
 * them; `what` names the job (body[data-printing], for the tests and the style sheet). Does not open the dialog.
 */
export function preparePrint(strips: readonly HTMLElement[], what: string): void {
  const area = printArea();
  area.replaceChildren(
    ...strips.map((s) => {
      const c = s.cloneNode(true) as HTMLElement;
      // The copies must not take the originals' ids (#bu-text stays unique).
      c.removeAttribute('id');
      for (const e of c.querySelectorAll('[id]')) e.removeAttribute('id');
      return c;
    }),
  );
  document.body.classList.add('printing');
  document.body.dataset.printing = what;
  // On screen #print-area is laid out off-screen while printing (print.css), so each copy can be measured.
  const tallest = Math.max(0, ...[...area.children].map((c) => c.getBoundingClientRect().height));
  const mm = Math.min(MAX_PAGE_MM, Math.ceil((tallest * 25.4) / 96) + 1);
  const rule = pageRule();
  if (rule && tallest > 0) rule.style.setProperty('size', `${PAPER_MM}mm ${mm}mm`);
  if (!cleanupWired) {
    cleanupWired = true;
    window.addEventListener('afterprint', endPrinting);
  }
}

/** Prints `strips` on 80 mm paper through the browser's dialog (where "Salvar como PDF" is one of the printers). */
export function printStrips(strips: readonly HTMLElement[], what: string): void {
  preparePrint(strips, what);
  window.print();
}

/** A button "Imprimir" (or `text`) that prints what `strips()` returns at the time of the click. */
export function printButton(id: string, label: string, strips: () => HTMLElement[], text = 'Imprimir'): HTMLElement {
  const b = el('button', 'print-button', text) as HTMLButtonElement;
  b.id = id;
  b.type = 'button';
  b.setAttribute('aria-label', label);
  b.addEventListener('click', () => printStrips(strips(), id.replace(/^print-/, '')));
  return b;
}
