// The auditor's commands, for files that come from outside (the TSE's or our urna's):
//   urna inspect FILE [--json]                         a readable dump of any supported file
//   urna verify PATH… [--ca DIR] [--election-key K] [--qr-key K] [--json]
//                                                      every check, a table file | check | status | detail
//   urna retotalize PATH… [--json]                     totals per eleição, cargo and candidate over real BUs
//   urna qr read IMAGE…                                QR texts from photos/scans (PNG/JPEG) or .imgbu files
//   urna qr verify TEXT|FILE… [--key K] [--cert F] [--bu F]  parse, join, hash chain, ASSI, BU comparison
// Exit codes: 2 bad input (a path that does not exist, a bad option), 3 when a check fails (cannot-check does not).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import {
  checkQrTexts,
  parseUrnaCertificate,
  urnaCertificateBytes,
  type Check,
  type ElectionKey,
} from '../../audit/checks.ts';
import { retotalizePaths } from '../../audit/retotalize-node.ts';
import type { Retotalization } from '../../audit/retotalize.ts';
import { loadCaCerts, verifyPaths, type VerifyReport } from '../../audit/verify-folder.ts';
import { formatProblem, type Problem } from '../../election/problem.ts';
import { parseCertificate } from '../../crypto/x509.ts';
import { parseKeyFile } from '../../media/setup.ts';
import { readQrFromImage, readQrFromModules } from '../../qr/read.ts';
import { codigoCargoNumber } from '../../tse/bu-codec.ts';
import { hexUpper } from '../../tse/ber.ts';
import { decodeFile, type DecodedFile } from '../../tse/decode-file.ts';
import { parsePrinterStream, printedQrSignature } from '../../tse/imgbu.ts';
import { readLogJez, summarizeLog } from '../../tse/logjez.ts';
import { checkQrHashChain, joinQrSymbols, parseQrContent } from '../../tse/qr-payload.ts';
import type { EntidadeAssinatura, EntidadeBoletimUrna } from '../../tse/asn1-types.ts';
import { progress } from '../progress.ts';
import { CliError, EXIT_REFUSED, printProblems } from '../problems.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The TSE's CA certificates when the shared reference folder is beside the repository (never copied into it). */
function defaultCaDir(): string | undefined {
  for (const d of [resolve('../shared/tse/spec/certs'), join(REPO, '..', 'shared', 'tse', 'spec', 'certs')]) {
    if (existsSync(d)) return d;
  }
  return undefined;
}

const out = (s: string): void => void process.stdout.write(s);

/** JSON with bytes as upper-case hex (decoded TSE values hold Uint8Arrays). */
function toJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x instanceof Uint8Array ? hexUpper(x) : x), 2) + '\n';
}

function readInput(path: string): Uint8Array {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) throw new CliError(`${path}: no such file`);
  if (!st.isFile()) throw new CliError(`${path}: not a file`);
  return new Uint8Array(readFileSync(path));
}

function decodeOrThrow(path: string): DecodedFile {
  const d = decodeFile(path, readInput(path));
  if (!d.ok) throw new CliError(`${path}: not a readable TSE file`, d.problems);
  return d.value;
}

// ---------------------------------------------------------------------------------------------------------------
// inspect

function describeBu(bu: EntidadeBoletimUrna, version: string): string {
  const s = bu.identificacaoSecao;
  const carga = bu.urna.correspondenciaResultado.carga;
  const lines = [
    `BU ${version} — fase ${bu.fase}, pleito ${bu.cabecalho.idEleitoral.idPleito ?? '?'}, gerado ${bu.cabecalho.dataGeracao}, emitido ${bu.dataHoraEmissao}`,
    `seção ${s.municipioZona.municipio}/${s.municipioZona.zona}/${s.secao} (local ${s.local}); urna ${bu.urna.tipoUrna}, ${bu.urna.versaoVotacao}`,
    `carga: urna nº ${carga.numeroInternoUrna}, código ${carga.codigoCarga}, ${carga.dataHoraCarga}`,
  ];
  if ('qtdEleitoresCompareceram' in bu) lines.push(`comparecimento: ${bu.qtdEleitoresCompareceram}`);
  for (const e of bu.resultadosVotacaoPorEleicao) {
    lines.push(`eleição ${e.idEleicao}: ${e.qtdEleitoresAptos} aptos`);
    for (const rv of e.resultadosVotacao) {
      for (const c of rv.totaisVotosCargo) {
        const votes = c.votosVotaveis.map((t) => {
          const id = t.identificacaoVotavel;
          const who =
            t.tipoVoto === 'nominal'
              ? `${id?.codigo}`
              : t.tipoVoto === 'legenda'
                ? `legenda ${id?.partido}`
                : t.tipoVoto;
          return `${who}=${t.quantidadeVotos}`;
        });
        lines.push(
          `  cargo ${codigoCargoNumber(c.codigoCargo)} (${rv.tipoCargo}, comparecimento ${rv.qtdComparecimento}): ${votes.join(', ')}`,
        );
      }
    }
  }
  return lines.join('\n') + '\n';
}

