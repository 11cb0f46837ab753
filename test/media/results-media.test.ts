// The results media in the TSE's V2 formats: written, read back with the TSE codecs, every signature checked, and
// tampering refused with the file and the place named.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { keyId } from '../../src/crypto/certificate.ts';
import { signer, verifyEd25519, type Signer } from '../../src/crypto/ed25519.ts';
import { fromHex, sha512, toHex } from '../../src/crypto/hash.ts';
import type { Problem } from '../../src/election/problem.ts';
import { urnaKeyPair } from '../../src/media/carga.ts';
import type { CargaContent } from '../../src/media/carga-types.ts';
import { parseResultFileName, resultFileName, resultFileStem } from '../../src/media/file-names.ts';
import {
  buildResultsMedia,
  CONJUNTO_CHAVE,
  logFileBytes,
  resultFileIdOf,
  type ResultsPackage,
} from '../../src/media/results-media.ts';
import { readResultsMedia, writeResultsMedia } from '../../src/media/results-media-node.ts';
import { readQrFromModules } from '../../src/qr/read.ts';
import { decodeBuV2ToModel, encodeBuV2 } from '../../src/tse/bu-codec.ts';
import { decodeEnvelope, encodeEnvelope } from '../../src/tse/envelope.ts';
import { buildPrinterStream, parsePrinterStream, printedQrSignature, type PrinterItem } from '../../src/tse/imgbu.ts';
import { readLogJez } from '../../src/tse/logjez.ts';
import { checkAssi, checkQrHashChain, checkQrMatchesBu, joinQrSymbols } from '../../src/tse/qr-payload.ts';
import { decodeRdvV2ToModel } from '../../src/tse/rdv-codec.ts';
import { readSevenZip } from '../../src/tse/sevenzip.ts';
import {
  decodeSignatureFile,
  encodeAssinatura,
  encodeSignatureFile,
  encodeSignatureFileV2,
} from '../../src/tse/signature-file.ts';
import type { EntidadeAssinaturaEcourna } from '../../src/tse/asn1-types.ts';
import { toLatin1 } from '../../src/urna/printed-bu.ts';
import { cargaFor, electionSigner, resultsPackageFor, tempDir } from './fixtures.ts';

const electionKey = electionSigner('demo').publicKey;

function writeMedia(secaoIndex = 0): { dir: string; carga: CargaContent; urna: Signer; stem: string } {
  const { content: carga } = cargaFor(secaoIndex);
  const urna = signer(urnaKeyPair(carga));
  const dir = tempDir();
  writeResultsMedia(dir, resultsPackageFor(carga), carga, urna);
  return { dir, carga, urna, stem: resultFileStem(resultFileIdOf(carga)) };
}

function refused(dir: string, key = electionKey): Problem[] {
  const r = readResultsMedia(dir, key);
  assert.equal(r.ok, false, 'the media should have been refused');
  return r.ok ? [] : r.problems;
}

const bytesOf = (path: string): Uint8Array => new Uint8Array(fs.readFileSync(path));

function signatureOf(path: string): EntidadeAssinaturaEcourna {
  const d = decodeSignatureFile(bytesOf(path), path, { version: 'v2' });
  assert.ok(d.ok && d.value.version === 'v2', JSON.stringify(!d.ok && d.problems));
  return d.value.value;
}

/** Rewrites the listing of both sets (as `edit` says) without re-signing it: what a forger without the key can do. */
function editListing(path: string, edit: (v: EntidadeAssinaturaEcourna) => void): void {
  const v = signatureOf(path);
  edit(v);
  for (const set of [v.assinaturaHW, v.assinaturaSW]) {
    const c = encodeAssinatura(set.conteudo);
    assert.ok(c.ok);
    set.conteudoAutoAssinado = c.value;
  }
  const out = encodeSignatureFile(v);
  assert.ok(out.ok);
  fs.writeFileSync(path, out.value);
}

