// Test helpers for the BU QR code tests: random BUs (fast-check) in our V2 model, a hand-made copy of the real
// AC 01007/0009/0001 2º turno BU, and a tiny BER walk to get an .imgbu envelope's `conteudo` (test-only, until the
// codec's decodeEnvelope is used).
import fc from 'fast-check';
import type {
  BoletimUrna,
  ResultadoVotacao,
  ResultadoVotacaoPorEleicao,
  TotalVotosCargo,
  TotalVotosVotavel,
} from '../../src/urna/model.ts';

export const SAMPLES = '../shared/tse/samples';
export const QR_DIR = `${SAMPLES}/qr`;
export const AC_T2 = `${SAMPLES}/2022-v1/secao-AC-01007-0009-0001-turno2`;
export const AP_T1 = `${SAMPLES}/2022-v1/secao-AP-06050-0002-0824-turno1`;

/** The value bytes of the last top-level component of a BER SEQUENCE (the envelope's `conteudo` OCTET STRING). */
export function envelopeConteudo(b: Uint8Array): Uint8Array {
  const len = (at: number): [number, number] => {
    const f = b[at]!;
    if (f < 0x80) return [f, 1];
    let l = 0;
    for (let k = 0; k < (f & 0x7f); k++) l = l * 256 + b[at + 1 + k]!;
    return [l, 1 + (f & 0x7f)];
  };
  if (b[0] !== 0x30) throw new Error('not a SEQUENCE');
  const [total, ll] = len(1);
  let i = 1 + ll;
  const end = i + total;
  let last: { tag: number; start: number; length: number } | undefined;
  while (i < end) {
    const [l, n] = len(i + 1);
    last = { tag: b[i]!, start: i + 1 + n, length: l };
    i = last.start + l;
  }
  if (!last || last.tag !== 0x04) throw new Error('the last component is not an OCTET STRING');
  return b.subarray(last.start, last.start + last.length);
}

const tuple = (
  tipoVoto: TotalVotosVotavel['tipoVoto'],
  quantidadeVotos: number,
  ident?: { partido: number; codigo: number },
): TotalVotosVotavel =>
  ident
    ? { tipoVoto, quantidadeVotos, identificacaoVotavel: ident, ordemGeracaoHash: 0, hash: '' }
    : { tipoVoto, quantidadeVotos, ordemGeracaoHash: 0, hash: '' };

/**
 * The real BU of AC 01007/0009/0001, 2022 2º turno, as our model holds it. Values from
 * shared/tse/samples/EXPECTED.md (pleito 407, seção, local 1104, aptos 545:335, comparecimento 261, presidente
 * 22=175, 13=75, nulo=6, branco=5, software 8.26.0.0) and from the text of the printed BU in the same folder's .imgbu
 * (urna 01663883, carga 320.431.434.747.068.595.566.041, abertura 06:00:01, fechamento 15:00:53, habilitados por ano
 * de nascimento 0019) — none of them read from the QR code.
 */
export function acBujariT2Bu(): BoletimUrna {
  const carga = {
    numeroInternoUrna: 1663883,
    numeroSerieFC: '5EF7CCDD',
    identificadorGeradorMidia: { nome: '', serialCertificadoTPM: '', serialInstalacao: '' },
    dataHoraCarga: '20220925T104100',
    codigoCarga: '320431434747068595566041',
  };
  const secao = { municipio: 1007, zona: 9, local: 1104, secao: 1 };
  return {
    cabecalho: { dataGeracao: '20221030T150322', idPleito: 407 },
    fase: 'oficial',
    urna: {
      tipoUrna: 'secao',
      versaoVotacao: '8.26.0.0 - Onça-pintada',
      correspondenciaResultado: { identificacao: secao, carga },
      tipoArquivo: 'votacaoUE',
      numeroSerieFV: '44677268',
    },
    identificacaoSecao: secao,
    dataHoraEmissao: '20221030T150247',
    dadosSecao: { dataHoraAbertura: '20221030T060001', dataHoraEncerramento: '20221030T150053' },
    qtdEleitoresCompareceram: 261,
    detalhamentoComparecimento: {
      qtdEleitoresCompareceramSemBiometria: 0,
      qtdEleitoresHabilitadosPorBiometria: 242,
      qtdEleitoresHabilitadosPorBiografia: 19,
    },
    resultadosVotacaoPorEleicao: [
      {
        idEleicao: 545,
        qtdEleitoresAptos: 335,
        qtdEleitoresAptosSecao: 335,
        qtdEleitoresAptosTTE: 0,
        resultadosVotacao: [
          {
            tipoCargo: 'majoritario',
            qtdComparecimento: 261,
            totaisVotosCargo: [
              {
                codigoCargo: 1,
                ordemImpressao: 1,
                votosVotaveis: [
                  tuple('nominal', 75, { partido: 13, codigo: 13 }),
                  tuple('nominal', 175, { partido: 22, codigo: 22 }),
                  tuple('branco', 5),
                  tuple('nulo', 6),
                ],
              },
            ],
          },
        ],
        ultimoHashVotosVotavel: '',
        assinaturaUltimoHashVotosVotavel: '',
      },
    ],
    historicoCodigosCarga: ['320431434747068595566041'],
  };
}