function describeSignatureSet(label: string, a: EntidadeAssinatura): string[] {
  const auto = a.autoAssinado;
  const lines = [
    `${label}: ${auto.algoritmoAssinatura.algoritmo} ${auto.algoritmoAssinatura.bits} bits, user ${auto.usuario.nomeUsuario} (${auto.usuario.serial}), created ${a.dataHoraCriacao}`,
  ];
  const ours = urnaCertificateBytes(a.certificadoDigital);
  if (ours) {
    const c = parseUrnaCertificate(ours, 'certificadoDigital');
    lines.push(
      c.ok
        ? `  certificate (ours, JSON): ${c.value.certificate.subject}, urna key ${c.value.keyId}, issuer ${c.value.certificate.issuer} (key ${c.value.certificate.issuerKeyId})`
        : `  certificate (JSON): unreadable (${formatProblem(c.problems[0]!)})`,
    );
  } else if (a.certificadoDigital) {
    const c = parseCertificate(a.certificadoDigital, 'certificadoDigital');
    lines.push(
      c.ok
        ? `  certificate: ${c.value.subject.text}, issuer ${c.value.issuer.text}, key ${c.value.publicKey.kind}`
        : `  certificate: unreadable (${formatProblem(c.problems[0]!)})`,
    );
  }
  for (const f of a.conteudo.arquivosAssinados) {
    lines.push(
      `  ${f.nomeArquivo.padEnd(32)} ${String(f.assinatura.tamanho).padStart(9)} B  SHA-512 ${hexUpper(f.assinatura.hash).slice(0, 32)}…`,
    );
  }
  return lines;
}

async function qrTextsOfStream(
  conteudo: Uint8Array,
  file: string,
): Promise<{ lines: string[]; texts: string[]; printed?: string }> {
  const stream = parsePrinterStream(conteudo, file);
  if (!stream.ok) throw new CliError(`${file}: printer stream unreadable`, stream.problems);
  const texts: string[] = [];
  for (const r of stream.value.rasters) {
    const t = await readQrFromModules({ size: r.width, modules: r.modules }, Math.max(2, r.scale));
    texts.push(t ?? `(QR raster at byte ${r.offset} does not decode)`);
  }
  const printed = printedQrSignature(stream.value);
  return { lines: stream.value.lines.map((l) => l.text), texts, ...(printed ? { printed } : {}) };
}

