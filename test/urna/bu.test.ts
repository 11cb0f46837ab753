// The BU built from an RDV export (independently of the voting screens), its hash chain and signature, and the
// printed reports.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyEd25519, signer } from '../../src/crypto/ed25519.ts';
import { fromHex, sha512, toHex } from '../../src/crypto/hash.ts';
import type { CargaContent } from '../../src/media/carga-types.ts';
import { checkChain } from '../../src/tse/bu-hash-chain.ts';
import { buildBu, cargoTotal, verifyBuSignatures, type BuInput } from '../../src/urna/bu.ts';
import type { BoletimUrna, EleicaoVota, RdvTipoVoto, Voto } from '../../src/urna/model.ts';
import { PAPER_WIDTH, printSigned, verifyPrintedReport } from '../../src/urna/printer.ts';
import { bimReport, biograficaReport, buCopies, buReport, bujReport } from '../../src/urna/reports.ts';
import { ZonedFormatter } from '../../src/urna/clock.ts';
import { at, generalCarga, municipalCarga } from './fixtures.ts';

const urnaSigner = (carga: CargaContent) =>
  signer({ publicKey: fromHex(carga.urna.publicKey), privateKey: fromHex(carga.urna.privateKey) });
const fmt = new ZonedFormatter('America/Sao_Paulo');

/** `n` copies of a vote. */
function times(n: number, tipoVoto: RdvTipoVoto, digitacao?: string): Voto[] {
  return Array.from({ length: n }, () => (digitacao === undefined ? { tipoVoto } : { tipoVoto, digitacao }));
}

function tokens(bu: BoletimUrna, idEleicao: number, codigoCargo: number): string[] {
  const cargo = bu.resultadosVotacaoPorEleicao
    .find((e) => e.idEleicao === idEleicao)
    ?.resultadosVotacao.flatMap((r) => r.totaisVotosCargo)
    .find((c) => c.codigoCargo === codigoCargo);
  assert.ok(cargo, `cargo ${codigoCargo} of eleição ${idEleicao}`);
  return cargo.votosVotaveis.map((t) => {
    const id = t.identificacaoVotavel;
    return `${t.tipoVoto}${id ? `(${id.codigo}/${id.partido})` : ''}:${t.quantidadeVotos}`;
  });
}

/** 6 voters of the general carga, as an RDV export would give them (eleições deliberately out of screen order). */
const GENERAL_VOTES: EleicaoVota[] = [
  { idEleicao: 544, votosCargos: [{ idCargo: 1, quantidadeEscolhas: 1, votos: times(6, 'nominal', '20') }] },
  {
    idEleicao: 546,
    votosCargos: [
      {
        idCargo: 3,
        quantidadeEscolhas: 1,
        votos: [
          ...times(3, 'nominal', '10'),
          ...times(1, 'nominal', '20'),
          ...times(1, 'branco'),
          ...times(1, 'nulo', '99'),
        ],
      },
      {
        idCargo: 5,
        quantidadeEscolhas: 2,
        votos: [
          ...times(4, 'nominal', '101'),
          ...times(3, 'nominal', '202'),
          ...times(1, 'nominal', '303'),
          ...times(2, 'branco'),
          ...times(1, 'nulo', '999'),
          ...times(1, 'nuloPorRepeticao', '101'),
        ],
      },
      {
        idCargo: 6,
        quantidadeEscolhas: 1,
        votos: [
          ...times(1, 'legenda', '10'),
          ...times(1, 'legenda', '2099'), // full number of no candidate of party 20: credited to 20
          ...times(2, 'nominal', '1011'),
          ...times(1, 'nominal', '3011'),
          ...times(1, 'nulo', '99'),
        ],
      },
    ],
  },
];

function generalBu(carga = generalCarga()): { bu: BoletimUrna; input: BuInput } {
  const input: BuInput = {
    carga,
    votes: GENERAL_VOTES,
    counts: { compareceram: 6, semBiometria: 1, porBiometria: 4, porBiografia: 1 },
    times: { abertura: at('08:00:05'), encerramento: at('17:02:10'), emissao: at('17:02:30') },
    signer: urnaSigner(carga),
  };
  return { bu: buildBu(input), input };
}

