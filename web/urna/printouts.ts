// What the urna prints and writes, in the browser: the zerésima at the opening; at the closing every copy of the BU
// (with its QR codes), the BUJ, the BIM and the relatório biográfico, each a strip of 80 mm paper with its own
// "Imprimir" button (web/shared/paper.ts: the browser's print dialog, which also saves as PDF); and the results
// media (src/media/results-media.ts: the TSE files, signed by the urna key) as downloads — the browser's stand-in
// for the memory card the urna writes — or written into a folder where the File System Access API exists. The
// reports' content is the core's (src/urna/reports.ts); this module only lays them out.
import { signer as makeSigner } from '../../src/crypto/ed25519.ts';
import { urnaKeyPair } from '../../src/media/carga.ts';
import type { CargaContent } from '../../src/media/carga-types.ts';
import { buildResultsMedia, type MediaFile } from '../../src/media/results-media.ts';
import { printedBuQrPayloads, QR_SIGNATURE_LABEL } from '../../src/urna/printed-bu.ts';
import { foldHex } from '../../src/urna/printer.ts';
import type { ResultsPackage } from '../../src/urna/urna.ts';
import { byId, el } from '../shared/dom.ts';
import { paperStrip, paperText, printButton, qrSvg } from '../shared/paper.ts';

let mediaFiles: MediaFile[] = [];

/** The results media's file names, once closed (test hook). */
export function mediaFileNames(): string[] {
  return mediaFiles.map((f) => f.name);
}

const PRINT_HINT =
  'Cada relatório sai em papel de 80 mm. Na janela de impressão, escolha a impressora térmica ou ' +
  '"Salvar como PDF" para gravar o relatório em PDF.';

// ---------------------------------------------------------------------------------------------------- zerésima

/**
 * The zerésima as printed (the signed report's text: one line per printer line), on its strip with its "Imprimir"
 * button. At the opening, after a restart (the urna keeps the zerésima it printed) and again at the closing.
 */
export function showZeresima(text: string): void {
  const pre = byId('zeresima');
  pre.textContent = text.endsWith('\n') ? text.slice(0, -1) : text;
  pre.classList.add('paper-text');
  let strip = pre.parentElement;
  if (!strip?.classList.contains('paper')) {
    // index.html has the bare <pre> inside the mesa's <details>: it is put on its strip of paper here.
    strip = el('article', 'paper');
    strip.setAttribute('aria-label', 'Zerésima');
    pre.replaceWith(strip);
    strip.append(pre);
  }
  if (!document.getElementById('print-zeresima')) {
    const paper = strip;
    const button = printButton('print-zeresima', 'Imprimir zerésima', () => [paper], 'Imprimir zerésima');
    // Beside the <details>, not in it: the button works with the zerésima folded away.
    (strip.closest('details') ?? strip).before(button);
  }
}

// ---------------------------------------------------------------------------------------------------- closing

/** A BU copy as the urna prints it (printed-bu.ts printedBuStream): the text, each QR code, the QR signature. */
function buStrip(text: string, qrTexts: readonly string[], via: number, vias: number): HTMLElement {
  const strip = paperStrip(text, `Boletim de Urna, via ${via} de ${vias}`);
  strip.classList.add('paper-bu');
  const codes = el('div', 'qr-codes');
  qrTexts.forEach((q, i) => codes.append(qrSvg(q, `QR code ${i + 1} de ${qrTexts.length} do Boletim de Urna`)));
  strip.append(codes);
  const assi = / ASSI:([0-9A-F]+)$/.exec(qrTexts[qrTexts.length - 1] ?? '')?.[1];
  if (assi) strip.append(paperText([QR_SIGNATURE_LABEL, ...foldHex(assi)].join('\n')));
  return strip;
}