export function inspectCommand(): Command {
  return new Command('inspect')
    .description('show what a TSE file holds: BU, RDV, signature file, printed BU (.imgbu), log, or QR text')
    .argument('<file>', 'the file')
    .option('--json', 'print the decoded value as JSON', false)
    .action(async (file: string, o: { json: boolean }) => {
      const bytes = readInput(file);
      if (String.fromCharCode(...bytes.subarray(0, 5)) === 'QRBU:') {
        const texts = Buffer.from(bytes)
          .toString('latin1')
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean);
        const j = joinQrSymbols(texts, file);
        if (!j.ok) throw new CliError(`${file}: not a complete BU QR payload`, j.problems);
        const content = parseQrContent(j.value.content, file);
        if (o.json) return out(toJson({ payload: j.value, content: content.ok ? content.value : content.problems }));
        out(
          `QR payload: ${j.value.parts.length} part(s), VRQR ${j.value.VRQR}${j.value.VRCH ? `, VRCH ${j.value.VRCH}` : ''}\n`,
        );
        out(`content (${j.value.content.length} chars): ${j.value.content}\n`);
        return;
      }
      const d = decodeFile(file, bytes);
      if (!d.ok) throw new CliError(`${file}: not a readable TSE file`, d.problems);
      const v = d.value;
      if (v.kind === 'log') {
        const log = readLogJez(v.value, file);
        if (!log.ok) throw new CliError(`${file}: log package unreadable`, log.problems);
        const sum = summarizeLog(log.value.events);
        if (o.json)
          return out(
            toJson({
              files: log.value.files,
              summary: { ...sum, alerts: sum.alerts.length, errors: sum.errors.length },
              first: log.value.events.slice(0, 20),
            }),
          );
        out(
          `log ${log.value.logName}: ${sum.events} lines, ${sum.earliest} → ${sum.latest}, model ${sum.urnaModel ?? '?'}, votes computed ${sum.votesComputed}\n`,
        );
        out(`entries: ${log.value.files.map((f) => `${f.name} (${f.size} B)`).join(', ')}\n`);
        out(
          `per severity: ${Object.entries(sum.perSeverity)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ')}\n`,
        );
        for (const e of log.value.events.slice(0, 10)) out(`  ${e.date}  ${e.severity}  ${e.app}  ${e.message}\n`);
        return;
      }
      if (v.kind === 'imgbu-envelope') {
        const s = await qrTextsOfStream(v.value, file);
        if (o.json)
          return out(
            toJson({
              envelope: { ...v.envelope, conteudo: undefined },
              lines: s.lines,
              qr: s.texts,
              printedAssi: s.printed,
            }),
          );
        out(`printed BU (${v.version}): ${s.lines.length} lines, ${s.texts.length} QR code(s)\n\n`);
        out(s.lines.join('\n') + '\n\n');
        s.texts.forEach((t, i) => out(`QR ${i + 1}: ${t}\n`));
        return;
      }
      if (o.json) return out(toJson({ kind: v.kind, version: v.version, notes: v.notes, value: v.value }));
      if (v.notes.length) out(`notes: ${v.notes.join('; ')}\n`);
      if (v.kind === 'bu') return out(describeBu(v.value, v.version));
      if (v.kind === 'rdv') {
        const r = v.value.rdv;
        const s = r.identificacao;
        out(
          `RDV ${v.version} — fase ${r.fase}, pleito ${r.pleito}, seção ${s.municipioZona.municipio}/${s.municipioZona.zona}/${s.secao}\n`,
        );
        for (const e of r.eleicoes.eleicoesVota ?? r.eleicoes.eleicoesSA ?? []) {
          for (const vc of e.votosCargos) {
            const m = new Map<string, number>();
            for (const x of vc.votos)
              m.set(
                `${x.tipoVoto}${x.digitacao ? ` ${x.digitacao}` : ''}`,
                (m.get(`${x.tipoVoto}${x.digitacao ? ` ${x.digitacao}` : ''}`) ?? 0) + 1,
              );
            const top = [...m]
              .sort((a, b) => b[1] - a[1])
              .slice(0, 8)
              .map(([k, n]) => `${k}×${n}`);
            out(
              `  eleição ${e.idEleicao} cargo ${codigoCargoNumber(vc.idCargo)}: ${vc.votos.length} votos [${top.join(', ')}${m.size > 8 ? ', …' : ''}]\n`,
            );
          }
        }
        return;
      }
      if (v.kind === 'assinatura') {
        const model = 'modeloUrna' in v.value ? v.value.modeloUrna : v.value.modeloEquipamento;
        out(`signature file ${v.version} — ${model}\n`);
        out(
          [
            ...describeSignatureSet('SW', v.value.assinaturaSW),
            ...describeSignatureSet('HW', v.value.assinaturaHW),
          ].join('\n') + '\n',
        );
        return;
      }
      out(`${v.kind} envelope (${v.envelope.tipoEnvelope}), conteudo ${v.value.length} bytes\n`);
    });
}

// ---------------------------------------------------------------------------------------------------------------
// verify

function printChecks(checks: readonly Check[]): void {
  const w = Math.min(60, Math.max(4, ...checks.map((c) => c.file.length)));
  const n = Math.max(5, ...checks.map((c) => c.name.length));
  out(`${'file'.padEnd(w)}  ${'check'.padEnd(n)}  ${'status'.padEnd(12)}  detail\n`);
  for (const c of checks) {
    const f = c.file.length > w ? '…' + c.file.slice(c.file.length - w + 1) : c.file;
    out(`${f.padEnd(w)}  ${c.name.padEnd(n)}  ${c.status.toUpperCase().padEnd(12)}  ${c.detail}\n`);
  }
}