/** What someone holding the urna key could do: sign whatever files are in the folder, consistently. */
function resign(dir: string, urna: Signer, carga: CargaContent): void {
  const votaName = fs.readdirSync(dir).find((n) => n.endsWith('-vota.vsc'))!;
  const files = fs
    .readdirSync(dir)
    .filter((n) => n !== votaName)
    .map((nomeArquivo) => ({ nomeArquivo, bytes: bytesOf(join(dir, nomeArquivo)) }));
  const sig = encodeSignatureFileV2({
    dataHoraCriacao: '20261004T170512',
    files,
    signer: urna,
    usuario: { nomeUsuario: 'UE01663883', serial: 20261004 },
    certificadoDigital: new TextEncoder().encode(JSON.stringify(carga.urna.certificate)),
  });
  assert.ok(sig.ok);
  fs.writeFileSync(join(dir, votaName), sig.value.bytes);
}

/**
 * What the files hold, decoded, for the fixture's package: the serial numbers are bytes in BER (OCTET STRING), read
 * back upper-case; the log is Latin-1, where the em dash of the fixture has no glyph and is written as `-`.
 */
function expectedBack(pkg: ResultsPackage): { bu: unknown; rdv: unknown; log: string[] } {
  const upperSerials = <T extends { urna: { numeroSerieFV: string; correspondenciaResultado: unknown } }>(x: T): T => {
    const y = structuredClone(x);
    y.urna.numeroSerieFV = y.urna.numeroSerieFV.toUpperCase();
    const c = (y.urna.correspondenciaResultado as { carga: { numeroSerieFC: string } }).carga;
    c.numeroSerieFC = c.numeroSerieFC.toUpperCase();
    return y;
  };
  return {
    bu: upperSerials(pkg.bu),
    rdv: upperSerials(pkg.rdv),
    log: pkg.log.map((l) => l.replace('—', '-')),
  };
}