describe('buildBu', () => {
  test('tuples: nominal by number, branco, nulo (every nulo kind), legenda by party; zero lines omitted', () => {
    const { bu } = generalBu();
    assert.deepEqual(tokens(bu, 546, 6), [
      'nominal(1011/10):2',
      'nominal(3011/30):1',
      'nulo:1',
      'legenda(10/10):1',
      'legenda(20/20):1',
    ]);
    assert.deepEqual(tokens(bu, 546, 5), [
      'nominal(101/10):4',
      'nominal(202/20):3',
      'nominal(303/30):1',
      'branco:2',
      'nulo:2',
    ]);
    assert.deepEqual(tokens(bu, 546, 3), ['nominal(10/10):3', 'nominal(20/20):1', 'branco:1', 'nulo:1']);
    assert.deepEqual(tokens(bu, 544, 1), ['nominal(20/20):6']);
  });

  test('structure: eleições and cargos in screen order, ordemImpressao across eleições, counts and times', () => {
    const carga = generalCarga();
    const { bu } = generalBu(carga);
    assert.deepEqual(
      bu.resultadosVotacaoPorEleicao.map((e) => [
        e.idEleicao,
        e.resultadosVotacao.map((r) => [
          r.tipoCargo,
          r.qtdComparecimento,
          r.totaisVotosCargo.map((c) => `${c.codigoCargo}#${c.ordemImpressao}`),
        ]),
      ]),
      [
        [
          546,
          [
            ['proporcional', 6, ['6#1']],
            ['majoritario', 6, ['5#2', '3#3']],
          ],
        ],
        [544, [['majoritario', 6, ['1#4']]]],
      ],
    );
    for (const e of bu.resultadosVotacaoPorEleicao) {
      assert.deepEqual(
        [e.qtdEleitoresAptos, e.qtdEleitoresAptosSecao, e.qtdEleitoresAptosTTE],
        [carga.voters.length, carga.voters.length, 0],
      );
    }
    const senado = bu.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[1]!.totaisVotosCargo[0]!;
    assert.equal(cargoTotal(senado), 6 * 2);
    assert.deepEqual(bu.cabecalho, { dataGeracao: '20241006T170230', idPleito: 406 });
    assert.deepEqual(bu.dadosSecao, { dataHoraAbertura: '20241006T080005', dataHoraEncerramento: '20241006T170210' });
    assert.equal(bu.dataHoraEmissao, '20241006T170230');
    assert.equal(bu.fase, 'oficial');
    assert.deepEqual(bu.identificacaoSecao, { municipio: 71072, zona: 1, local: 1015, secao: 15 });
    assert.deepEqual(bu.urna.correspondenciaResultado.identificacao, bu.identificacaoSecao);
    assert.deepEqual(bu.urna.correspondenciaResultado.carga, carga.carga);
    assert.equal(bu.urna.numeroSerieFV, 'AB1B2A7B');
    assert.equal(bu.urna.tipoUrna, 'secao');
    assert.equal(bu.urna.tipoArquivo, 'votacaoUE');
    assert.equal(bu.qtdEleitoresCompareceram, 6);
    assert.deepEqual(bu.detalhamentoComparecimento, {
      qtdEleitoresCompareceramSemBiometria: 1,
      qtdEleitoresHabilitadosPorBiometria: 4,
      qtdEleitoresHabilitadosPorBiografia: 1,
    });
    assert.deepEqual(bu.historicoCodigosCarga, [carga.carga.codigoCarga]);
  });

  test('the chain follows TSE-FORMATS §3.5 and the last hash is signed by the urna key', () => {
    const carga = generalCarga();
    const { bu } = generalBu(carga);
    assert.deepEqual(checkChain(bu), []);
    // Recompute the first link from the documented rule, independently of bu-hash-chain.ts.
    const h0 = sha512(`00406|00546|71072|0001|0015|${carga.carga.codigoCarga}`);
    const h1 = sha512(`${toHex(h0).toUpperCase()}|1|6|1|2|1011|10`);
    const first = bu.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[0]!.totaisVotosCargo[0]!.votosVotaveis[0]!;
    assert.equal(first.hash, toHex(h1).toUpperCase());
    assert.equal(first.ordemGeracaoHash, 1);
    for (const e of bu.resultadosVotacaoPorEleicao) {
      const ok = verifyEd25519(
        fromHex(carga.urna.publicKey),
        sha512(fromHex(e.ultimoHashVotosVotavel)),
        fromHex(e.assinaturaUltimoHashVotosVotavel),
      );
      assert.ok(ok, `signature of eleição ${e.idEleicao}`);
    }
    assert.deepEqual(verifyBuSignatures(bu, carga.urna.publicKey), []);
  });

  test('verification names what is wrong: a changed count, a foreign key, a signature that is not hex', () => {
    const carga = generalCarga();
    const { bu } = generalBu(carga);
    const changed = structuredClone(bu);
    changed.resultadosVotacaoPorEleicao[1]!.resultadosVotacao[0]!.totaisVotosCargo[0]!.votosVotaveis[0]!.quantidadeVotos = 7;
    const p = verifyBuSignatures(changed, carga.urna.publicKey, 'o00406-bu.json');
    assert.ok(p.length >= 2, 'p.length >= 2'); // the tuple and the last hash
    assert.equal(p[0]!.file, 'o00406-bu.json');
    assert.match(p[0]!.path, /idEleicao=544.*cargo 1 tuple 1/);
    assert.equal(verifyBuSignatures(bu, municipalCarga().urna.publicKey).length, 2);
    const garbled = structuredClone(bu);
    garbled.resultadosVotacaoPorEleicao[0]!.assinaturaUltimoHashVotosVotavel = 'zz';
    assert.deepEqual(
      verifyBuSignatures(garbled, carga.urna.publicKey).map((x) => x.path),
      ['resultadosVotacaoPorEleicao[0].assinaturaUltimoHashVotosVotavel'],
    );
  });

  test('an empty seção: every cargo present without tuples, chain = seed, still signed', () => {
    const carga = municipalCarga();
    const bu = buildBu({
      carga,
      votes: [],
      counts: { compareceram: 0, semBiometria: 0, porBiometria: 0, porBiografia: 0 },
      times: { abertura: at('08:00'), encerramento: at('17:00'), emissao: at('17:00') },
      signer: urnaSigner(carga),
    });
    const cargos = bu.resultadosVotacaoPorEleicao[0]!.resultadosVotacao.flatMap((r) => r.totaisVotosCargo);
    assert.deepEqual(
      cargos.map((c) => [c.codigoCargo, c.votosVotaveis.length]),
      [
        [13, 0],
        [11, 0],
      ],
    );
    assert.equal(
      bu.resultadosVotacaoPorEleicao[0]!.ultimoHashVotosVotavel,
      toHex(sha512(`00452|00619|71072|0001|0015|${carga.carga.codigoCarga}`)).toUpperCase(),
    );
    assert.deepEqual(verifyBuSignatures(bu, carga.urna.publicKey), []);
  });

  test('votes for an office without candidates become cargoSemCandidato tuples', () => {
    const carga = municipalCarga();
    const bu = buildBu({
      carga,
      votes: [
        {
          idEleicao: 619,
          votosCargos: [{ idCargo: 11, quantidadeEscolhas: 1, votos: times(2, 'nuloCargoSemCandidato') }],
        },
      ],
      counts: { compareceram: 2, semBiometria: 2, porBiometria: 0, porBiografia: 0 },
      times: { abertura: at('08:00'), encerramento: at('17:00'), emissao: at('17:00') },
      signer: urnaSigner(carga),
    });
    assert.deepEqual(tokens(bu, 619, 11), ['cargoSemCandidato:2']);
  });
});