function printSummary(r: VerifyReport): void {
  const s = r.summary;
  out(
    `\n${s.files} files, ${s.checks} checks: ${s.counts.pass} pass, ${s.counts.fail} fail, ${s.counts['cannot-check']} cannot-check\n`,
  );
  for (const [name, c] of Object.entries(s.byName)) {
    out(`  ${name.padEnd(22)} ${c.pass} pass, ${c.fail} fail, ${c['cannot-check']} cannot-check\n`);
  }
}

function readKey(spec: string): Uint8Array {
  const hex = spec.replace(/\s+/g, '');
  if (/^[0-9a-fA-F]{64}$/.test(hex)) return new Uint8Array(Buffer.from(hex, 'hex'));
  if (!existsSync(spec))
    throw new CliError(`--key: expected 64 hex digits or a key file, found "${spec.slice(0, 70)}"`);
  const b = readInput(spec);
  if (b.length === 32) return b;
  const text = Buffer.from(b).toString('latin1').replace(/\s+/g, '');
  if (/^[0-9a-fA-F]{64}$/.test(text)) return new Uint8Array(Buffer.from(text, 'hex'));
  throw new CliError(`${spec}: expected a 32-byte Ed25519 public key (raw or 64 hex digits), found ${b.length} bytes`);
}

/**
 * --election-key: 64 hex digits, or a key file as `urna setup` writes election.pub (one hex line, `#` comments).
 * Only what the user names: a key found beside the verified files (../../election.pub of a setup folder) is never
 * picked up, since whoever could alter the files could alter it too.
 */
function readElectionKey(spec: string): ElectionKey {
  const hex = spec.trim();
  if (/^[0-9a-fA-F]{64}$/.test(hex)) return { key: new Uint8Array(Buffer.from(hex, 'hex')), from: 'the command line' };
  const st = statSync(spec, { throwIfNoEntry: false });
  if (!st?.isFile()) {
    throw new CliError(
      `--election-key: expected 64 hex digits or an election.pub file, found "${spec.slice(0, 70)}"${st ? ' (a folder)' : ''}`,
    );
  }
  try {
    return { key: parseKeyFile(readFileSync(spec, 'latin1'), spec), from: spec };
  } catch (e) {
    throw new CliError(`--election-key ${(e as Error).message}`);
  }
}

function caCertsFor(ca: string | undefined): { certs: Uint8Array[]; from?: string } {
  const dir = ca ?? defaultCaDir();
  if (!dir) return { certs: [] };
  const r = loadCaCerts(dir);
  if (!r.ok) throw new CliError(`--ca ${dir}: no CA certificates`, r.problems);
  return { certs: r.value, from: dir };
}

export function verifyCommand(): Command {
  return new Command('verify')
    .description(
      "check every hash and signature of TSE files or our urna's results media (files or folders): exit 3 if any check fails",
    )
    .argument('<paths...>', 'files or folders (recursively)')
    .option('--ca <dir>', 'CA certificates (default: ../shared/tse/spec/certs when present)')
    .option(
      '--election-key <hex|file>',
      "our urnas' media: the election's public key (election.pub from its publication) that issued the urna " +
        'certificates; without it certificate-chain is cannot-check. Never taken from beside the files (e.g. the ' +
        "setup folder's election.pub): a verifier must not trust a key that travels with what it verifies",
    )
    .option('--qr-key <hex|file>', 'Ed25519 public key for the QR signature (ASSI, VRQR 1.5)')
    .option('--json', 'print the report as JSON', false)
    .action(async (paths: string[], o: { ca?: string; electionKey?: string; qrKey?: string; json: boolean }) => {
      const missing: Problem[] = paths
        .filter((p) => !existsSync(p))
        .map((p) => ({ file: p, path: '(path)', expected: 'a file or folder', found: 'nothing there' }));
      if (missing.length === paths.length) throw new CliError('nothing to verify', missing);
      const ca = caCertsFor(o.ca);
      const electionKey = o.electionKey !== undefined ? readElectionKey(o.electionKey) : undefined;
      let bar: ReturnType<typeof progress> | undefined;
      const report = await verifyPaths(paths, {
        caCerts: ca.certs,
        ...(ca.from ? { caFrom: ca.from } : {}),
        ...(electionKey ? { electionKey } : {}),
        ...(o.qrKey ? { qrKey: readKey(o.qrKey) } : {}),
        relativeTo: process.cwd(),
        onProgress: (d, t) => {
          bar ??= progress('Verificação', t);
          bar.update(d);
        },
      });
      bar?.stop();
      if (o.json) out(toJson(report));
      else {
        printChecks(report.files.flatMap((f) => f.checks));
        printSummary(report);
      }
      if (report.summary.failed) process.exitCode = EXIT_REFUSED;
    });
}

