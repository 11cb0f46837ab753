// One entry point for any file an auditor downloads from the TSE (or our urna writes): name + bytes → what it is,
// which version, and the decoded value; or Problems naming the file, the place and what was expected.
// The content decides kind and version when it can be read (detect.ts; the Carga for V1/V2); the name fills in
// what the content cannot tell (signature files look the same in V1 and V2) and any disagreement between the two
// is reported in `notes` (e.g. a `.bu` name over V2 content, or a name for seção 0002 over a BU of seção 0003).
// `.logjez` / `-log.jez` are recognised and handed back undecoded (7-Zip + LZMA: src/tse/logjez.ts); `.imgbu`
// envelopes are decoded and their printer stream (`conteudo`) handed back for src/tse/imgbu.ts.
import { DEFAULT_MAX_BYTES, type DecodeOptions } from './ber.ts';
import type {
  EntidadeAssinaturaEcourna,
  EntidadeAssinaturaResultado,
  EntidadeBoletimUrnaV1,
  EntidadeBoletimUrnaV2,
  EntidadeEnvelopeGenerico,
  EntidadeResultadoRDVV1,
  EntidadeResultadoRDVV2,
  Version,
} from './asn1-types.ts';
import { decodeBoletimUrna } from './bu-codec.ts';
import { detectFile, type Detection, type NameInfo } from './detect.ts';
import { cargaVersion, conteudoOffset, decodeEnvelope, decodeInner } from './envelope.ts';
import { decodeResultadoRDV, readResultadoRDV } from './rdv-codec.ts';
import { decodeSignatureFile } from './signature-file.ts';
import type { Problem, Result } from '../election/problem.ts';

interface Base {
  /** Name/content disagreements worth reporting; empty when both agree. */
  notes: string[];
  detection: Detection;
}

export type DecodedFile =
  | (Base & { kind: 'bu'; version: 'v1'; envelope: EntidadeEnvelopeGenerico; value: EntidadeBoletimUrnaV1 })
  | (Base & { kind: 'bu'; version: 'v2'; envelope: EntidadeEnvelopeGenerico; value: EntidadeBoletimUrnaV2 })
  | (Base & { kind: 'rdv'; version: 'v1'; envelope?: EntidadeEnvelopeGenerico; value: EntidadeResultadoRDVV1 })
  | (Base & { kind: 'rdv'; version: 'v2'; envelope?: EntidadeEnvelopeGenerico; value: EntidadeResultadoRDVV2 })
  | (Base & { kind: 'assinatura'; version: 'v1'; value: EntidadeAssinaturaResultado })
  | (Base & { kind: 'assinatura'; version: 'v2'; value: EntidadeAssinaturaEcourna })
  /** The printed BU: the envelope decoded; `value` = its conteudo, the printer stream (src/tse/imgbu.ts). */
  | (Base & {
      kind: 'imgbu-envelope';
      version: Version | 'unknown';
      envelope: EntidadeEnvelopeGenerico;
      value: Uint8Array;
    })
  /** Any other envelope (e.g. envelopeImagemBiometria): `value` = conteudo, undecoded. */
  | (Base & { kind: 'envelope'; version: Version | 'unknown'; envelope: EntidadeEnvelopeGenerico; value: Uint8Array })
  /** A 7-Zip log (.logjez / -log.jez), undecoded here: src/tse/logjez.ts reads it. */
  | (Base & { kind: 'log'; version: Version | 'unknown'; value: Uint8Array });

const problem = (file: string, path: string, expected: string, found: string): Result<never> => ({
  ok: false,
  problems: [{ file, path, expected, found }],
});

/** Notes where the name's seção/pleito/fase/version disagree with the decoded content. */
function compareWithName(
  byName: NameInfo | null,
  version: Version,
  fields: { fase: string; pleito?: number; municipio: number; zona: number; secao: number },
): string[] {
  if (!byName) return [];
  const notes: string[] = [];
  if (byName.version !== version)
    notes.push(`the name is a ${byName.version} name (.${byName.suffix}) but the content is ${version}`);
  if (byName.fase !== undefined && byName.fase !== fields.fase)
    notes.push(`the name says fase ${byName.fase}, the content ${fields.fase}`);
  if (byName.pleito !== undefined && fields.pleito !== undefined && byName.pleito !== fields.pleito) {
    notes.push(`the name says pleito ${byName.pleito}, the content ${fields.pleito}`);
  }
  for (const k of ['municipio', 'zona', 'secao'] as const) {
    if (byName[k] !== undefined && byName[k] !== fields[k])
      notes.push(`the name says ${k} ${byName[k]}, the content ${fields[k]}`);
  }
  return notes;
}

/**
 * Decodes any TSE result file by name and content. Never throws; a bad file gives Problems with the file name,
 * the ASN.1 path and byte offset, what was expected and what was found.
 */