describe('printed reports', () => {
  const carga = generalCarga();
  const { bu } = generalBu(carga);
  const key = fromHex(carga.urna.publicKey);
  const s = urnaSigner(carga);

  test('the BU text: counts, offices, parties, totals, footer; 48 columns; signed', () => {
    const report = buReport(carga, bu, s);
    const text = report.body;
    for (const l of text.split('\n')) assert.ok(l.length <= PAPER_WIDTH, `too wide: "${l}"`);
    assert.match(text, /BOLETIM DE URNA/);
    const row = (label: string, value: string | number): RegExp => new RegExp(`^${label} +${value}$`, 'm');
    assert.match(text, row('Eleitores aptos', 12));
    assert.match(text, row('Comparecimento', 6));
    assert.match(text, row('Eleitores faltosos', 6));
    assert.match(text, row('Habilitados por biometria', 4));
    assert.match(text, row('Habilitados por biografia', 1));
    assert.match(text, row('Código identificação UE', '02046631'));
    assert.match(text, row('Abertura', '06/10/2024 08:00:05'));
    assert.match(text, row('Encerramento', '06/10/2024 17:02:10'));
    // Deputado federal: party 20 has only a legenda vote.
    const df = text.slice(text.indexOf('DEPUTADO FEDERAL'), text.indexOf('SENADOR'));
    assert.match(df, /Partido 20 - PBB\n {2}Não há votos nominais\n {2}Votos de legenda +1\n {2}Total do partido +1/);
    assert.match(df, /Partido 10 - PAA\n1011 ALFA +2\n {2}Votos de legenda +1\n {2}Total do partido +3/);
    assert.match(df, row('Votos nominais', 3));
    assert.match(df, row('Votos de legenda', 2));
    assert.match(df, row('Votos nulos', 1));
    assert.match(df, row('Total apurado', 6));
    const sen = text.slice(text.indexOf('SENADOR'), text.indexOf('GOVERNADOR'));
    assert.match(sen, /\(2 votos por eleitor\)/);
    assert.match(sen, row('Total apurado', 12));
    assert.match(text, /Código de identificação da carga:\n5789 6879 5158 3152 8310 1634/);
    assert.match(text, row('Versão do software', 'urna-ts 0.1.0'));
    assert.ok(
      text.includes(bu.resultadosVotacaoPorEleicao[0]!.ultimoHashVotosVotavel.slice(0, 48)),
      'text.includes(bu.resultadosVotacaoPorEleicao[0]!.ultimoHa...',
    );
    assert.ok(verifyPrintedReport(printSigned(report), key).ok, 'verifyPrintedReport(printSigned(report), key).ok');
  });

  test('buCopies: 5 obligatory + extras, each marked and each verifiable; a changed count fails', () => {
    const copies = buCopies(buReport(carga, bu, s), 6);
    assert.equal(copies.length, 6);
    copies.forEach((c, i) => {
      assert.match(c, new RegExp(`via ${i + 1}/6${i === 5 ? ' \\(adicional\\)' : ''}\\n$`));
      assert.ok(verifyPrintedReport(c, key).ok, 'verifyPrintedReport(c, key).ok');
    });
    const forged = copies[0]!.replace(/^(Comparecimento +)6$/m, '$17');
    assert.notEqual(forged, copies[0]);
    const check = verifyPrintedReport(forged, key);
    assert.equal(check.ok, false);
    assert.throws(() => buCopies(buReport(carga, bu, s), 0));
  });

  test('BUJ, BIM and the relatório biográfico', () => {
    const v = carga.voters;
    const buj = bujReport(
      carga,
      [
        { titulo: '102385010671', reason: 'Viagem' },
        { titulo: v[0]!.titulo, reason: 'Doença' },
      ],
      at('17:03'),
      s,
      fmt,
    );
    assert.match(buj.body, /BOLETIM DE JUSTIFICATIVA ELEITORAL/);
    assert.match(buj.body, /2 Justificativas/);
    assert.match(buj.body, /Título +1023 8501 0671\nMotivo: Viagem/);
    assert.match(
      bujReport(carga, [{ titulo: '102385010671', reason: 'x' }], at('17:03'), s, fmt).body,
      /\n +1 Justificativa\n/,
    );

    const bim = bimReport(
      carga,
      { abertura: [{ name: 'MARIA PRESIDENTE', role: 'Presidente' }, { name: 'JOÃO MESÁRIO' }], encerramento: [] },
      at('17:03'),
      s,
      fmt,
    );
    const opening = bim.body.slice(
      bim.body.indexOf('Mesários registrados na abertura'),
      bim.body.indexOf('Mesários registrados no fechamento'),
    );
    assert.match(opening, /Função: Presidente\nNome: MARIA PRESIDENTE\n\nAssinatura: _+/);
    assert.match(opening, /Nome: JOÃO MESÁRIO/);
    assert.match(bim.body.slice(bim.body.indexOf('Mesários registrados no fechamento')), /Nenhum mesário registrado/);

    const bio = biograficaReport(carga, [{ titulo: v[1]!.titulo, name: v[1]!.name }], at('17:03'), s, fmt);
    assert.match(bio.body, /RELATÓRIO DE ELEITORES COM HABILITAÇÃO/);
    assert.ok(bio.body.includes(`Nome: ${v[1]!.name}`), 'bio.body.includes(`Nome: ${v[1]!.name}`)');
    for (const r of [buj, bim, bio]) {
      for (const l of r.body.split('\n')) assert.ok(l.length <= PAPER_WIDTH, `too wide: "${l}"`);
      assert.ok(verifyPrintedReport(printSigned(r), key).ok, 'verifyPrintedReport(printSigned(r), key).ok');
    }
  });
});
