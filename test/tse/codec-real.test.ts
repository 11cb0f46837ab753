// The BER codecs on every real TSE file in shared/tse/samples: each decodes to exactly what EXPECTED.md says (the
// tables are parsed here, row by row: they are the oracle), re-encodes to its original bytes, and the V2 BUs go
// through our urna's model and back to the same bytes. Two independent oracles on top: the V1 tuple signatures
// (Ed25519, TSE-FORMATS.md §3.4) and the V2 tuple hash chain (§3.5) are recomputed from the decoded values — a
// decoder that misplaced a single field would break them — and the .vscmr hashes match the files next to them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { sha512 } from '../../src/crypto/hash.ts';
import type {
  EleicaoVota,
  VotosCargo,
  EntidadeBoletimUrna,
  EntidadeBoletimUrnaV1,
  EntidadeBoletimUrnaV2,
  TotalVotosVotavelV1,
  TotalVotosVotavelV2,
  TotalVotosCargo,
} from '../../src/tse/asn1-types.ts';
import { hexUpper } from '../../src/tse/ber.ts';
import {
  buV2FromModel,
  buV2ToModel,
  codigoCargoNumber,
  decodeBuFile,
  encodeBoletimUrna,
  encodeBuFile,
  encodeBuV2,
} from '../../src/tse/bu-codec.ts';
import { checkChain } from '../../src/tse/bu-hash-chain.ts';
import { decodeFile, type DecodedFile } from '../../src/tse/decode-file.ts';
import { encodeEnvelope } from '../../src/tse/envelope.ts';
import { encodeResultadoRDV } from '../../src/tse/rdv-codec.ts';
import { encodeAssinatura, encodeSignatureFile } from '../../src/tse/signature-file.ts';
import { TIPO_VOTO_BU } from '../../src/tse/asn1-types.ts';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', 'shared', 'tse', 'samples');
const skip = existsSync(join(SAMPLES, 'EXPECTED.md')) ? false : `TSE samples not found at ${SAMPLES}`;

// ---- EXPECTED.md ----

/** The rows of the table under `## <heading>`, as trimmed cells. */
function table(md: string, heading: string): string[][] {
  const start = md.indexOf(`## ${heading}`);
  assert.ok(start >= 0, `EXPECTED.md has a "## ${heading}" section`);
  const end = md.indexOf('\n## ', start + 3);
  const rows = md
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((l) => l.startsWith('| `'));
  return rows.map((l) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim()),
  );
}

const unquote = (s: string): string => s.replace(/^`|`$/g, '');
const md = skip ? '' : readFileSync(join(SAMPLES, 'EXPECTED.md'), 'utf8');
const read = (rel: string): Uint8Array => new Uint8Array(readFileSync(join(SAMPLES, rel)));

function decoded(rel: string): DecodedFile {
  const r = decodeFile(rel, read(rel));
  if (!r.ok) assert.fail(`${rel}: ${JSON.stringify(r.problems)}`);
  return r.value;
}

const cargos = (bu: EntidadeBoletimUrna) =>
  bu.resultadosVotacaoPorEleicao.flatMap((e) =>
    (e.resultadosVotacao as { tipoCargo: string; totaisVotosCargo: TotalVotosCargo<unknown>[] }[]).flatMap((rv) =>
      rv.totaisVotosCargo.map((c) => ({ idEleicao: e.idEleicao, tipoCargo: rv.tipoCargo, cargo: c })),
    ),
  );

function tupleCount(bu: EntidadeBoletimUrna): number {
  return cargos(bu).reduce((n, c) => n + c.cargo.votosVotaveis.length, 0);
}

/** "<number>" for nominal/legenda, else the tipoVoto name: the labels EXPECTED.md uses. */
function label(t: TotalVotosVotavelV1 | TotalVotosVotavelV2): string {
  return t.identificacaoVotavel ? String(t.identificacaoVotavel.codigo) : t.tipoVoto;
}

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

// ---- BUs ----