export function decodeFile(name: string, bytes: Uint8Array, opts: DecodeOptions = {}): Result<DecodedFile> {
  const file = name;
  if (!(bytes instanceof Uint8Array)) return problem(file, '(whole file)', 'bytes (a Uint8Array)', typeof bytes);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes)
    return problem(file, '(whole file)', `a file of at most ${maxBytes} bytes`, `${bytes.length} bytes (oversized)`);
  if (bytes.length === 0) return problem(file, '(whole file)', 'a TSE file', 'an empty file');
  const detection = detectFile(name, bytes);
  const base: Base = { notes: [...detection.notes], detection };
  const byName = detection.byName;

  // An RDV can also come inside an envelope (tipoEnvelope envelopeRegistroDigitalVoto).
  const enveloped = detection.byContent.kind === 'envelope';
  switch (enveloped ? 'envelope' : detection.kind) {
    case 'bu':
    case 'imgbu':
    case 'envelope': {
      const env = decodeEnvelope(bytes, file, opts);
      if (!env.ok) return env;
      const envelope = env.value;
      if (envelope.tipoEnvelope === 'envelopeBoletimUrna') {
        if (envelope.seguranca !== undefined) {
          return problem(
            file,
            'EntidadeEnvelopeGenerico.seguranca',
            'a BU in clear (no seguranca)',
            'an encrypted conteudo (CEPESC)',
          );
        }
        const bu = decodeBoletimUrna(
          envelope.conteudo,
          file,
          opts,
          conteudoOffset(envelope),
          'EntidadeEnvelopeGenerico.conteudo:EntidadeBoletimUrna',
        );
        if (!bu.ok) return bu;
        const b = bu.value.bu;
        const s = b.identificacaoSecao;
        base.notes.push(
          ...compareWithName(byName, bu.value.version, {
            fase: b.fase,
            pleito: b.cabecalho.idEleitoral.idPleito,
            municipio: s.municipioZona.municipio,
            zona: s.municipioZona.zona,
            secao: s.secao,
          }),
        );
        return bu.value.version === 'v1'
          ? { ok: true, value: { ...base, kind: 'bu', version: 'v1', envelope, value: bu.value.bu } }
          : { ok: true, value: { ...base, kind: 'bu', version: 'v2', envelope, value: bu.value.bu } };
      }
      if (envelope.tipoEnvelope === 'envelopeRegistroDigitalVoto') {
        const rdv = decodeInner(
          envelope.conteudo,
          file,
          'EntidadeEnvelopeGenerico.conteudo:EntidadeResultadoRDV',
          conteudoOffset(envelope),
          readResultadoRDV,
          opts,
        );
        if (!rdv.ok) return rdv;
        return rdv.value.version === 'v1'
          ? { ok: true, value: { ...base, kind: 'rdv', version: 'v1', envelope, value: rdv.value.rdv } }
          : { ok: true, value: { ...base, kind: 'rdv', version: 'v2', envelope, value: rdv.value.rdv } };
      }
      const version: Version | 'unknown' = envelope.urna
        ? cargaVersion(envelope.urna.correspondenciaResultado.carga)
        : (byName?.version ?? 'unknown');
      if (byName && envelope.urna && byName.version !== version) {
        base.notes.push(`the name is a ${byName.version} name (.${byName.suffix}) but the content is ${version}`);
      }
      const kind = envelope.tipoEnvelope === 'envelopeBoletimUrnaImpresso' ? 'imgbu-envelope' : 'envelope';
      return { ok: true, value: { ...base, kind, version, envelope, value: envelope.conteudo } };
    }
    case 'rdv': {
      const rdv = decodeResultadoRDV(bytes, file, opts);
      if (!rdv.ok) return rdv;
      const v = rdv.value.rdv.rdv;
      base.notes.push(
        ...compareWithName(byName, rdv.value.version, {
          fase: v.fase,
          pleito: v.pleito,
          municipio: v.identificacao.municipioZona.municipio,
          zona: v.identificacao.municipioZona.zona,
          secao: v.identificacao.secao,
        }),
      );
      return rdv.value.version === 'v1'
        ? { ok: true, value: { ...base, kind: 'rdv', version: 'v1', value: rdv.value.rdv } }
        : { ok: true, value: { ...base, kind: 'rdv', version: 'v2', value: rdv.value.rdv } };
    }
    case 'assinatura': {
      const sig = decodeSignatureFile(bytes, file, { ...opts, version: byName?.version });
      if (!sig.ok) return sig;
      return sig.value.version === 'v1'
        ? { ok: true, value: { ...base, kind: 'assinatura', version: 'v1', value: sig.value.value } }
        : { ok: true, value: { ...base, kind: 'assinatura', version: 'v2', value: sig.value.value } };
    }
    case 'log': {
      if (detection.byContent.kind !== 'log') {
        return problem(
          file,
          '(start of file)',
          'a 7-Zip archive (37 7A BC AF 27 1C), as a .logjez / -log.jez is',
          detection.byContent.reason,
        );
      }
      return { ok: true, value: { ...base, kind: 'log', version: byName?.version ?? 'unknown', value: bytes } };
    }
    case 'other': {
      const suffix = byName?.suffix ?? '?';
      const p: Problem = {
        file,
        path: '(file name)',
        expected: 'a BU, RDV, signature file, printed BU (imgbu) or log',
        found: `a .${suffix} file, a TSE file kind this decoder does not read`,
      };
      return { ok: false, problems: [p] };
    }
    default:
      return problem(
        file,
        '(start of file)',
        'a TSE result file: BU, RDV, signature file, printed BU or log (by name: .bu/-bu.dat, .rdv/-rdv.dat, .vscmr/-vota.vsc, .imgbu/-imgbu.dat, .logjez/-log.jez; or by content)',
        `an unrecognised name and content (${detection.byContent.reason})`,
      );
  }
}
