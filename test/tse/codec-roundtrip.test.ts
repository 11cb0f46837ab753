// Our urna writes the TSE's V2 formats: decode(encode(x)) = x for the BU, the RDV and the signature file our urna
// produces — after a real voting day on the urna of test/urna/fixtures.ts, and (fast-check) for random BUs and RDVs
// with any counts, candidate numbers, cargos and Latin-1 strings the spec allows. A value that does not fit the
// spec is a Problem naming the field, never a throw and never a file our decoder would reject.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { signer, verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { fromHex, sha512 } from '../../src/crypto/hash.ts';
import type { CargaContent } from '../../src/media/carga-types.ts';
import { hexUpper } from '../../src/tse/ber.ts';
import type {
  CargaV1,
  EntidadeBoletimUrnaV1,
  EntidadeBoletimUrnaV2,
  EntidadeResultadoRDVV1,
  HistoricoVotoImpresso,
  TipoApuracaoSA,
  TotalVotosVotavelV1,
} from '../../src/tse/asn1-types.ts';
import {
  buV2FromModel,
  decodeBoletimUrna,
  decodeBuV2ToModel,
  encodeBoletimUrna,
  encodeBuV2,
} from '../../src/tse/bu-codec.ts';
import { sealChain } from '../../src/tse/bu-hash-chain.ts';
import { decodeFile } from '../../src/tse/decode-file.ts';
import {
  decodeRdvV2ToModel,
  decodeResultadoRDV,
  encodeRdvV2,
  encodeResultadoRDV,
  rdvV2FromModel,
} from '../../src/tse/rdv-codec.ts';
import { decodeSignatureFile, encodeSignatureFileV2 } from '../../src/tse/signature-file.ts';
import { verifyBuSignatures } from '../../src/urna/bu.ts';
import type { ManualClock } from '../../src/urna/clock.ts';
import {
  BU_TIPO_VOTO,
  RDV_TIPO_VOTO,
  TIPO_CARGO,
  type BoletimUrna,
  type BuTipoVoto,
  type EntidadeResultadoRDV,
  type RdvTipoVoto,
  type ResultadoVotacaoPorEleicao,
  type TipoCargo,
  type TotalVotosVotavel,
} from '../../src/urna/model.ts';
import type { ResultsPackage, Urna } from '../../src/urna/urna.ts';
import { at, castVote, generalCarga, municipalCarga, openUrna } from '../urna/fixtures.ts';