// ---------------------------------------------------------------------------------------------------------------
// retotalize

function formatTotals(r: Retotalization): string {
  const lines: string[] = [];
  lines.push(`${r.buFiles} BUs, ${r.secoes} seções`);
  for (const d of r.duplicates) lines.push(`DUPLICATE (counted once) ${d.secao}: ${d.files.join(', ')}`);
  for (const c of r.conflicts) {
    lines.push(
      `CONFLICT ${c.secao}: ${c.files.map((f) => `${f.file} (${f.dataHoraEmissao})`).join(', ')}; counted: ${c.used}`,
    );
  }
  for (const e of r.eleicoes) {
    lines.push('', `Eleição ${e.idEleicao}: ${e.secoes} seções, ${e.aptos} aptos, ${e.comparecimento} comparecimento`);
    for (const c of e.cargos) {
      lines.push(
        `  Cargo ${c.codigoCargo} (${c.tipoCargo}), ${c.secoes} seções, comparecimento ${c.comparecimento}, ${c.total} votos`,
      );
      for (const n of c.nominal)
        lines.push(
          `    ${String(n.codigo).padStart(5)}  (partido ${String(n.partido).padStart(2)})  ${String(n.votos).padStart(9)}`,
        );
      for (const [p, v] of Object.entries(c.legenda))
        lines.push(`    legenda partido ${p.padStart(2)}    ${String(v).padStart(9)}`);
      lines.push(`    brancos                ${String(c.branco).padStart(9)}`);
      lines.push(`    nulos                  ${String(c.nulo).padStart(9)}`);
      if (c.cargoSemCandidato) lines.push(`    cargo sem candidato    ${String(c.cargoSemCandidato).padStart(9)}`);
    }
  }
  return lines.join('\n') + '\n';
}

export function retotalizeCommand(): Command {
  return new Command('retotalize')
    .description('re-totalize real BU files (V1 and V2, folders recursively): per eleição, cargo and candidate')
    .argument('<paths...>', 'folders or BU files')
    .option('--json', 'print the totals as JSON', false)
    .action((paths: string[], o: { json: boolean }) => {
      let bar: ReturnType<typeof progress> | undefined;
      const r = retotalizePaths(paths, {
        relativeTo: process.cwd(),
        onProgress: (d, t) => {
          bar ??= progress('Retotalização', t);
          bar.update(d);
        },
      });
      bar?.stop();
      if (r.problems.length) printProblems(`${r.problems.length} file problem(s), not counted:`, r.problems);
      if (r.buFiles === 0) throw new CliError('no BU file found', [], EXIT_REFUSED);
      out(o.json ? toJson(r) : formatTotals(r));
    });
}

// ---------------------------------------------------------------------------------------------------------------
// qr read / qr verify

async function textsFromImage(path: string): Promise<string[]> {
  const bytes = readInput(path);
  if (/\.(png|jpe?g)$/i.test(path) || bytes[0] === 0x89 || (bytes[0] === 0xff && bytes[1] === 0xd8)) {
    const r = await readQrFromImage(bytes, { file: path });
    if (!r.ok) throw new CliError(`${path}: no image read`, r.problems);
    return r.value;
  }
  const d = decodeFile(path, bytes);
  if (!d.ok) throw new CliError(`${path}: neither a PNG/JPEG image nor a printed BU (.imgbu)`, d.problems);
  if (d.value.kind !== 'imgbu-envelope') {
    throw new CliError(`${path}: expected a PNG/JPEG image or a printed BU (.imgbu), found a ${d.value.kind} file`);
  }
  return (await qrTextsOfStream(d.value.value, path)).texts;
}