describe('results media: the TSE V2 files, read back and verified', () => {
  test('round trip: every file with the TSE stem, the signature file last, contents back as written', () => {
    const { dir, carga, urna } = writeMedia();
    const pkg = resultsPackageFor(carga);
    const files = buildResultsMedia(pkg, carga, urna);
    const stem = 'o09452mg4877101010001'; // fase oficial, pleito 9452, MG, município 48771, zona 101, seção 1
    assert.deepEqual(
      files.map((f) => f.name),
      [
        'bu.dat',
        'rdv.dat',
        'imgbu.dat',
        'zeresima.txt',
        'buj.txt',
        'bim.txt',
        'biografica.txt',
        'log.jez',
        'vota.vsc',
      ].map((s) => `${stem}-${s}`),
    );
    assert.deepEqual(fs.readdirSync(dir).sort(), files.map((f) => f.name).sort());

    const r = readResultsMedia(dir, electionKey);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems, null, 2));
    const expected = expectedBack(pkg);
    assert.deepEqual(r.value.bu, expected.bu);
    assert.deepEqual(r.value.rdv, expected.rdv);
    assert.deepEqual(r.value.log, expected.log);
    assert.deepEqual(r.value.secao, { uf: 'MG', municipio: 48771, zona: 101, secao: 1 });
    assert.equal(r.value.pleito, 9452);
    assert.equal(r.value.fase, 'oficial');
    assert.equal(toHex(r.value.urnaPublicKey), carga.urna.publicKey);
    assert.deepEqual(r.value.certificate, carga.urna.certificate);
    assert.equal(r.value.signatureFile, `${stem}-vota.vsc`);
    assert.equal(r.value.files.length, 8);
    // The reports stay UTF-8 text.
    assert.equal(fs.readFileSync(join(dir, `${stem}-bim.txt`), 'utf8'), 'BOLETIM DE IDENTIFICAÇÃO DE MESÁRIOS\n');
  });

  test('decode(encode(x)) = x: BU and RDV through the codecs; the urna BU re-encodes to the same bytes', () => {
    const { dir, stem, carga } = writeMedia();
    const buBytes = bytesOf(join(dir, `${stem}-bu.dat`));
    const bu = decodeBuV2ToModel(buBytes);
    assert.ok(bu.ok);
    assert.deepEqual(bu.value, expectedBack(resultsPackageFor(carga)).bu);
    const again = encodeBuV2(bu.value);
    assert.ok(again.ok);
    assert.deepEqual(again.value, buBytes);
    const rdv = decodeRdvV2ToModel(bytesOf(join(dir, `${stem}-rdv.dat`)));
    assert.ok(rdv.ok);
    assert.deepEqual(rdv.value, expectedBack(resultsPackageFor(carga)).rdv);
  });

  test('the signature file: EntidadeAssinaturaEcourna, every other file with size, SHA-512 and Ed25519 signature', () => {
    const { dir, stem, carga } = writeMedia();
    const path = join(dir, `${stem}-vota.vsc`);
    const v = signatureOf(path);
    // Re-encoding the decoded value gives the file's bytes.
    const re = encodeSignatureFile(v);
    assert.ok(re.ok);
    assert.deepEqual(re.value, bytesOf(path));
    assert.equal(v.modeloEquipamento, 'ue2022');
    assert.equal(v.assinaturaHW.conjuntoChave, CONJUNTO_CHAVE);
    assert.equal(v.assinaturaSW.certificadoDigital, undefined);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(v.assinaturaHW.certificadoDigital)), carga.urna.certificate);
    assert.equal(
      v.assinaturaHW.autoAssinado.usuario.nomeUsuario,
      `UE${String(carga.urna.numeroInternoUrna).padStart(8, '0')}`,
    );
    const key = fromHex(carga.urna.publicKey);
    const listed = v.assinaturaHW.conteudo.arquivosAssinados;
    assert.deepEqual(
      listed.map((e) => e.nomeArquivo).sort(),
      fs
        .readdirSync(dir)
        .filter((n) => !n.endsWith('-vota.vsc'))
        .sort(),
    );
    for (const e of listed) {
      const bytes = bytesOf(join(dir, e.nomeArquivo));
      assert.equal(e.assinatura.tamanho, bytes.length);
      assert.deepEqual(e.assinatura.hash, sha512(bytes));
      // The TSE's hardware convention: the signed message is SHA-512 of the 64-byte file hash.
      assert.ok(verifyEd25519(key, sha512(e.assinatura.hash), e.assinatura.assinatura), e.nomeArquivo);
    }
    assert.deepEqual(v.assinaturaSW.conteudoAutoAssinado, v.assinaturaHW.conteudoAutoAssinado);
  });

  test('the log: a 7z (LZMA) holding logd.dat in Latin-1, TAB-separated, readable by the TSE log reader', () => {
    const { dir, stem, carga } = writeMedia();
    const bytes = bytesOf(join(dir, `${stem}-log.jez`));
    const archive = readSevenZip(bytes, 'log');
    assert.ok(archive.ok);
    assert.deepEqual(archive.value.coders, ['LZMA']);
    assert.equal(archive.value.encodedHeader, true);
    const logd = archive.value.entries.find((e) => e.name === 'logd.dat')!;
    const expected = resultsPackageFor(carga)
      .log.map((l) => `${l.replace('—', '-')}\n`)
      .join('');
    assert.deepEqual(
      logd.data,
      Uint8Array.from(expected, (c) => c.charCodeAt(0)),
    );
    assert.ok(logd.data.includes(0xe7), 'ç is the single Latin-1 byte E7');
    const log = readLogJez(bytes, 'log');
    assert.ok(log.ok);
    assert.deepEqual(
      log.value.events.map((e) => e.message),
      ['Urna ligada', 'Urna pronta para receber votos', 'Encerramento - Eleição: ção ü'],
    );
    // The vote line has no time (ballot secrecy) and no line has a MAC: both reported, not fatal.
    assert.ok(log.value.warnings.length > 0);
  });

  test('the printed BU: envelope tipo 4 with urna, Latin-1 text, QR rasters that decode, join, verify and match', async () => {
    const { dir, stem, carga } = writeMedia();
    const path = join(dir, `${stem}-imgbu.dat`);
    const bytes = bytesOf(path);
    const env = decodeEnvelope(bytes, path);
    assert.ok(env.ok);
    assert.equal(env.value.tipoEnvelope, 'envelopeBoletimUrnaImpresso');
    assert.ok(env.value.urna);
    const reEnv = encodeEnvelope(env.value);
    assert.ok(reEnv.ok);
    assert.deepEqual(reEnv.value, bytes);
    const stream = parsePrinterStream(env.value.conteudo, path);
    assert.ok(stream.ok);
    // Re-building the stream from what was parsed gives the same bytes.
    const items: PrinterItem[] = [];
    let raster = 0;
    stream.value.lines.forEach((l, i) => {
      while (raster < stream.value.rasters.length && stream.value.rasters[raster]!.afterLine === i) {
        const r = stream.value.rasters[raster++]!;
        items.push({ raster: { width: r.width, scale: r.scale, modules: r.modules } });
      }
      items.push({ text: l.text, styles: l.styles });
    });
    assert.deepEqual(buildPrinterStream(items), env.value.conteudo);
    // The fixture's first via, as printed.
    assert.deepEqual(
      stream.value.lines.slice(0, 2).map((l) => l.text),
      ['BOLETIM DE URNA', 'via 1/5'],
    );

    const texts: string[] = [];
    for (const r of stream.value.rasters) {
      assert.equal(r.scale, 4);
      const t = await readQrFromModules({ size: r.width, modules: r.modules });
      assert.ok(t !== undefined, 'the raster decodes');
      texts.push(t);
    }
    const payload = joinQrSymbols(texts, path);
    assert.ok(payload.ok, JSON.stringify(!payload.ok && payload.problems));
    assert.equal(checkQrHashChain(payload.value).status, 'pass');
    assert.equal(checkAssi(payload.value, { ed25519PublicKey: fromHex(carga.urna.publicKey) }).status, 'pass');
    const other = electionSigner('not the urna').publicKey;
    assert.equal(checkAssi(payload.value, { ed25519PublicKey: other }).status, 'fail');
    const read = readResultsMedia(dir, electionKey);
    assert.ok(read.ok);
    assert.deepEqual(checkQrMatchesBu(payload.value, read.value.bu), { name: 'qr-matches-bu', status: 'pass' });
    assert.equal(printedQrSignature(stream.value), payload.value.ASSI);
    assert.equal(read.value.printedBu.stream.rasters.length, texts.length);
  });

  test('one vote count changed in the BU → refused, naming the BU file (path `hash`)', () => {
    const { dir, stem } = writeMedia();
    const path = join(dir, `${stem}-bu.dat`);
    const bu = decodeBuV2ToModel(bytesOf(path));
    assert.ok(bu.ok);
    bu.value.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[0]!.totaisVotosCargo[0]!.votosVotaveis[0]!.quantidadeVotos = 3;
    const forged = encodeBuV2(bu.value);
    assert.ok(forged.ok);
    assert.equal(forged.value.length, bytesOf(path).length);
    fs.writeFileSync(path, forged.value);
    assert.deepEqual(
      refused(dir).map((p) => [p.file, p.path]),
      [[path, 'hash']],
    );
  });

  test('a BU of another size → refused at `tamanho`', () => {
    const { dir, stem } = writeMedia();
    const bu = join(dir, `${stem}-bu.dat`);
    fs.appendFileSync(bu, Uint8Array.of(0));
    const [p] = refused(dir);
    assert.equal(p!.file, bu);
    assert.equal(p!.path, 'tamanho');
  });

  test('a listed file missing → refused, naming it', () => {
    const { dir, stem } = writeMedia();
    const rdv = join(dir, `${stem}-rdv.dat`);
    fs.rmSync(rdv);
    const [p, ...rest] = refused(dir);
    assert.deepEqual(rest, []);
    assert.equal(p!.file, rdv);
    assert.equal(p!.found, 'no such file');
  });

  test('no signature file → refused as a whole', () => {
    const { dir, stem } = writeMedia();
    fs.rmSync(join(dir, `${stem}-vota.vsc`));
    const [p] = refused(dir);
    assert.equal(p!.file, dir);
    assert.match(p!.expected, /signature file/);
  });

  test('a signature file cut short → refused by the decoder, naming the file', () => {
    const { dir, stem } = writeMedia();
    const path = join(dir, `${stem}-vota.vsc`);
    fs.writeFileSync(path, bytesOf(path).subarray(0, 200));
    const problems = refused(dir);
    assert.ok(problems.length > 0);
    for (const p of problems) assert.equal(p.file, path);
  });

  test('an extra BU that is not listed → refused, naming it (another seção’s, and a TSE-named one)', () => {
    const { dir, stem } = writeMedia();
    const other = writeMedia(1);
    const foreign = `${other.stem}-bu.dat`;
    fs.copyFileSync(join(other.dir, foreign), join(dir, foreign));
    fs.writeFileSync(join(dir, `${stem}-jufa.dat`), 'x');
    fs.writeFileSync(join(dir, 'README.txt'), 'not a results file: ignored');
    const problems = refused(dir);
    assert.deepEqual(problems.map((p) => p.file).sort(), [join(dir, foreign), join(dir, `${stem}-jufa.dat`)].sort());
    for (const p of problems) assert.match(p.found, /not listed/);
  });

  test('media from an urna of another election (certificate by another key) → refused at `certificate`', () => {
    const { dir } = writeMedia();
    const other = electionSigner('another election').publicKey;
    const [p, ...rest] = refused(dir, other);
    assert.deepEqual(rest, []);
    assert.equal(p!.path, 'certificate');
    assert.equal(p!.expected, `a certificate issued by election key ${keyId(other)}`);
  });

  test('an entry removed from the signature file → refused: the signed listing no longer has its size', () => {
    const { dir, stem } = writeMedia();
    const path = join(dir, `${stem}-vota.vsc`);
    editListing(path, (v) => {
      for (const set of [v.assinaturaHW, v.assinaturaSW]) {
        set.conteudo.arquivosAssinados = set.conteudo.arquivosAssinados.filter(
          (e) => !e.nomeArquivo.endsWith('-bim.txt'),
        );
      }
    });
    fs.rmSync(join(dir, `${stem}-bim.txt`));
    assert.deepEqual(
      refused(dir).map((p) => p.path),
      ['assinaturaHW.autoAssinado.assinatura.tamanho', 'assinaturaSW.autoAssinado.assinatura.tamanho'],
    );
  });

  test('a file signature by another key → refused at `assinatura`, naming the file', () => {
    const { dir, stem } = writeMedia();
    const path = join(dir, `${stem}-vota.vsc`);
    const rogue = electionSigner('rogue urna');
    editListing(path, (v) => {
      for (const set of [v.assinaturaHW, v.assinaturaSW]) {
        const entry = set.conteudo.arquivosAssinados.find((e) => e.nomeArquivo.endsWith('-rdv.dat'))!;
        entry.assinatura.assinatura = rogue.sign(sha512(entry.assinatura.hash));
      }
    });
    const problems = refused(dir);
    assert.ok(problems.some((p) => p.file === join(dir, `${stem}-rdv.dat`) && p.path === 'assinatura'));
    // The listing changed at the same size: its signed hash no longer matches.
    assert.ok(problems.some((p) => p.path === 'assinaturaHW.autoAssinado.assinatura.hash'));
  });

  test('a BU of another seção under this seção’s names, signed by the urna key → refused at `identificacaoSecao`', () => {
    const { dir, stem, urna, carga } = writeMedia();
    const buPath = join(dir, `${stem}-bu.dat`);
    const bu = decodeBuV2ToModel(bytesOf(buPath));
    assert.ok(bu.ok);
    bu.value.identificacaoSecao.secao = 2;
    const enc = encodeBuV2(bu.value);
    assert.ok(enc.ok);
    fs.writeFileSync(buPath, enc.value);
    resign(dir, urna, carga);
    assert.deepEqual(
      refused(dir).map((p) => [p.file, p.path]),
      [[buPath, 'identificacaoSecao']],
    );
  });

  test('files renamed to another seção (the certificate names this one) → refused at `certificate.subject`', () => {
    const { dir, stem, urna, carga } = writeMedia();
    const otherStem = stem.replace(/0001$/, '0002');
    for (const name of fs.readdirSync(dir)) fs.renameSync(join(dir, name), join(dir, name.replace(stem, otherStem)));
    resign(dir, urna, carga);
    const problems = refused(dir);
    assert.ok(
      problems.some((p) => p.path === 'certificate.subject' && p.found.endsWith('MG-48771-0101-0001')),
      JSON.stringify(problems),
    );
  });

  test('a listed name outside this seção’s media (a path) → refused', () => {
    const { dir, stem, urna, carga } = writeMedia();
    resign(dir, urna, carga);
    editListing(join(dir, `${stem}-vota.vsc`), (v) => {
      v.assinaturaHW.conteudo.arquivosAssinados[0]!.nomeArquivo = `../${stem}-bu.dat`;
    });
    const problems = refused(dir);
    assert.ok(
      problems.some((p) => p.path === 'assinaturaHW.arquivosAssinados[0].nomeArquivo'),
      JSON.stringify(problems),
    );
  });

  test('writing refuses a signer that is not this urna’s key, and a BU of another seção', () => {
    const { content: carga } = cargaFor(0);
    const pkg = resultsPackageFor(carga);
    assert.throws(() => buildResultsMedia(pkg, carga, electionSigner('x')), /urna's key/);
    const other = resultsPackageFor(cargaFor(1).content);
    assert.throws(() => buildResultsMedia(other, carga, signer(urnaKeyPair(carga))), /not of this urna's seção/);
  });

  test('a folder that does not exist → refused, naming it', () => {
    const dir = join(tempDir(), 'missing');
    const [p] = refused(dir);
    assert.equal(p!.file, dir);
  });

  test('file names parse back to the BU’s seção', () => {
    const { dir } = writeMedia(4);
    const r = readResultsMedia(dir, electionKey);
    assert.ok(r.ok);
    for (const f of r.value.files) {
      const p = parseResultFileName(f.name)!;
      assert.equal(p.secao, r.value.bu.identificacaoSecao.secao);
      assert.equal(p.zona, r.value.bu.identificacaoSecao.zona);
    }
    assert.equal(resultFileName(resultFileIdOf(cargaFor(4).content), 'bu'), r.value.files[0]!.name);
  });
});