describe('real BUs: every row of EXPECTED.md', { skip }, () => {
  const rows = skip ? [] : table(md, 'Boletins de Urna');

  test('the table lists every BU sample (75 files: 50 V1, 25 V2)', () => {
    assert.equal(rows.length, 75);
    assert.equal(rows.filter((r) => r[1] === 'v1-2022').length, 50);
  });

  for (const row of rows) {
    const [fileCell, spec, fase, pleito, place, urna, software, aptos, comparec, result, checks] = row as [
      string,
      ...string[],
    ];
    const rel = unquote(fileCell);
    test(rel, () => {
      const d = decoded(rel);
      assert.equal(d.kind, 'bu');
      if (d.kind !== 'bu') return;
      assert.equal(d.version, spec === 'v1-2022' ? 'v1' : 'v2');
      assert.deepEqual(d.notes, [], 'name and content agree');
      const bu = d.value;
      assert.equal(bu.fase, fase);
      assert.deepEqual(bu.cabecalho.idEleitoral, { idPleito: Number(pleito) });
      const m = /^(\d{5})\/(\d{4})\/(\d{4}) \((\d+)\)$/.exec(place!);
      assert.ok(m, place);
      assert.deepEqual(bu.identificacaoSecao, {
        municipioZona: { municipio: Number(m[1]), zona: Number(m[2]) },
        local: Number(m[4]),
        secao: Number(m[3]),
      });
      // The envelope around it names the same seção, fase and header (TSE-FORMATS.md §2 hex dump).
      assert.deepEqual(d.envelope.identificacao, { identificacaoSecaoEleitoral: bu.identificacaoSecao });
      assert.equal(d.envelope.fase, bu.fase);
      assert.equal(d.envelope.tipoEnvelope, 'envelopeBoletimUrna');
      assert.equal(bu.urna.tipoUrna, urna);
      assert.equal(bu.urna.versaoVotacao, software);
      assert.deepEqual(
        bu.resultadosVotacaoPorEleicao.map((e) => `${e.idEleicao}:${e.qtdEleitoresAptos}`).join(', '),
        aptos,
      );
      const comparecimento =
        d.version === 'v2'
          ? d.value.qtdEleitoresCompareceram
          : d.value.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[0]!.qtdComparecimento;
      assert.equal(comparecimento, Number(comparec));

      // "eleição 546 cargo 5: 444=78, 400=52, … (total 264)": the first majoritarian office.
      const r = /^eleição (\d+) cargo (\d+): (.*?)( …)? \(total (\d+)\)$/.exec(result!);
      assert.ok(r, result);
      const first = cargos(bu).find((c) => c.tipoCargo === 'majoritario');
      assert.ok(first);
      assert.equal(first.idEleicao, Number(r[1]));
      assert.equal(codigoCargoNumber(first.cargo.codigoCargo), Number(r[2]));
      const tuples = first.cargo.votosVotaveis as (TotalVotosVotavelV1 | TotalVotosVotavelV2)[];
      const votes = new Map(tuples.map((t) => [label(t), t.quantidadeVotos]));
      const listed = r[3]!.split(', ').map((e) => e.split('='));
      for (const [who, n] of listed) assert.equal(votes.get(who!), Number(n), `${who} in ${rel}`);
      if (!r[4]) assert.equal(listed.length, tuples.length, 'no "…": every tuple is listed');
      assert.equal(
        tuples.reduce((s, t) => s + t.quantidadeVotos, 0),
        Number(r[5]),
      );

      // "ed25519 171/171" / "chain 108/108, final True, sig [132]": the tuple count, and the oracles below.
      const c = /^(ed25519|chain) (\d+)\/(\d+)/.exec(checks!);
      assert.ok(c, checks);
      assert.equal(tupleCount(bu), Number(c[3]));
      if (d.version === 'v2') {
        const sig = /sig \[(\d+)\]/.exec(checks!);
        for (const e of d.value.resultadosVotacaoPorEleicao) {
          assert.equal(e.assinaturaUltimoHashVotosVotavel.length, Number(sig![1]));
          assert.equal(e.ultimoHashVotosVotavel.length, 64);
        }
      } else assert.equal(d.value.chaveAssinaturaVotosVotavel.length, 32);
    });
  }
});

/** TSE-FORMATS.md §3.4: each V1 tuple's Ed25519 signature over SHA-512 of its fields and the codigoCarga. */
function v1SignaturesValid(bu: EntidadeBoletimUrnaV1): [number, number] {
  let ok = 0;
  let n = 0;
  const carga = bu.urna.correspondenciaResultado.carga.codigoCarga;
  for (const { cargo } of cargos(bu)) {
    for (const t of cargo.votosVotaveis as TotalVotosVotavelV1[]) {
      const tipo = TIPO_VOTO_BU[t.tipoVoto];
      const id = tipo === 1 || tipo === 4 ? `${t.identificacaoVotavel!.codigo}${t.identificacaoVotavel!.partido}` : '';
      const msg = sha512(`${codigoCargoNumber(cargo.codigoCargo)}${tipo}${t.quantidadeVotos}${id}${carga}`);
      n++;
      if (verifyEd25519(bu.chaveAssinaturaVotosVotavel, msg, t.assinatura)) ok++;
    }
  }
  return [ok, n];
}