/** A report with its heading and "Imprimir" button; the strips after `shown` are folded in a <details>. */
function reportBlock(
  kind: string,
  title: string,
  printLabel: string,
  strips: HTMLElement[],
  opts: { shown?: number; more?: string } = {},
): HTMLElement {
  const block = el('section', 'report');
  block.id = `report-${kind}`;
  const head = el('div', 'report-head');
  head.append(
    el('h3', '', title),
    printButton(`print-${kind}`, printLabel, () => strips),
  );
  block.append(head);
  const shown = opts.shown ?? 0;
  for (const s of strips.slice(0, shown)) block.append(s);
  if (strips.length > shown) {
    const more = el('details', 'report-more');
    more.append(el('summary', '', opts.more ?? 'Ver o relatório'), ...strips.slice(shown));
    block.append(more);
  }
  return block;
}

/** The closing: the reports as printed and the results media. `after` is the element the closing section follows. */
export function showClosing(pkg: ResultsPackage, carga: CargaContent, after: HTMLElement): void {
  const signer = makeSigner(urnaKeyPair(carga));
  mediaFiles = buildResultsMedia(pkg, carga, signer);
  const reports = pkg.reports;
  showZeresima(reports.zeresima);
  let section = document.getElementById('closing');
  if (!section) {
    section = el('section', 'panel closing');
    section.id = 'closing';
    after.after(section);
  }

  const qrTexts = printedBuQrPayloads(carga, pkg.bu, signer);
  const vias = reports.bu.length;
  const buStrips = reports.bu.map((text, i) => buStrip(text, qrTexts, i + 1, vias));
  // The first copy's text stays in #bu-text: the BU as shown on screen.
  buStrips[0]?.querySelector('.paper-text')?.setAttribute('id', 'bu-text');
  const others = vias > 2 ? `Vias 2 a ${vias}` : 'Via 2';
  const blocks = [
    reportBlock('bu', `Boletim de Urna — ${vias} vias`, `Imprimir as ${vias} vias do Boletim de Urna`, buStrips, {
      shown: 1,
      more: others,
    }),
    reportBlock('buj', 'Boletim de Justificativa Eleitoral (BUJ)', 'Imprimir o BUJ', [
      paperStrip(reports.buj, 'Boletim de Justificativa Eleitoral'),
    ]),
    reportBlock('bim', 'Boletim de Identificação de Mesários (BIM)', 'Imprimir o BIM', [
      paperStrip(reports.bim, 'Boletim de Identificação de Mesários'),
    ]),
    reportBlock('biografica', 'Eleitores com habilitação biográfica', 'Imprimir o relatório biográfico', [
      paperStrip(reports.biografica, 'Relatório de eleitores com habilitação biográfica'),
    ]),
  ];

  section.replaceChildren(
    el('h2', '', 'Votação encerrada — Boletim de Urna e relatórios'),
    el('p', 'print-hint', PRINT_HINT),
    ...blocks,
    el('h2', '', 'Mídia de resultados'),
    ...mediaControls(),
  );
}

// ---------------------------------------------------------------------------------------------------- media