describe('Latin-1 for the printer and the log', () => {
  test('Latin-1 text is kept as is; typographic characters get stand-ins; the rest loses its accent or becomes ?', () => {
    assert.equal(toLatin1('Eleição 1º turno: ÁÉÍÓÚ àü ñ'), 'Eleição 1º turno: ÁÉÍÓÚ àü ñ');
    assert.equal(toLatin1('“Zé” – o ‘Cão’…'), '"Zé" - o \'Cão\'...');
    assert.equal(toLatin1('Łódź Ęx ő'), '?ódz Ex o'); // Ł has no decomposition: no stand-in
    assert.equal(toLatin1('漢 €'), '? ?');
  });

  test('property: the log bytes are Latin-1, one line per event, TABs kept, Latin-1 lines unchanged', () => {
    const latin1Char = fc.integer({ min: 0x20, max: 0xff }).filter((c) => c < 0x7f || c > 0xa0);
    const field = fc.oneof(
      fc.array(latin1Char, { maxLength: 20 }).map((cs) => String.fromCharCode(...cs)),
      fc.string({ unit: 'grapheme', maxLength: 10 }).map((s) => s.replace(/[\n\t\r]/g, ' ')),
    );
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { maxLength: 8 }), (rows) => {
        const lines = rows.map((r) => r.join('\t'));
        const bytes = logFileBytes(lines);
        const text = String.fromCharCode(...bytes);
        const back = text.split('\n');
        assert.equal(back.pop(), '');
        assert.equal(back.length, lines.length);
        back.forEach((l, i) => {
          assert.equal(l.split('\t').length, lines[i]!.split('\t').length);
          if (!/[^\t\x20-\x7e\xa1-\xff]/.test(lines[i]!)) assert.equal(l, lines[i]);
        });
      }),
    );
  });
});