describe('real BUs: decoded values reproduce the TSE integrity data', { skip }, () => {
  const rows = skip ? [] : table(md, 'Boletins de Urna');

  test('V1: every tuple signature verifies over the decoded fields (2,165 in 50 files per TSE-FORMATS §3.4 …)', () => {
    let total = 0;
    for (const row of rows.filter((r) => r[1] === 'v1-2022')) {
      const d = decoded(unquote(row[0]!));
      assert.ok(d.kind === 'bu' && d.version === 'v1');
      const [ok, n] = v1SignaturesValid(d.value);
      assert.equal(ok, n, `${row[0]}: ${ok}/${n}`);
      total += n;
    }
    // TSE-FORMATS.md counts 2,165 in 82 files (78 real + 4 examples); these 50 are a subset, EXPECTED.md sums to:
    const expected = rows
      .filter((r) => r[1] === 'v1-2022')
      .reduce((s, r) => s + Number(/ed25519 \d+\/(\d+)/.exec(r[10]!)![1]), 0);
    assert.equal(total, expected);
  });

  test('V2: the tuple hash chain and final hash recompute from the decoded values (checkChain via our model)', () => {
    for (const row of rows.filter((r) => r[1] === 'v2-2024')) {
      const d = decoded(unquote(row[0]!));
      assert.ok(d.kind === 'bu' && d.version === 'v2');
      const model = buV2ToModel(d.value);
      assert.ok(model.ok, JSON.stringify(!model.ok && model.problems));
      assert.deepEqual(checkChain(model.value), [], String(row[0]));
    }
  });
});

describe('real files re-encode to their original bytes', { skip }, () => {
  const bus = skip ? [] : table(md, 'Boletins de Urna').map((r) => unquote(r[0]!));
  const rdvs = skip ? [] : table(md, 'RDV files').map((r) => unquote(r[0]!));
  const sigs = skip ? [] : table(md, 'Signature files (.vscmr)').map((r) => unquote(r[0]!));

  test('every BU: the content, the envelope, and both together', () => {
    for (const rel of bus) {
      const bytes = read(rel);
      const d = decodeBuFile(bytes, rel);
      assert.ok(d.ok, rel);
      const content = encodeBoletimUrna(d.value.bu);
      assert.ok(content.ok && equalBytes(content.value, d.value.envelope.conteudo), `${rel}: conteudo`);
      const env = encodeEnvelope(d.value.envelope);
      assert.ok(env.ok && equalBytes(env.value, bytes), `${rel}: envelope`);
      const whole = encodeBuFile(d.value.envelope, d.value.bu);
      assert.ok(whole.ok && equalBytes(whole.value, bytes), `${rel}: file`);
    }
    assert.equal(bus.length, 75);
  });

  test('every V2 BU goes through our urna model (BoletimUrna) and back to the same bytes', () => {
    let n = 0;
    for (const rel of bus.filter((f) => f.endsWith('-bu.dat'))) {
      const bytes = read(rel);
      const d = decodeBuFile(bytes, rel);
      assert.ok(d.ok && d.value.version === 'v2');
      const model = buV2ToModel(d.value.bu as EntidadeBoletimUrnaV2, rel);
      assert.ok(model.ok, rel);
      const back = buV2FromModel(model.value);
      assert.ok(back.ok);
      assert.deepEqual(back.value, d.value.bu);
      const file = encodeBuV2(model.value);
      assert.ok(file.ok && equalBytes(file.value, bytes), `${rel}: encodeBuV2(model) = original bytes`);
      n++;
    }
    assert.equal(n, 25);
  });

  test('every RDV', () => {
    for (const rel of rdvs) {
      const d = decoded(rel);
      assert.equal(d.kind, 'rdv');
      const re = encodeResultadoRDV(d.value as Parameters<typeof encodeResultadoRDV>[0]);
      assert.ok(re.ok && equalBytes(re.value, read(rel)), rel);
    }
    assert.equal(rdvs.length, 6);
  });

  test('every signature file, and each conteudoAutoAssinado from its decoded Assinatura', () => {
    for (const rel of sigs) {
      const d = decoded(rel);
      assert.ok(d.kind === 'assinatura');
      const re = encodeSignatureFile(d.value);
      assert.ok(re.ok && equalBytes(re.value, read(rel)), rel);
      for (const set of [d.value.assinaturaSW, d.value.assinaturaHW]) {
        const inner = encodeAssinatura(set.conteudo);
        assert.ok(inner.ok && equalBytes(inner.value, set.conteudoAutoAssinado), `${rel}: conteudoAutoAssinado`);
      }
    }
    assert.equal(sigs.length, 6);
  });

  test('the printed-BU envelopes (.imgbu)', () => {
    for (const rel of [
      '2022-v1/secao-AC-01007-0009-0001-turno2/o00407-0100700090001.imgbu',
      '2022-v1/secao-AP-06050-0002-0824-turno1/o00406-0605000020824.imgbu',
    ]) {
      const d = decoded(rel);
      assert.ok(d.kind === 'imgbu-envelope');
      assert.equal(d.version, 'v1', 'the envelope carries a V1 urna/Carga');
      assert.ok(d.envelope.urna, 'imgbu envelopes carry urna (TSE-FORMATS.md §3.1)');
      const re = encodeEnvelope(d.envelope);
      assert.ok(re.ok && equalBytes(re.value, read(rel)), rel);
    }
  });
});