const MAJORITARIOS = [1, 3, 5, 11] as const;
const PROPORCIONAIS = [6, 7, 13] as const;

interface CargoSpec {
  codigoCargo: number;
  proporcional: boolean;
  nominal: [number, number][]; // [candidate, votes]
  legenda: [number, number][]; // [party, votes]
  branco: number;
  nulo: number;
  semCandidato: number;
}

const votes = fc.integer({ min: 1, max: 400 });
const party = fc.integer({ min: 10, max: 99 });

const cargoArb = (codigoCargo: number, proporcional: boolean, maxCandidates: number): fc.Arbitrary<CargoSpec> =>
  fc.record({
    codigoCargo: fc.constant(codigoCargo),
    proporcional: fc.constant(proporcional),
    nominal: fc.uniqueArray(
      fc.tuple(
        proporcional
          ? fc.tuple(party, fc.integer({ min: 0, max: 999 })).map(([p, n]) => p * 1000 + n)
          : fc.integer({ min: 10, max: 999 }),
        votes,
      ),
      { maxLength: maxCandidates, selector: (t) => t[0] },
    ),
    legenda: proporcional
      ? fc.uniqueArray(fc.tuple(party, votes), { maxLength: 12, selector: (t) => t[0] })
      : fc.constant<[number, number][]>([]),
    branco: fc.nat({ max: 30 }),
    nulo: fc.nat({ max: 30 }),
    semCandidato: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat({ max: 5 }) }),
  });

const partyOf = (numero: number, proporcional: boolean): number =>
  proporcional ? Math.trunc(numero / 1000) : Number(String(numero).slice(0, 2));

/** The tuples of one office in our urna's order (src/urna/bu.ts): nominal by number, branco, nulo, legenda, sem candidato. */
function cargoTuples(c: CargoSpec): TotalVotosVotavel[] {
  const out: TotalVotosVotavel[] = [];
  for (const [n, v] of [...c.nominal].sort((a, b) => a[0] - b[0])) {
    out.push(tuple('nominal', v, { partido: partyOf(n, c.proporcional), codigo: n }));
  }
  if (c.branco > 0) out.push(tuple('branco', c.branco));
  if (c.nulo > 0) out.push(tuple('nulo', c.nulo));
  for (const [p, v] of [...c.legenda].sort((a, b) => a[0] - b[0]))
    out.push(tuple('legenda', v, { partido: p, codigo: p }));
  if (c.semCandidato > 0) out.push(tuple('cargoSemCandidato', c.semCandidato));
  return out;
}

