// What the urna prints and writes, in the browser: the zerésima at the opening; at the closing the BU and the other
// reports, and the results media (src/media/results-media.ts: the TSE files, signed by the urna key) offered as
// downloads — the browser's stand-in for the memory card the urna writes. The reports' content is the core's
// (src/urna/reports.ts); this module only lays them out.
import { signer as makeSigner } from '../../src/crypto/ed25519.ts';
import { urnaKeyPair } from '../../src/media/carga.ts';
import type { CargaContent } from '../../src/media/carga-types.ts';
import { buildResultsMedia, type MediaFile } from '../../src/media/results-media.ts';
import type { ResultsPackage } from '../../src/urna/urna.ts';
import { byId, el } from '../shared/dom.ts';

let mediaFiles: MediaFile[] = [];

/** The results media's file names, once closed (test hook). */
export function mediaFileNames(): string[] {
  return mediaFiles.map((f) => f.name);
}

/** The zerésima as printed at the opening (or a note that it was printed before a restart). */
export function showZeresima(text: string): void {
  byId('zeresima').textContent = text;
}

/** The closing: the BU as printed and the results media. `after` is the element the closing section follows. */
export function showClosing(pkg: ResultsPackage, carga: CargaContent, after: HTMLElement): void {
  mediaFiles = buildResultsMedia(pkg, carga, makeSigner(urnaKeyPair(carga)));
  let section = document.getElementById('closing');
  if (!section) {
    section = el('section', 'panel closing');
    section.id = 'closing';
    after.after(section);
  }
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
  const bu = el('pre', 'bu-text', pkg.reports.bu[0] ?? '');
  bu.id = 'bu-text';
  section.replaceChildren(
    el('h2', '', 'Votação encerrada — Boletim de Urna'),
    bu,
    el('h2', '', 'Mídia de resultados'),
    list,
    all,
  );
}

/** One download after another: browsers drop clicks on download links that come too close together. */
async function downloadAll(list: HTMLElement): Promise<void> {
  for (const a of list.querySelectorAll<HTMLAnchorElement>('a[download]')) {
    a.click();
    await new Promise((r) => setTimeout(r, 300));
  }
}
