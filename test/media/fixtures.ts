// Shared test material for the media tests: the demo election, election keys from fixed seeds (test keys only),
// a carga per seção, and a small hand-made results package (BU, RDV, log, reports) for a carga.
import { after } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { keyPairFromSeed, signer, type Signer } from '../../src/crypto/ed25519.ts';
import { seededRandom } from '../../src/crypto/random.ts';
import type { ElectionDefinition } from '../../src/election/definition.ts';
import { demoElection } from '../../src/election/demo.ts';
import { indexElection, type ElectionIndex } from '../../src/election/lookup.ts';
import { buildCarga } from '../../src/media/carga.ts';
import type { CargaContent, SignedCargaFile } from '../../src/media/carga-types.ts';
import type { ResultsPackage } from '../../src/media/results-media.ts';
import type { BoletimUrna, EntidadeResultadoRDV, Urna } from '../../src/urna/model.ts';

let cached: { def: ElectionDefinition; index: ElectionIndex } | undefined;
export function demo(): { def: ElectionDefinition; index: ElectionIndex } {
  if (!cached) {
    const def = demoElection();
    cached = { def, index: indexElection(def) };
  }
  return cached;
}

/** A test election key (never for a real election). */
export function electionSigner(seed: string): Signer {
  return signer(keyPairFromSeed(seededRandom(`election-key:${seed}`).bytes(32)));
}

/** 2026-10-04 07:00 in Brasília (UTC-3, no daylight saving since 2019). */
export const CARGA_TIME = new Date('2026-10-04T10:00:00Z');

export function cargaFor(
  secaoIndex: number,
  opts: { key?: Signer; seed?: string; numeroInternoUrna?: number; def?: ElectionDefinition } = {},
): { file: SignedCargaFile; content: CargaContent } {
  const { def, index } = demo();
  const secao = index.secoes[secaoIndex];
  if (!secao) throw new Error(`the demo has no seção #${secaoIndex}`);
  return buildCarga(opts.def ?? def, index, secao, {
    electionSigner: opts.key ?? electionSigner('demo'),
    random: seededRandom(`carga:${opts.seed ?? 'test'}:${secaoIndex}`),
    clock: () => CARGA_TIME,
    numeroInternoUrna: opts.numeroInternoUrna ?? 1_663_883 + secaoIndex,
  });
}

/** A small results package for a carga: shapes as in src/urna/model.ts, values made up but consistent. */
export function resultsPackageFor(carga: CargaContent): ResultsPackage {
  const identificacao = {
    municipio: carga.secao.municipio,
    zona: carga.secao.zona,
    local: carga.secao.local.number,
    secao: carga.secao.secao,
  };
  const urna: Urna = {
    tipoUrna: 'secao',
    versaoVotacao: 'urna-ts 0.1.0',
    correspondenciaResultado: { identificacao, carga: carga.carga },
    tipoArquivo: 'votacaoUE',
    numeroSerieFV: carga.urna.numeroSerieFV,
  };
  const cabecalho = { dataGeracao: '20261004T170512', idPleito: carga.election.pleito };
  const bu: BoletimUrna = {
    cabecalho,
    fase: carga.election.fase,
    urna,
    identificacaoSecao: identificacao,
    dataHoraEmissao: '20261004T170512',
    dadosSecao: { dataHoraAbertura: '20261004T080000', dataHoraEncerramento: '20261004T170010' },
    qtdEleitoresCompareceram: 3,
    detalhamentoComparecimento: {
      qtdEleitoresCompareceramSemBiometria: 1,
      qtdEleitoresHabilitadosPorBiometria: 2,
      qtdEleitoresHabilitadosPorBiografia: 0,
    },
    resultadosVotacaoPorEleicao: [
      {
        idEleicao: carga.election.eleicoes[0]!.id,
        qtdEleitoresAptos: carga.voters.length,
        qtdEleitoresAptosSecao: carga.voters.length,
        qtdEleitoresAptosTTE: 0,
        resultadosVotacao: [
          {
            tipoCargo: 'majoritario',
            qtdComparecimento: 3,
            totaisVotosCargo: [
              {
                codigoCargo: 11,
                ordemImpressao: 1,
                votosVotaveis: [
                  {
                    tipoVoto: 'nominal',
                    quantidadeVotos: 2,
                    identificacaoVotavel: { partido: 12, codigo: 12 },
                    ordemGeracaoHash: 1,
                    hash: 'AB'.repeat(64),
                  },
                  { tipoVoto: 'branco', quantidadeVotos: 1, ordemGeracaoHash: 2, hash: 'CD'.repeat(64) },
                ],
              },
            ],
          },
        ],
        ultimoHashVotosVotavel: 'CD'.repeat(64),
        assinaturaUltimoHashVotosVotavel: 'EF'.repeat(64),
      },
    ],
    historicoCodigosCarga: [carga.carga.codigoCarga],
  };
  const rdv: EntidadeResultadoRDV = {
    cabecalho,
    urna,
    rdv: {
      pleito: carga.election.pleito,
      fase: carga.election.fase,
      identificacao,
      historicoCodigosCarga: [carga.carga.codigoCarga],
      eleicoes: [
        {
          idEleicao: carga.election.eleicoes[0]!.id,
          votosCargos: [
            {
              idCargo: 11,
              quantidadeEscolhas: 1,
              votos: [
                { tipoVoto: 'nominal', digitacao: '12' },
                { tipoVoto: 'nominal', digitacao: '12' },
                { tipoVoto: 'branco' },
              ],
            },
          ],
        },
      ],
    },
  };
  const n = String(carga.urna.numeroInternoUrna).padStart(8, '0');
  return {
    bu,
    rdv,
    log: [
      `04/10/2026 07:30:00\tINFO\t${n}\tVOTA\tUrna ligada`,
      `04/10/2026 08:00:00\tINFO\t${n}\tVOTA\tUrna pronta para receber votos`,
      `\tINFO\t${n}\tVOTA\tVoto computado`,
      `04/10/2026 17:05:12\tINFO\t${n}\tVOTA\tEncerramento — Eleição: ção ü`,
    ],
    reports: {
      zeresima: 'ZERÉSIMA\nPrefeito\n12 Fulano 0\n',
      bu: ['BOLETIM DE URNA\nvia 1/5', { text: 'BOLETIM DE URNA\nvia 2/5' }],
      buj: { text: 'BOLETIM DE JUSTIFICATIVA ELEITORAL\n0 Justificativas' },
      bim: 'BOLETIM DE IDENTIFICAÇÃO DE MESÁRIOS',
      biografica: 'RELATÓRIO DE ELEITORES COM HABILITAÇÃO BIOGRÁFICA\nNenhum',
    },
  };
}

const createdDirs: string[] = [];
// Registered when this module loads (outside any test), so it runs once, after the whole test file.
after(() => {
  for (const d of createdDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh folder under the OS temp dir, removed when the test file has run. */
export function tempDir(prefix = 'urna-media-test-'): string {
  const dir = fs.mkdtempSync(join(os.tmpdir(), prefix));
  createdDirs.push(dir);
  return dir;
}