// ---- RDVs ----

describe('real RDVs: every row of EXPECTED.md', { skip }, () => {
  const rows = skip ? [] : table(md, 'RDV files');
  for (const [fileCell, spec, pleito, fase, place, summary] of rows as string[][]) {
    const rel = unquote(fileCell!);
    test(rel, () => {
      const d = decoded(rel);
      assert.ok(d.kind === 'rdv');
      assert.equal(d.version, spec === 'v1-2022' ? 'v1' : 'v2');
      assert.deepEqual(d.notes, [], 'name and content agree');
      const rdv = d.value.rdv;
      assert.equal(rdv.pleito, Number(pleito));
      assert.equal(rdv.fase, fase);
      const [mun, zona, secao] = place!.split('/').map(Number);
      assert.deepEqual(
        [rdv.identificacao.municipioZona.municipio, rdv.identificacao.municipioZona.zona, rdv.identificacao.secao],
        [mun, zona, secao],
      );
      const eleicoes = rdv.eleicoes.eleicoesVota;
      assert.ok(eleicoes, 'an urna RDV has eleicoesVota');
      // "544/presidente: 263 votos [nominal 22×149, nominal 13×75, branco ×5]; …"
      const parts = summary!.split('; ');
      const cargoCount = eleicoes.reduce((n, e) => n + e.votosCargos.length, 0);
      assert.equal(parts.length, cargoCount, 'every cargo is listed');
      for (const part of parts) {
        const m = /^(\d+)\/(\w+): (\d+) votos \[(.*)\]$/.exec(part);
        assert.ok(m, part);
        const e: EleicaoVota | undefined = eleicoes.find((x) => x.idEleicao === Number(m[1]));
        assert.ok(e, part);
        const vc: VotosCargo | undefined = e.votosCargos.find((x) => x.idCargo.cargoConstitucional === m[2]);
        assert.ok(vc, part);
        assert.equal(vc.votos.length, Number(m[3]), part);
        const counts = new Map<string, number>();
        for (const v of vc.votos) {
          const k = `${v.tipoVoto} ${v.digitacao ?? ''}`;
          counts.set(k, (counts.get(k) ?? 0) + 1);
        }
        for (const top of m[4]!.split(', ')) {
          const t = /^(\w+) (\d*)×(\d+)$/.exec(top);
          assert.ok(t, top);
          assert.equal(counts.get(`${t[1]} ${t[2]}`), Number(t[3]), `${part}: ${top}`);
        }
        // Sorted by (tipoVoto, digitação) as the TSE writes it (TSE-FORMATS.md §4).
        const keys = vc.votos.map((v) => `${v.tipoVoto} ${v.digitacao ?? ''}`);
        const codes = vc.votos.map((v) => v.tipoVoto);
        assert.ok(codes.every((c, i) => i === 0 || c !== codes[i - 1] || keys[i - 1]! <= keys[i]!));
      }
    });
  }

  test('the RDV counts add up to the BU of the same seção (AC 01007/0009/0001, 2º turno)', () => {
    const rdv = decoded('2022-v1/secao-AC-01007-0009-0001-turno2/o00407-0100700090001.rdv');
    const bu = decoded('2022-v1/secao-AC-01007-0009-0001-turno2/o00407-0100700090001.bu');
    assert.ok(rdv.kind === 'rdv' && bu.kind === 'bu');
    const votos = rdv.value.rdv.eleicoes.eleicoesVota![0]!.votosCargos[0]!.votos;
    const byNumber = new Map<string, number>();
    for (const v of votos) {
      const k = v.tipoVoto === 'nominal' ? v.digitacao! : v.tipoVoto;
      byNumber.set(k, (byNumber.get(k) ?? 0) + 1);
    }
    const tuples = cargos(bu.value)[0]!.cargo.votosVotaveis as TotalVotosVotavelV1[];
    for (const t of tuples) assert.equal(byNumber.get(label(t)), t.quantidadeVotos, label(t));
  });
});