/** Records with a normal prototype (fast-check may otherwise build null-prototype objects, which deepEqual rejects). */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>;
}

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function closeAt(urna: Urna, clock: ManualClock): ResultsPackage {
  clock.set(at('17:00'));
  const r = urna.close(true);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

/** The TSE name of one of our seção's files, V2 style. */
function tseName(carga: CargaContent, suffix: string): string {
  const s = carga.secao;
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `o${pad(carga.election.pleito, 5)}${s.uf.toLowerCase()}${pad(s.municipio, 5)}${pad(s.zona, 4)}${pad(s.secao, 4)}-${suffix}`;
}

function dayOf(carga: CargaContent, ballots: readonly (readonly string[])[]): ResultsPackage {
  const { urna, clock } = openUrna(carga);
  ballots.forEach((b, i) => castVote(urna, carga.voters[i]!, b));
  return closeAt(urna, clock);
}

const MUNICIPAL: readonly (readonly string[])[] = [
  ['10001', '10'],
  ['10001', '20'],
  ['20', 'BRANCO'],
  ['10999', '99'],
  ['20002', '30'],
  ['99999', '10'],
  ['BRANCO', 'BRANCO'],
  ['30001', '10'],
];
const GENERAL: readonly (readonly string[])[] = [
  ['1011', '101', '202', '10', '10'],
  ['10', '101', '101', '20', '20'],
  ['2099', 'BRANCO', '303', 'BRANCO', '99'],
  ['3011', '202', '303', '20', '10'],
];

describe('a voting day of our urna, written in the TSE V2 formats', () => {
  for (const [label, carga, ballots] of [
    ['municipal (vereador + prefeito)', municipalCarga(), MUNICIPAL],
    ['general (2 eleições, senador with 2 seats)', generalCarga(), GENERAL],
  ] as const) {
    test(`${label}: BU and RDV bytes decode back to exactly what the urna built`, () => {
      const pkg = dayOf(carga, ballots);
      const buName = tseName(carga, 'bu.dat');
      const buBytes = encodeBuV2(pkg.bu, { file: buName });
      assert.ok(buBytes.ok, JSON.stringify(!buBytes.ok && buBytes.problems));
      const d = decodeFile(buName, buBytes.value);
      assert.ok(d.ok && d.value.kind === 'bu' && d.value.version === 'v2');
      assert.deepEqual(d.value.notes, [], 'the TSE name agrees with the content (pleito, seção, version)');
      const back = decodeBuV2ToModel(buBytes.value, buName);
      assert.ok(back.ok);
      assert.deepEqual(back.value, pkg.bu);
      // The decoded BU still verifies with the urna's key: chain and signature survived the round trip.
      assert.deepEqual(verifyBuSignatures(back.value, carga.urna.publicKey), []);

      const rdvName = tseName(carga, 'rdv.dat');
      const rdvBytes = encodeRdvV2(pkg.rdv, rdvName);
      assert.ok(rdvBytes.ok);
      const r = decodeFile(rdvName, rdvBytes.value);
      assert.ok(r.ok && r.value.kind === 'rdv' && r.value.version === 'v2');
      assert.deepEqual(r.value.notes, []);
      const rdvBack = decodeRdvV2ToModel(rdvBytes.value, rdvName);
      assert.ok(rdvBack.ok);
      assert.deepEqual(rdvBack.value, pkg.rdv);
      assert.equal(
        rdvBack.value.rdv.eleicoes.reduce((n, e) => n + e.votosCargos[0]!.votos.length, 0),
        ballots.length * pkg.rdv.rdv.eleicoes.length,
      );
    });
  }

  test('the signature file: every listed hash and Ed25519 signature checks out, HW carries the certificate', () => {
    const carga = municipalCarga();
    const pkg = dayOf(carga, MUNICIPAL);
    const bu = encodeBuV2(pkg.bu);
    const rdv = encodeRdvV2(pkg.rdv);
    assert.ok(bu.ok && rdv.ok);
    const files = [
      { nomeArquivo: tseName(carga, 'bu.dat'), bytes: bu.value },
      { nomeArquivo: tseName(carga, 'rdv.dat'), bytes: rdv.value },
    ];
    const urnaSigner = signer({ publicKey: fromHex(carga.urna.publicKey), privateKey: fromHex(carga.urna.privateKey) });
    const certificadoDigital = new TextEncoder().encode(JSON.stringify(carga.urna.certificate));
    const sig = encodeSignatureFileV2({
      dataHoraCriacao: pkg.bu.dataHoraEmissao,
      files,
      signer: urnaSigner,
      usuario: { nomeUsuario: 'UE02046631', serial: 20240930 },
      certificadoDigital,
      conjuntoChave: 'URNA-TS',
    });
    assert.ok(sig.ok, JSON.stringify(!sig.ok && sig.problems));
    const name = tseName(carga, 'vota.vsc');
    const d = decodeFile(name, sig.value.bytes);
    assert.ok(d.ok && d.value.kind === 'assinatura' && d.value.version === 'v2');
    assert.deepEqual(d.value.value, sig.value.value);
    // Without the name the content alone says V2 (eddsa is a V2-only value).
    const anon = decodeSignatureFile(sig.value.bytes, 'anonymous');
    assert.ok(anon.ok && anon.value.version === 'v2');

    const v = d.value.value;
    assert.equal(v.modeloEquipamento, 'ue2022');
    assert.equal(v.assinaturaSW.certificadoDigital, undefined);
    assert.ok(v.assinaturaHW.certificadoDigital && equalBytes(v.assinaturaHW.certificadoDigital, certificadoDigital));
    const key = fromHex(carga.urna.publicKey);
    for (const set of [v.assinaturaSW, v.assinaturaHW]) {
      assert.deepEqual(set.autoAssinado.algoritmoAssinatura, { algoritmo: 'eddsa', bits: 256 });
      assert.equal(set.autoAssinado.algoritmoHash.algoritmo, 'sha512');
      const auto = set.autoAssinado.assinatura;
      assert.equal(auto.tamanho, set.conteudoAutoAssinado.length);
      assert.equal(hexUpper(auto.hash), hexUpper(sha512(set.conteudoAutoAssinado)));
      assert.ok(verifyEd25519(key, sha512(auto.hash), auto.assinatura));
      assert.deepEqual(
        set.conteudo.arquivosAssinados.map((a) => a.nomeArquivo),
        files.map((f) => f.nomeArquivo),
      );
      set.conteudo.arquivosAssinados.forEach((a, i) => {
        assert.equal(a.assinatura.tamanho, files[i]!.bytes.length);
        assert.equal(hexUpper(a.assinatura.hash), hexUpper(sha512(files[i]!.bytes)));
        assert.ok(verifyEd25519(key, sha512(a.assinatura.hash), a.assinatura.assinatura));
        // And it is a signature of that file only.
        assert.ok(!verifyEd25519(key, sha512(sha512(files[1 - i]!.bytes)), a.assinatura.assinatura));
      });
    }
  });
});

// ---- random BUs and RDVs ----

const hexOf = (len: { min: number; max: number }) =>
  fc.uint8Array({ minLength: len.min, maxLength: len.max }).map((b) => hexUpper(b));
const latin1 = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength });
const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const dataHora = digits(8).chain((d) => digits(6).map((t) => `${d}T${t}`));
const cargoCode = fc.oneof(fc.integer({ min: 1, max: 13 }), fc.integer({ min: 25, max: 99 }));
const qtd = fc.integer({ min: 0, max: 9999 });