/** Random BUs: 1–2 eleições, each with a few majoritarian and proportional offices; up to `maxCandidates` each. */
export function buArb(maxCandidates = 60): fc.Arbitrary<BoletimUrna> {
  const eleicaoArb = fc
    .tuple(
      fc.subarray([...PROPORCIONAIS], { minLength: 0 }),
      fc.subarray([...MAJORITARIOS], { minLength: 0 }),
      fc.integer({ min: 1, max: 900 }),
      fc.nat({ max: 50 }),
    )
    .filter(([p, m]) => p.length + m.length > 0)
    .chain(([p, m, aptosSecao, aptosTTE]) =>
      fc.record({
        prop: fc.tuple(...p.map((c) => cargoArb(c, true, maxCandidates))),
        maj: fc.tuple(...m.map((c) => cargoArb(c, false, Math.min(maxCandidates, 12)))),
        aptosSecao: fc.constant(aptosSecao),
        aptosTTE: fc.constant(aptosTTE),
      }),
    );
  return fc
    .record({
      eleicoes: fc.array(eleicaoArb, { minLength: 1, maxLength: 2 }),
      idPleito: fc.integer({ min: 1, max: 99999 }),
      firstIdEleicao: fc.integer({ min: 1, max: 9990 }),
      fase: fc.constantFrom('oficial' as const, 'simulado' as const, 'treinamento' as const),
      secao: fc.record({
        municipio: fc.integer({ min: 1, max: 99999 }),
        zona: fc.integer({ min: 1, max: 9999 }),
        local: fc.integer({ min: 1, max: 9999 }),
        secao: fc.integer({ min: 1, max: 9999 }),
      }),
      numeroInternoUrna: fc.integer({ min: 1, max: 99999999 }),
      codigoCarga: fc.stringMatching(/^\d{24}$/),
      historico: fc.array(fc.stringMatching(/^\d{24}$/), { maxLength: 2 }),
      versao: fc.constantFrom('9.30.0.0 - Tupiniquim', 'urna-ts 0.1.0', '8.26.0.0 - Onça-pintada'),
      compFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      bio: fc.tuple(fc.nat(), fc.nat()),
      abertura: fc.tuple(
        fc.integer({ min: 6, max: 9 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
      ),
    })
    .map((r) => {
      let ordem = 0;
      const aptosMax = Math.max(...r.eleicoes.map((e) => e.aptosSecao + e.aptosTTE));
      const comp = Math.floor(aptosMax * r.compFraction);
      const resultados: ResultadoVotacaoPorEleicao[] = r.eleicoes.map((e, i) => {
        const group = (tipoCargo: ResultadoVotacao['tipoCargo'], specs: CargoSpec[]): ResultadoVotacao => ({
          tipoCargo,
          qtdComparecimento: comp,
          totaisVotosCargo: specs.map((c): TotalVotosCargo => ({
            codigoCargo: c.codigoCargo,
            ordemImpressao: ++ordem,
            votosVotaveis: cargoTuples(c),
          })),
        });
        const resultadosVotacao: ResultadoVotacao[] = [];
        if (e.prop.length > 0) resultadosVotacao.push(group('proporcional', e.prop));
        if (e.maj.length > 0) resultadosVotacao.push(group('majoritario', e.maj));
        return {
          idEleicao: r.firstIdEleicao + i,
          qtdEleitoresAptos: e.aptosSecao + e.aptosTTE,
          qtdEleitoresAptosSecao: e.aptosSecao,
          qtdEleitoresAptosTTE: e.aptosTTE,
          resultadosVotacao,
          ultimoHashVotosVotavel: '',
          assinaturaUltimoHashVotosVotavel: '',
        };
      });
      const porBiometria = comp === 0 ? 0 : r.bio[0] % (comp + 1);
      const porBiografia = comp - porBiometria === 0 ? 0 : r.bio[1] % (comp - porBiometria + 1);
      const [h, m, s] = r.abertura;
      const p2 = (n: number): string => String(n).padStart(2, '0');
      const carga = {
        numeroInternoUrna: r.numeroInternoUrna,
        numeroSerieFC: '00000000',
        identificadorGeradorMidia: { nome: 'x', serialCertificadoTPM: 'x', serialInstalacao: 'x' },
        dataHoraCarga: '20240901T100000',
        codigoCarga: r.codigoCarga,
      };
      const bu: BoletimUrna = {
        cabecalho: { dataGeracao: '20241006T170500', idPleito: r.idPleito },
        fase: r.fase,
        urna: {
          tipoUrna: 'secao',
          versaoVotacao: r.versao,
          correspondenciaResultado: { identificacao: r.secao, carga },
          tipoArquivo: 'votacaoUE',
          numeroSerieFV: '00000000',
        },
        identificacaoSecao: r.secao,
        dataHoraEmissao: '20241006T170500',
        dadosSecao: {
          dataHoraAbertura: `20241006T${p2(h)}${p2(m)}${p2(s)}`,
          dataHoraEncerramento: '20241006T170012',
        },
        qtdEleitoresCompareceram: comp,
        detalhamentoComparecimento: {
          qtdEleitoresCompareceramSemBiometria: comp - porBiometria - porBiografia,
          qtdEleitoresHabilitadosPorBiometria: porBiometria,
          qtdEleitoresHabilitadosPorBiografia: porBiografia,
        },
        resultadosVotacaoPorEleicao: resultados,
        historicoCodigosCarga: [...r.historico, r.codigoCarga],
      };
      return bu;
    });
}

/** Fisher–Yates with a fast-check-provided seed list, so shuffles shrink and replay. */
export function shuffled<T>(items: readonly T[], keys: readonly number[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = (keys[i % Math.max(1, keys.length)] ?? 0) % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