/** The links (one download each), "Baixar tudo", and "Gravar em uma pasta…" where the browser can. */
function mediaControls(): HTMLElement[] {
  const list = el('ul', 'media');
  list.id = 'media-files';
  for (const f of mediaFiles) {
    const a = el('a', 'media-file', `${f.name} (${f.bytes.byteLength} bytes)`) as HTMLAnchorElement;
    a.href = URL.createObjectURL(new Blob([f.bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
    a.download = f.name;
    a.dataset.name = f.name;
    const li = el('li', '');
    li.append(a);
    list.append(li);
  }
  const all = el('button', '', 'Baixar tudo') as HTMLButtonElement;
  all.id = 'download-all';
  all.type = 'button';
  all.addEventListener('click', () => void downloadAll(list));
  const buttons = el('div', 'media-actions');
  buttons.append(all);
  const out: HTMLElement[] = [list, buttons];
  if ('showDirectoryPicker' in window) {
    const folder = el('button', '', 'Gravar em uma pasta…') as HTMLButtonElement;
    folder.id = 'save-folder';
    folder.type = 'button';
    const status = el('div', 'save-folder-status');
    status.id = 'save-folder-status';
    status.setAttribute('role', 'status');
    folder.addEventListener('click', () => void saveToFolder(folder, status));
    buttons.append(folder);
    out.push(status);
  }
  return out;
}

/** One download after another: browsers drop clicks on download links that come too close together. */
async function downloadAll(list: HTMLElement): Promise<void> {
  for (const a of list.querySelectorAll<HTMLAnchorElement>('a[download]')) {
    a.click();
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The part of the File System Access API used here (not in TypeScript's DOM library: Chromium-only so far). */
interface DirectoryPicker {
  showDirectoryPicker(options?: { id?: string; mode?: 'read' | 'readwrite' }): Promise<FileSystemDirectoryHandle>;
}

/**
 * "Gravar em uma pasta…": the results media written into a folder the mesário picks (e.g. a flash drive). Each file
 * goes through a writable stream, which the browser writes to a temporary file and moves into place on close(): a
 * file is there whole or not at all. The signature file (-vota.vsc) is last in mediaFiles, so a folder holding it
 * holds every file it signs. On the first failure the writing stops and the message names the file.
 */
async function saveToFolder(button: HTMLButtonElement, status: HTMLElement): Promise<void> {
  let dir: FileSystemDirectoryHandle;
  try {
    dir = await (window as unknown as DirectoryPicker).showDirectoryPicker({ id: 'urna-midia', mode: 'readwrite' });
  } catch (e) {
    const cancelled = e instanceof DOMException && e.name === 'AbortError';
    showSaveStatus(
      status,
      cancelled ? 'Nenhuma pasta escolhida: nada foi gravado.' : `Pasta não aberta: ${why(e)}`,
      [],
      !cancelled,
    );
    return;
  }
  button.disabled = true;
  const written: string[] = [];
  try {
    for (const f of mediaFiles) {
      let writable: FileSystemWritableFileStream | undefined;
      try {
        const handle = await dir.getFileHandle(f.name, { create: true });
        writable = await handle.createWritable();
        await writable.write(f.bytes as Uint8Array<ArrayBuffer>);
        await writable.close();
      } catch (e) {
        // The temporary file of an unfinished write is dropped; the folder keeps what was there before.
        await writable?.abort().catch(() => undefined);
        const done = written.length > 0 ? ` Gravados antes da falha: ${written.length} de ${mediaFiles.length}.` : '';
        showSaveStatus(
          status,
          `Falha ao gravar o arquivo ${f.name} na pasta "${dir.name}": ${why(e)}.${done}`,
          written,
          true,
        );
        return;
      }
      written.push(`${f.name} (${f.bytes.byteLength} bytes)`);
    }
    showSaveStatus(
      status,
      `Mídia de resultados gravada na pasta "${dir.name}": ${written.length} arquivos.`,
      written,
      false,
    );
  } finally {
    button.disabled = false;
  }
}

function why(e: unknown): string {
  if (e instanceof DOMException) {
    const names: Record<string, string> = {
      QuotaExceededError: 'não há espaço livre',
      NotAllowedError: 'sem permissão de escrita',
      NoModificationAllowedError: 'o arquivo está bloqueado para escrita',
      InvalidModificationError: 'o arquivo foi modificado durante a gravação',
      NotFoundError: 'a pasta não existe mais',
    };
    return names[e.name] ?? (e.message || e.name);
  }
  return e instanceof Error ? e.message : String(e);
}

function showSaveStatus(status: HTMLElement, message: string, written: readonly string[], failed: boolean): void {
  status.classList.toggle('problems', failed);
  status.setAttribute('role', failed ? 'alert' : 'status');
  const list = el('ul', 'saved-files');
  list.id = 'saved-files';
  for (const w of written) list.append(el('li', '', w));
  status.replaceChildren(el('p', '', message), ...(written.length > 0 ? [list] : []));
}
