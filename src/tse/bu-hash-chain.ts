// The V2 BU tuple hash chain (TSE-FORMATS.md §3.5), the same rule for the TSE's files and ours:
//   h0 = SHA512("{idPleito:05}|{idEleicao:05}|{municipio:05}|{zona:04}|{secao:04}|{codigoCarga}")
//   h  = SHA512(HEXUPPER(h) + "|" + ordem + "|" + codigoCargo + "|" + tipoVoto + "|" + quantidadeVotos
//               [+ "|" + codigo + "|" + partido])
// restarting per eleição, `ordem` restarting at 1 per cargo, `h` carried across cargos. Strings are Latin-1; every
// character here is ASCII.
import { fromHex, sha512HexUpper } from '../crypto/hash.ts';
import {
  BU_TIPO_VOTO,
  type BoletimUrna,
  type ResultadoVotacaoPorEleicao,
  type TotalVotosVotavel,
} from '../urna/model.ts';

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** The chain's first link, as upper-case hex. */
export function chainSeed(bu: BoletimUrna, idEleicao: number): string {
  const s = bu.identificacaoSecao;
  const codigoCarga = bu.urna.correspondenciaResultado.carga.codigoCarga.padStart(24, '0');
  return sha512HexUpper(
    `${pad(bu.cabecalho.idPleito, 5)}|${pad(idEleicao, 5)}|${pad(s.municipio, 5)}|${pad(s.zona, 4)}|${pad(s.secao, 4)}|${codigoCarga}`,
  );
}

/** The next link from the previous one (upper-case hex), as upper-case hex. */
export function chainLink(
  prev: string,
  ordem: number,
  codigoCargo: number,
  tuple: Pick<TotalVotosVotavel, 'tipoVoto' | 'quantidadeVotos' | 'identificacaoVotavel'>,
): string {
  let s = `${prev}|${ordem}|${codigoCargo}|${BU_TIPO_VOTO[tuple.tipoVoto]}|${tuple.quantidadeVotos}`;
  if (tuple.identificacaoVotavel) s += `|${tuple.identificacaoVotavel.codigo}|${tuple.identificacaoVotavel.partido}`;
  return sha512HexUpper(s);
}

/**
 * Fills `ordemGeracaoHash` and `hash` of every tuple of one eleição (in file order) and returns the last hash.
 * Used by the urna when it writes its BU.
 */
export function sealChain(bu: BoletimUrna, eleicao: ResultadoVotacaoPorEleicao): Uint8Array {
  let h = chainSeed(bu, eleicao.idEleicao);
  for (const rv of eleicao.resultadosVotacao) {
    for (const cargo of rv.totaisVotosCargo) {
      let ordem = 0;
      for (const t of cargo.votosVotaveis) {
        ordem++;
        h = chainLink(h, ordem, cargo.codigoCargo, t);
        t.ordemGeracaoHash = ordem;
        t.hash = h;
      }
    }
  }
  eleicao.ultimoHashVotosVotavel = h;
  return fromHex(h);
}

export interface ChainProblem {
  idEleicao: number;
  /** Where the chain broke: codigoCargo and the 1-based tuple position, or 'ultimoHash'. */
  place: string;
  expected: string;
  found: string;
}

/** Recomputes every eleição's chain; returns each place where a stored value differs (empty when intact). */
export function checkChain(bu: BoletimUrna): ChainProblem[] {
  const problems: ChainProblem[] = [];
  for (const eleicao of bu.resultadosVotacaoPorEleicao) {
    let h = chainSeed(bu, eleicao.idEleicao);
    for (const rv of eleicao.resultadosVotacao) {
      for (const cargo of rv.totaisVotosCargo) {
        let ordem = 0;
        for (const t of cargo.votosVotaveis) {
          ordem++;
          const place = `cargo ${cargo.codigoCargo} tuple ${ordem}`;
          if (t.ordemGeracaoHash !== ordem) {
            problems.push({
              idEleicao: eleicao.idEleicao,
              place: `${place} ordemGeracaoHash`,
              expected: String(ordem),
              found: String(t.ordemGeracaoHash),
            });
          }
          h = chainLink(h, ordem, cargo.codigoCargo, t);
          const hex = h;
          if (t.hash.toUpperCase() !== hex)
            problems.push({ idEleicao: eleicao.idEleicao, place, expected: hex, found: t.hash });
        }
      }
    }
    const last = h;
    if (eleicao.ultimoHashVotosVotavel.toUpperCase() !== last) {
      problems.push({
        idEleicao: eleicao.idEleicao,
        place: 'ultimoHashVotosVotavel',
        expected: last,
        found: eleicao.ultimoHashVotosVotavel,
      });
    }
  }
  return problems;
}
