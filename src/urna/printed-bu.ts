// The printed Boletim de Urna as the TSE keeps it: the `-imgbu.dat` file (TSE-FORMATS.md §7.1), an envelope
// (tipoEnvelope 4, with `urna`) around the printer byte stream — the BU text as printed, in Latin-1, one raster block
// per QR code, and the `ASSINATURA QR CODE:` block with the QR signature (ASSI) in hex.
//
// Our QR codes (src/tse/qr-payload.ts): VRQR 6.0, the 2026 layout (it carries HIQT/HICA, the V2 BU's
// historicoCodigosCarga), ASSI = Ed25519 by the urna's key from the carga over the 64 raw bytes of the final HASH.
// The TSE's 6.0 ASSI is an Ed521/ECDSA-P521 hardware signature with the certificate in extra QRCE codes; we print no
// QRCE codes (our certificate is not X.509; docs/TSE-COMPATIBILITY.md). Fields the BU does not hold: PROC = the pleito
// (our elections have no separate processo eleitoral number), TURN = the carga's round, DTPL = the election date.
import type { Signer } from '../crypto/ed25519.ts';
import type { Result } from '../election/problem.ts';
import type { CargaContent } from '../media/carga-types.ts';
import { qrModules } from '../qr/write.ts';
import { withBorder } from '../qr/raster.ts';
import { buV2FromModel } from '../tse/bu-codec.ts';
import { encodeEnvelope } from '../tse/envelope.ts';
import { buildPrinterStream, RASTER_BORDER, type PrinterItem } from '../tse/imgbu.ts';
import { buildQrPayloads, type QrBuildContext } from '../tse/qr-payload.ts';
import type { BoletimUrna } from './model.ts';
import { PAPER_WIDTH } from './printer.ts';

/** Printer dots per QR module, as in every TSE sample. */
export const QR_SCALE = 4;
export const QR_SIGNATURE_LABEL = 'ASSINATURA QR CODE:';

/** What our urna puts in its QR codes beside the BU (module comment). */
export function qrContextFor(carga: CargaContent): QrBuildContext {
  const ctx: QrBuildContext = {
    VRQR: '6.0',
    processo: carga.election.pleito,
    turno: carga.election.round,
    uf: carga.secao.uf,
    dataPleito: carga.election.date.replaceAll('-', ''),
  };
  if (carga.secao.aggregated.length > 0) ctx.agregadas = carga.secao.aggregated;
  return ctx;
}

/** The texts of the BU's QR codes, signed (ASSI) with the urna key. */
export function printedBuQrPayloads(carga: CargaContent, bu: BoletimUrna, signer: Signer): string[] {
  return buildQrPayloads(bu, qrContextFor(carga), signer);
}

// Typographic characters that have a plain Latin-1 stand-in (the printer has only Latin-1 glyphs).
const STAND_IN: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u00a0': ' ',
  '\u2022': '*',
};

/**
 * `text` with every character in Latin-1 (U+0020–U+00FF, plus \n): typographic stand-ins, then accents dropped from
 * letters Latin-1 lacks (ŁĘ… keep their base letter), anything else `?`. Tabs become a space, other controls `?`.
 */
export function toLatin1(text: string): string {
  if (!/[^\n\x20-\x7e\xa1-\xff]/.test(text)) return text;
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const c = ch.codePointAt(0)!;
    if (ch === '\n' || (c >= 0x20 && c <= 0x7e) || (c >= 0xa1 && c <= 0xff)) out += ch;
    else if (ch === '\t') out += ' ';
    else if (STAND_IN[ch] !== undefined) out += STAND_IN[ch];
    else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += base.length > 0 && [...base].every((b) => b.charCodeAt(0) >= 0x20 && b.charCodeAt(0) <= 0xff) ? base : '?';
    }
  }
  return out;
}

/**
 * The printer stream of the printed BU: `text` (one copy as printed, made Latin-1), each QR code as a raster block
 * (2-module border, scale 4, EC level L), then the QR signature in hex under `ASSINATURA QR CODE:`.
 */
export function printedBuStream(text: string, qrTexts: readonly string[]): Uint8Array {
  const items: PrinterItem[] = [];
  const lines = toLatin1(text).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const l of lines) items.push({ text: l });
  items.push({ text: '' });
  for (const q of qrTexts) {
    const m = withBorder(qrModules(q, { ecLevel: 'L' }), RASTER_BORDER);
    items.push({ raster: { width: m.size, scale: QR_SCALE, modules: m.modules } });
    items.push({ text: '' });
  }
  const assi = / ASSI:([0-9A-F]+)$/.exec(qrTexts[qrTexts.length - 1] ?? '')?.[1];
  if (assi) {
    items.push({ text: QR_SIGNATURE_LABEL });
    for (let i = 0; i < assi.length; i += PAPER_WIDTH) items.push({ text: assi.slice(i, i + PAPER_WIDTH) });
    items.push({ text: '' });
  }
  return buildPrinterStream(items);
}

/**
 * The `-imgbu.dat` bytes: an EntidadeEnvelopeGenerico (tipoEnvelope envelopeBoletimUrnaImpresso, with `urna`, the
 * BU's cabecalho, fase and seção) whose conteudo is printedBuStream(text, QR codes of `bu` signed by `signer`).
 */
export function encodePrintedBu(
  carga: CargaContent,
  bu: BoletimUrna,
  text: string,
  signer: Signer,
  file = 'imgbu',
): Result<Uint8Array> {
  const tse = buV2FromModel(bu, file);
  if (!tse.ok) return tse;
  const conteudo = printedBuStream(text, printedBuQrPayloads(carga, bu, signer));
  return encodeEnvelope(
    {
      cabecalho: { dataGeracao: bu.dataHoraEmissao, idEleitoral: { idPleito: bu.cabecalho.idPleito } },
      fase: tse.value.fase,
      urna: tse.value.urna,
      identificacao: { identificacaoSecaoEleitoral: tse.value.identificacaoSecao },
      tipoEnvelope: 'envelopeBoletimUrnaImpresso',
      conteudo,
    },
    file,
  );
}