const tupleArb: fc.Arbitrary<TotalVotosVotavel> = rec({
  tipoVoto: fc.constantFrom(...(Object.keys(BU_TIPO_VOTO) as BuTipoVoto[])),
  quantidadeVotos: qtd,
  partido: fc.integer({ min: 0, max: 99 }),
  codigo: fc.integer({ min: 0, max: 99999 }),
}).map(({ tipoVoto, quantidadeVotos, partido, codigo }) =>
  tipoVoto === 'nominal' || tipoVoto === 'legenda'
    ? { tipoVoto, quantidadeVotos, identificacaoVotavel: { partido, codigo }, ordemGeracaoHash: 0, hash: '' }
    : { tipoVoto, quantidadeVotos, ordemGeracaoHash: 0, hash: '' },
);

const eleicaoArb: fc.Arbitrary<ResultadoVotacaoPorEleicao> = rec({
  idEleicao: fc.integer({ min: 0, max: 99999 }),
  qtdEleitoresAptos: qtd,
  qtdEleitoresAptosSecao: qtd,
  qtdEleitoresAptosTTE: qtd,
  resultadosVotacao: fc.array(
    rec({
      tipoCargo: fc.constantFrom(...(Object.keys(TIPO_CARGO) as TipoCargo[])),
      qtdComparecimento: qtd,
      totaisVotosCargo: fc.array(
        rec({
          codigoCargo: cargoCode,
          ordemImpressao: fc.integer({ min: 1, max: 99 }),
          votosVotaveis: fc.array(tupleArb, { maxLength: 12 }),
        }),
        { maxLength: 3 },
      ),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  ultimoHashVotosVotavel: fc.constant(''),
  assinaturaUltimoHashVotosVotavel: hexOf({ min: 0, max: 132 }),
});

const secaoArb = rec({
  municipio: fc.integer({ min: 1, max: 99999 }),
  zona: fc.integer({ min: 1, max: 9999 }),
  local: fc.integer({ min: 1, max: 9999 }),
  secao: fc.integer({ min: 1, max: 9999 }),
});

const urnaArb = rec({
  tipoUrna: fc.constantFrom('secao', 'contingencia', 'reservaSecao', 'reservaEncerrandoSecao' as const),
  versaoVotacao: latin1(40),
  correspondenciaResultado: rec({
    identificacao: secaoArb,
    carga: rec({
      numeroInternoUrna: fc.integer({ min: 0, max: 99999999 }),
      numeroSerieFC: hexOf({ min: 4, max: 4 }),
      identificadorGeradorMidia: rec({
        nome: latin1(20),
        serialCertificadoTPM: latin1(30),
        serialInstalacao: latin1(10),
      }),
      dataHoraCarga: dataHora,
      codigoCarga: digits(24),
    }),
  }),
  tipoArquivo: fc.constant('votacaoUE' as const),
  numeroSerieFV: hexOf({ min: 4, max: 4 }),
});

const buArb: fc.Arbitrary<BoletimUrna> = rec({
  cabecalho: rec({ dataGeracao: dataHora, idPleito: fc.integer({ min: 0, max: 99999 }) }),
  fase: fc.constantFrom('simulado', 'oficial', 'treinamento' as const),
  urna: urnaArb,
  identificacaoSecao: secaoArb,
  dataHoraEmissao: dataHora,
  dadosSecao: rec({ dataHoraAbertura: dataHora, dataHoraEncerramento: dataHora }),
  qtdEleitoresCompareceram: qtd,
  detalhamentoComparecimento: rec({
    qtdEleitoresCompareceramSemBiometria: qtd,
    qtdEleitoresHabilitadosPorBiometria: qtd,
    qtdEleitoresHabilitadosPorBiografia: qtd,
  }),
  resultadosVotacaoPorEleicao: fc.array(eleicaoArb, { minLength: 1, maxLength: 2 }),
  historicoCodigosCarga: fc.array(digits(24), { minLength: 1, maxLength: 3 }),
}).map((bu) => {
  // Real chain links, as the urna writes them (sealChain fills ordemGeracaoHash, hash and ultimoHash).
  for (const e of bu.resultadosVotacaoPorEleicao) sealChain(bu, e);
  return bu;
});

const rdvArb: fc.Arbitrary<EntidadeResultadoRDV> = rec({
  cabecalho: rec({ dataGeracao: dataHora, idPleito: fc.integer({ min: 0, max: 99999 }) }),
  urna: urnaArb,
  rdv: rec({
    pleito: fc.integer({ min: 0, max: 99999 }),
    fase: fc.constantFrom('simulado', 'oficial', 'treinamento' as const),
    identificacao: secaoArb,
    historicoCodigosCarga: fc.array(digits(24), { maxLength: 2 }),
    eleicoes: fc.array(
      rec({
        idEleicao: fc.integer({ min: 0, max: 99999 }),
        votosCargos: fc.array(
          rec({
            idCargo: cargoCode,
            quantidadeEscolhas: fc.integer({ min: 1, max: 50 }),
            votos: fc.array(
              fc.oneof(
                rec({ tipoVoto: fc.constantFrom(...(Object.keys(RDV_TIPO_VOTO) as RdvTipoVoto[])) }),
                rec({
                  tipoVoto: fc.constantFrom(...(Object.keys(RDV_TIPO_VOTO) as RdvTipoVoto[])),
                  digitacao: fc.integer({ min: 1, max: 5 }).chain(digits),
                }),
              ),
              { maxLength: 20 },
            ),
          }),
          { maxLength: 4 },
        ),
      }),
      { maxLength: 3 },
    ),
  }),
});

describe('random BUs and RDVs (fast-check): decode(encode(x)) = x', () => {
  test('BoletimUrna → V2 -bu.dat → BoletimUrna', () => {
    fc.assert(
      fc.property(buArb, (bu) => {
        const bytes = encodeBuV2(bu);
        assert.ok(bytes.ok, JSON.stringify(!bytes.ok && bytes.problems));
        const back = decodeBuV2ToModel(bytes.value);
        assert.ok(back.ok, JSON.stringify(!back.ok && back.problems));
        assert.deepEqual(back.value, bu);
      }),
      { numRuns: 300, includeErrorInReport: true },
    );
  });

  test('EntidadeResultadoRDV → V2 -rdv.dat → EntidadeResultadoRDV', () => {
    fc.assert(
      fc.property(rdvArb, (rdv) => {
        const bytes = encodeRdvV2(rdv);
        assert.ok(bytes.ok, JSON.stringify(!bytes.ok && bytes.problems));
        const back = decodeRdvV2ToModel(bytes.value);
        assert.ok(back.ok, JSON.stringify(!back.ok && back.problems));
        assert.deepEqual(back.value, rdv);
      }),
      { numRuns: 300, includeErrorInReport: true },
    );
  });
});

describe('values outside the spec are Problems naming the field', () => {
  const base = (): BoletimUrna => {
    const bu = fc.sample(buArb, { numRuns: 1, seed: 42 })[0]!;
    bu.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[0]!.totaisVotosCargo = [
      {
        codigoCargo: 13,
        ordemImpressao: 1,
        votosVotaveis: [
          {
            tipoVoto: 'nominal',
            quantidadeVotos: 3,
            identificacaoVotavel: { partido: 10, codigo: 10001 },
            ordemGeracaoHash: 1,
            hash: 'AB',
          },
        ],
      },
    ];
    return bu;
  };
  const cargoPath = 'resultadosVotacaoPorEleicao[0].resultadosVotacao[0].totaisVotosCargo[0]';
  const cases: [string, (bu: BoletimUrna) => void, RegExp, RegExp][] = [
    ['a cargo code outside 1..13 and 25..99', (bu) => (firstCargo(bu).codigoCargo = 20), /codigoCargo/, /1\.\.13/],
    ['a hash that is not hex', (bu) => (firstTuple(bu).hash = 'XYZ'), /votosVotaveis\[0\]\.hash/, /hex/],
    [
      'a count above QtdEleitores (9999)',
      (bu) => (firstTuple(bu).quantidadeVotos = 10000),
      /quantidadeVotos/,
      /0\.\.9999/,
    ],
    ['a non-Latin-1 character', (bu) => (bu.urna.versaoVotacao = 'versão €'), /urna\.versaoVotacao/, /Latin-1/],
    [
      'a DataHoraJE of the wrong size',
      (bu) => (bu.dataHoraEmissao = '2024-10-06 17:00'),
      /dataHoraEmissao/,
      /15 characters/,
    ],
    ['a 5-byte numeroSerieFV', (bu) => (bu.urna.numeroSerieFV = '0102030405'), /numeroSerieFV/, /4 bytes/],
    ['a fractional count', (bu) => (bu.qtdEleitoresCompareceram = 1.5), /qtdEleitoresCompareceram/, /integer/],
  ];
  function firstCargo(bu: BoletimUrna) {
    return bu.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[0]!.totaisVotosCargo[0]!;
  }
  function firstTuple(bu: BoletimUrna) {
    return firstCargo(bu).votosVotaveis[0]!;
  }
  for (const [what, mutate, path, expected] of cases) {
    test(what, () => {
      const ok = encodeBuV2(base());
      assert.ok(ok.ok, 'the unmodified BU encodes');
      const bu = base();
      mutate(bu);
      const r = encodeBuV2(bu, { file: 'our-bu.dat' });
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.problems.length, 1);
      const p = r.problems[0]!;
      assert.equal(p.file, 'our-bu.dat');
      assert.match(p.path, path);
      assert.match(p.expected, expected);
      if (path.source.includes('votosVotaveis') || path.source.includes('codigoCargo')) {
        assert.ok(p.path.includes(cargoPath), p.path);
      }
    });
  }
});

// ---- the components our urna never writes (SA, contingency, printed-vote history, consultas) ----

const motivoArb: fc.Arbitrary<TipoApuracaoSA> = fc.oneof(
  rec({
    apuracaoMistaMR: rec({
      tipoApuracao: fc.constantFrom('totalmenteManual', 'mistaMR' as const),
      motivoApuracao: fc.constantFrom('naoObteveExitoContingencia', 'outros' as const),
    }),
  }),
  rec({
    apuracaoMistaBUAE: rec({
      tipoapuracao: fc.constantFrom('mistaBU' as const),
      motivoApuracao: fc.constantFrom('urnaComDefeito', 'urnaChegouAposInicioVotacao' as const),
    }),
  }),
  rec({
    apuracaoTotalmenteManual: rec({
      tipoapuracao: fc.constantFrom('totalmenteManual' as const),
      motivoApuracao: fc.constantFrom('urnaIndisponivelInicio', 'outros' as const),
    }),
  }),
  rec({
    apuracaoEletronica: rec({
      tipoapuracao: fc.constantFrom('totalmenteEletronica' as const),
      motivoApuracao: fc.constantFrom('urnaNaoChegouMidiaExtraviada' as const),
    }),
  }),
);

interface Extras {
  dadosSA: { juntaApuradora: number; turmaApuradora: number; numeroInternoUrnaOrigem: number } | null;
  motivo: TipoApuracaoSA | null;
  historico: HistoricoVotoImpresso[] | null;
  desligamento: string | null;
  contingencia: { municipio: number; zona: number } | null;
  semDetalhamento: boolean;
  idEleicaoHeader: number | null;
}

const extrasArb: fc.Arbitrary<Extras> = rec({
  dadosSA: fc.option(
    rec({
      juntaApuradora: qtd,
      turmaApuradora: qtd,
      numeroInternoUrnaOrigem: fc.integer({ min: 0, max: 99999999 }),
    }),
  ),
  motivo: fc.option(motivoArb),
  historico: fc.option(
    fc.array(
      rec({
        idImpressoraVotos: fc.integer({ min: 0, max: 99999999 }),
        idRepositorioVotos: fc.integer({ min: 0, max: 99999999 }),
        dataHoraLigamento: dataHora,
      }),
      { maxLength: 3 },
    ),
  ),
  desligamento: fc.option(dataHora),
  contingencia: fc.option(
    rec({ municipio: fc.integer({ min: 1, max: 99999 }), zona: fc.integer({ min: 1, max: 9999 }) }),
  ),
  semDetalhamento: fc.boolean(),
  idEleicaoHeader: fc.option(fc.integer({ min: 0, max: 99999 })),
});

/** A V2 EntidadeBoletimUrna with the rarely seen components switched on. */
function withExtras(bu: BoletimUrna, x: Extras): EntidadeBoletimUrnaV2 {
  const r = buV2FromModel(bu);
  assert.ok(r.ok);
  const v = r.value;
  if (x.dadosSA) v.dadosSecaoSA = { dadosSA: x.dadosSA };
  else if (x.desligamento) v.dadosSecaoSA.dadosSecao!.dataHoraDesligamentoVotoImpresso = x.desligamento;
  if (x.motivo) v.urna.motivoUtilizacaoSA = x.motivo;
  if (x.historico) v.historicoVotoImpresso = x.historico;
  if (x.contingencia) {
    v.urna.correspondenciaResultado.identificacao = { identificacaoContingencia: { municipioZona: x.contingencia } };
  }
  if (x.semDetalhamento) delete v.detalhamentoComparecimento;
  if (x.idEleicaoHeader !== null) v.cabecalho.idEleitoral = { idEleicao: x.idEleicaoHeader };
  return v;
}

/** The same content in the V1 layout (tuple signatures instead of the chain, the 32-byte key, V1 Carga). */
function asV1(v: EntidadeBoletimUrnaV2, x: Extras): EntidadeBoletimUrnaV1 {
  const { identificadorGeradorMidia: _, ...carga } = v.urna.correspondenciaResultado.carga;
  const cargaV1: CargaV1 = carga;
  const v1: EntidadeBoletimUrnaV1 = {
    cabecalho: v.cabecalho,
    fase: v.fase,
    urna: { ...v.urna, correspondenciaResultado: { ...v.urna.correspondenciaResultado, carga: cargaV1 } },
    identificacaoSecao: v.identificacaoSecao,
    dataHoraEmissao: v.dataHoraEmissao,
    dadosSecaoSA: v.dadosSecaoSA,
    resultadosVotacaoPorEleicao: v.resultadosVotacaoPorEleicao.map((e) => ({
      idEleicao: e.idEleicao,
      qtdEleitoresAptos: e.qtdEleitoresAptos,
      resultadosVotacao: e.resultadosVotacao.map((rv) => ({
        ...rv,
        totaisVotosCargo: rv.totaisVotosCargo.map((c) => ({
          ...c,
          votosVotaveis: c.votosVotaveis.map((t): TotalVotosVotavelV1 => {
            const { ordemGeracaoHash: _o, hash, ...rest } = t;
            return { ...rest, assinatura: hash };
          }),
        })),
      })),
    })),
    chaveAssinaturaVotosVotavel: new Uint8Array(32).fill(7),
  };
  if (!x.semDetalhamento) {
    v1.qtdEleitoresLibCodigo = v.detalhamentoComparecimento!.qtdEleitoresCompareceramSemBiometria;
    v1.qtdEleitoresCompBiometrico = v.detalhamentoComparecimento!.qtdEleitoresHabilitadosPorBiometria;
  }
  if (x.contingencia) {
    // The urna took over another one's seção: the history lists the earlier correspondence too.
    const earlier = { ...v1.urna.correspondenciaResultado, carga: { ...cargaV1, codigoCarga: '1'.repeat(24) } };
    v1.historicoCorrespondencias = [earlier, v1.urna.correspondenciaResultado];
  }
  if (x.historico) v1.historicoVotoImpresso = x.historico;
  // Key order as the decoder builds it (the spec's order), so deepEqual compares like with like.
  const { chaveAssinaturaVotosVotavel, ...head } = v1;
  return { ...head, chaveAssinaturaVotosVotavel } as EntidadeBoletimUrnaV1;
}

describe('TSE objects beyond what our urna writes round trip too (fast-check)', () => {
  test('V2 and V1 BUs with SA data, contingency urna, printed-vote history, consultas, other headers', () => {
    fc.assert(
      fc.property(buArb, extrasArb, (bu, x) => {
        const v2 = withExtras(bu, x);
        const b2 = encodeBoletimUrna(v2);
        assert.ok(b2.ok, JSON.stringify(!b2.ok && b2.problems));
        const d2 = decodeBoletimUrna(b2.value);
        assert.ok(d2.ok && d2.value.version === 'v2');
        assert.deepEqual(d2.value.bu, v2);

        const v1 = asV1(v2, x);
        const b1 = encodeBoletimUrna(v1);
        assert.ok(b1.ok, JSON.stringify(!b1.ok && b1.problems));
        const d1 = decodeBoletimUrna(b1.value);
        assert.ok(d1.ok && d1.value.version === 'v1', JSON.stringify(!d1.ok && d1.problems));
        assert.deepEqual(d1.value.bu, v1);
        // A V2 Carga anywhere in a V1 BU is refused by the encoder (it would not decode as either version).
        const mixed = { ...v1, historicoCorrespondencias: [v2.urna.correspondenciaResultado] } as EntidadeBoletimUrnaV1;
        const m = encodeBoletimUrna(mixed);
        assert.ok(!m.ok && /historicoCorrespondencias\[0\]\.carga/.test(m.problems[0]!.path));
      }),
      { numRuns: 200, includeErrorInReport: true },
    );
  });

  test('RDVs of the SA (eleicoesSA), V2 and V1 (whose CHOICE tags differ)', () => {
    fc.assert(
      fc.property(rdvArb, fc.constantFrom('cedula', 'rdv', 'bu' as const), (rdv, origem) => {
        const r = rdvV2FromModel(rdv);
        assert.ok(r.ok);
        const v2 = r.value;
        v2.rdv.eleicoes = {
          eleicoesSA: v2.rdv.eleicoes.eleicoesVota!.map((e) => ({
            idEleicao: e.idEleicao,
            tipoCedulaSA: 'proporcional' as const,
            origemVotosSA: origem,
            votosCargos: e.votosCargos,
          })),
        };
        const b2 = encodeResultadoRDV(v2);
        assert.ok(b2.ok);
        const d2 = decodeResultadoRDV(b2.value);
        assert.ok(d2.ok && d2.value.version === 'v2');
        assert.deepEqual(d2.value.rdv, v2);

        const { identificadorGeradorMidia: _, ...carga } = v2.urna.correspondenciaResultado.carga;
        const { historicoCodigosCarga: _h, ...rest } = v2.rdv;
        const v1: EntidadeResultadoRDVV1 = {
          cabecalho: v2.cabecalho,
          urna: { ...v2.urna, correspondenciaResultado: { ...v2.urna.correspondenciaResultado, carga } },
          rdv: rest,
        };
        const b1 = encodeResultadoRDV(v1);
        assert.ok(b1.ok);
        const d1 = decodeResultadoRDV(b1.value);
        assert.ok(d1.ok && d1.value.version === 'v1');
        assert.deepEqual(d1.value.rdv, v1);
        // V1 eleicoesSA is [1], which is V2's eleicoesVota: forcing the wrong version must not go unnoticed.
        assert.ok(!decodeResultadoRDV(b1.value, 'x', { version: 'v2' }).ok);
      }),
      { numRuns: 200, includeErrorInReport: true },
    );
  });
});