function qrTextsOfArg(arg: string): string[] {
  if (arg.startsWith('QRBU:') || arg.startsWith('QRCE:')) return [arg];
  const b = readInput(arg);
  return Buffer.from(b)
    .toString('latin1')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

export function qrCommand(): Command {
  const qr = new Command('qr').description('BU QR codes: read them from pictures, verify their payload');
  qr.command('read')
    .description(
      'read the QR codes of photos/scans of a printed BU (PNG/JPEG) or of .imgbu files; join and check the hash chain',
    )
    .argument('<images...>', 'PNG/JPEG images or .imgbu files')
    .option('--json', 'print as JSON', false)
    .action(async (images: string[], o: { json: boolean }) => {
      const texts: string[] = [];
      for (const img of images) texts.push(...(await textsFromImage(img)));
      const bu = texts.filter((t) => t.startsWith('QRBU:') || t.startsWith('QRCE:'));
      const joined = bu.length ? joinQrSymbols(bu, images.join(', ')) : undefined;
      const chain = joined?.ok ? checkQrHashChain(joined.value) : undefined;
      if (o.json) {
        out(
          toJson({
            texts,
            joined: joined?.ok ? joined.value : undefined,
            problems: joined && !joined.ok ? joined.problems : [],
            chain,
          }),
        );
      } else {
        texts.forEach((t, i) => out(`QR ${i + 1}: ${t}\n`));
        if (texts.length === 0) out('no QR code found\n');
        if (joined?.ok) {
          out(
            `\njoined: ${joined.value.parts.length} part(s), VRQR ${joined.value.VRQR}, ${joined.value.content.length} chars of content\n`,
          );
          out(`qr-hash-chain: ${chain!.status.toUpperCase()}${chain!.reason ? ` — ${chain!.reason}` : ''}\n`);
        } else if (joined) {
          out('the QR codes do not form one BU payload:\n');
          for (const p of joined.problems) out(`  - ${formatProblem(p)}\n`);
        }
      }
      if (texts.length === 0 || (joined && !joined.ok) || chain?.status === 'fail') process.exitCode = EXIT_REFUSED;
    });
  qr.command('verify')
    .description(
      'verify BU QR payloads (texts or text files, one symbol per line): join, hash chain, ASSI, against a BU',
    )
    .argument('<inputs...>', 'QR texts ("QRBU:1:1 …") or files holding them')
    .option('--key <hex|file>', 'Ed25519 public key for ASSI (VRQR 1.5 per-UF key, or our urna key)')
    .option('--cert <file>', 'urna certificate (DER or PEM) for a VRQR 6.0 ASSI, or our urna certificate (JSON)')
    .option('--bu <file>', 'the BU file the QR codes should match')
    .option('--json', 'print as JSON', false)
    .action((inputs: string[], o: { key?: string; cert?: string; bu?: string; json: boolean }) => {
      const texts = inputs.flatMap(qrTextsOfArg);
      const name = inputs.length === 1 && !inputs[0]!.startsWith('QR') ? inputs[0]! : 'QR';
      let bu: { file: string; value: EntidadeBoletimUrna } | undefined;
      if (o.bu) {
        const d = decodeOrThrow(o.bu);
        if (d.kind !== 'bu') throw new CliError(`--bu ${o.bu}: expected a BU file, found a ${d.kind} file`);
        bu = { file: o.bu, value: d.value };
      }
      let certificate: Uint8Array | undefined;
      if (o.cert) {
        certificate = readInput(o.cert);
        const ours = urnaCertificateBytes(certificate);
        const c = ours ? parseUrnaCertificate(ours, o.cert, '') : parseCertificate(certificate, o.cert);
        if (!c.ok) throw new CliError(`--cert ${o.cert}: not a certificate`, c.problems);
      }
      const r = checkQrTexts(name, texts, {
        ...(o.key ? { ed25519PublicKey: readKey(o.key) } : {}),
        ...(certificate ? { certificate, certificateFrom: o.cert! } : {}),
        ...(bu ? { bu } : {}),
      });
      if (o.json) out(toJson({ checks: r.checks, problems: r.problems, payload: r.payload }));
      else {
        if (r.payload)
          out(
            `${r.payload.parts.length} part(s), VRQR ${r.payload.VRQR}${r.payload.VRCH ? `, VRCH ${r.payload.VRCH}` : ''}\n`,
          );
        printChecks(r.checks);
      }
      if (r.checks.some((c) => c.status === 'fail')) process.exitCode = EXIT_REFUSED;
    });
  return qr;
}