// ---- signature files ----

describe('real signature files: every row of EXPECTED.md', { skip }, () => {
  const rows = skip ? [] : table(md, 'Signature files (.vscmr)');
  for (const [fileCell, modelo, sw, hw, cert, hashes, hwSigs] of rows as string[][]) {
    const rel = unquote(fileCell!);
    test(rel, () => {
      const d = decoded(rel);
      assert.ok(d.kind === 'assinatura' && d.version === 'v1');
      assert.deepEqual(d.notes, []);
      const v = d.value;
      assert.equal(v.modeloUrna, modelo);
      const [swAlg, swUser, swSerial] = sw!.split(', ');
      assert.equal(v.assinaturaSW.autoAssinado.algoritmoAssinatura.algoritmo, swAlg);
      assert.equal(v.assinaturaSW.autoAssinado.usuario.nomeUsuario, swUser);
      assert.equal(v.assinaturaSW.autoAssinado.usuario.serial, Number(swSerial));
      assert.equal(v.assinaturaSW.certificadoDigital, undefined, 'the SW set carries no certificate');
      const [hwAlg, hwUser] = hw!.split(', ');
      assert.equal(v.assinaturaHW.autoAssinado.algoritmoAssinatura.algoritmo, hwAlg);
      assert.equal(v.assinaturaHW.autoAssinado.usuario.nomeUsuario, hwUser);
      for (const set of [v.assinaturaSW, v.assinaturaHW]) {
        assert.equal(set.autoAssinado.algoritmoHash.algoritmo, 'sha512');
        // autoAssinado covers conteudoAutoAssinado: its size and SHA-512 (TSE-FORMATS.md §5).
        assert.equal(set.autoAssinado.assinatura.tamanho, set.conteudoAutoAssinado.length);
        assert.equal(hexUpper(set.autoAssinado.assinatura.hash), hexUpper(sha512(set.conteudoAutoAssinado)));
      }
      const certBytes = v.assinaturaHW.certificadoDigital;
      assert.ok(certBytes);
      const der = /^DER \((\d+) bytes, (\d+) trailing\)/.exec(cert!);
      if (der) {
        assert.equal(certBytes[0], 0x30);
        const len = (certBytes[2]! << 8) | certBytes[3]!;
        assert.equal(certBytes[1], 0x82);
        // "946 bytes, 2 trailing": the OCTET STRING holds 946 bytes, a 944-byte DER certificate then padding.
        assert.equal(certBytes.length, Number(der[1]));
        assert.equal(certBytes.length - (4 + len), Number(der[2]));
      } else {
        assert.match(cert!, /^PEM/);
        assert.ok(String.fromCharCode(...certBytes.subarray(0, 27)).startsWith('-----BEGIN CERTIFICATE-----'));
      }
      // "bu:OK rdv:OK": those files' SHA-512 are listed, in both sets, and match the files in the same directory.
      for (const entry of hashes!.split(' ')) {
        const [ext, status] = entry.split(':');
        assert.equal(status, 'OK');
        const name = rel.replace(/^.*\//, '').replace(/\.vscmr$/, `.${ext}`);
        const actual = hexUpper(sha512(read(join(dirname(rel), name))));
        for (const set of [v.assinaturaSW, v.assinaturaHW]) {
          const listed = set.conteudo.arquivosAssinados.find((a) => a.nomeArquivo === name);
          assert.ok(listed, `${name} listed`);
          assert.equal(hexUpper(listed.assinatura.hash), actual, name);
          assert.equal(listed.assinatura.tamanho, read(join(dirname(rel), name)).length);
        }
      }
      // "12/12 (auto + 11 files)": the number of files the HW set signs.
      const n = /\(auto \+ (\d+) files\)/.exec(hwSigs!);
      assert.equal(v.assinaturaHW.conteudo.arquivosAssinados.length, Number(n![1]));
      assert.equal(v.assinaturaSW.conteudo.arquivosAssinados.length, Number(n![1]));
    });
  }
});
