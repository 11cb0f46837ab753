// The zerésima (ELECTION-RULES.md §5.2): printed before the urna opens, it lists every candidate of every office
// with the count the urna actually holds — read from the RDV, not written as a literal 0, so a tampered urna that
// came loaded with votes prints them — and a resumo. Signed by the urna key like every report.
import type { Signer } from '../crypto/ed25519.ts';
import type { Contest } from '../election/definition.ts';
import type { CargaContent } from '../media/carga-types.ts';
import { officeInfo, partyOfCandidates } from './ballot-offices.ts';
import { cargoTuples } from './bu.ts';
import type { ZonedFormatter } from './clock.ts';
import type { EleicaoVota, Voto } from './model.ts';
import { lazySignedReport, Paper, type SignedReport } from './printer.ts';
import {
  groupCodigoCarga,
  officeCounts,
  partiesOf,
  printOffice,
  reportHeader,
  resumoCorrespondencia,
} from './reports.ts';

// An office block where every count is zero depends only on the contest, its eleição's office rules and the party
// names; a São Paulo vereador block has ~1,000 lines and 22,000 urnas print it. Blocks with any vote are always
// laid out afresh.
const zeroBlocks = new WeakMap<Contest, { parties: unknown; eleicoes: unknown; text: string }>();

/** The zerésima's body, from what the RDV holds (`votes`, `votersRecorded`) at `at`. */
export function zeresimaText(
  carga: CargaContent,
  votes: readonly EleicaoVota[],
  votersRecorded: number,
  at: Date,
  fmt: ZonedFormatter,
): string {
  const paper = reportHeader(new Paper(), carga, 'ZERÉSIMA');
  paper.row('Emitida em', fmt.stamp(at));
  paper.line('Código de identificação da carga:');
  paper.line(groupCodigoCarga(carga.carga.codigoCarga));
  paper.row('Resumo da correspondência', resumoCorrespondencia(carga.carga.codigoCarga));

  const votesByCargo = new Map<string, readonly Voto[]>();
  for (const e of votes) for (const vc of e.votosCargos) votesByCargo.set(`${e.idEleicao}:${vc.idCargo}`, vc.votos);
  let parties: ReturnType<typeof partiesOf> | undefined;
  const resumo: { name: string; candidates: number; votes: number }[] = [];
  let totalVotes = 0;
  for (const contest of carga.contests) {
    const info = officeInfo(carga, contest);
    const counts = officeCounts(
      cargoTuples(info.code, votesByCargo.get(`${info.idEleicao}:${info.code}`) ?? [], partyOfCandidates(contest)),
    );
    const cached = zeroBlocks.get(contest);
    if (
      counts.total === 0 &&
      cached &&
      cached.parties === carga.election.parties &&
      cached.eleicoes === carga.election.eleicoes
    ) {
      paper.append(cached.text);
    } else {
      parties ??= partiesOf(carga);
      const block = new Paper(paper.width);
      printOffice(block, info, contest, counts, parties, { everyCandidate: true });
      const text = block.text();
      if (counts.total === 0)
        zeroBlocks.set(contest, { parties: carga.election.parties, eleicoes: carga.election.eleicoes, text });
      paper.append(text);
    }
    resumo.push({ name: info.name, candidates: contest.candidates.length, votes: counts.total });
    totalVotes += counts.total;
  }

  paper.rule('=');
  paper.center('RESUMO DA ZERÉSIMA');
  paper.rule();
  for (const r of resumo) {
    paper.line(r.name);
    paper.row(`  ${r.candidates} candidato(s)`, `${r.votes} votos`);
  }
  paper.rule();
  paper.row('Eleitores que já votaram', votersRecorded);
  paper.row('Total de votos registrados', totalVotes);
  paper.rule();
  paper.center(
    totalVotes === 0 && votersRecorded === 0
      ? 'NÃO HÁ VOTOS REGISTRADOS NESTA URNA'
      : 'ATENÇÃO: HÁ VOTOS REGISTRADOS NESTA URNA',
  );
  paper.blank();
  paper.line('Presidente da mesa:');
  paper.blank();
  paper.line(`Assinatura: ${'_'.repeat(36)}`);
  return paper.text();
}

/**
 * The signed zerésima. What the RDV holds is read now; the text is laid out, hashed and signed when first read
 * (printer.ts lazySignedReport).
 */
export function zeresimaReport(
  carga: CargaContent,
  votes: readonly EleicaoVota[],
  votersRecorded: number,
  at: Date,
  signer: Signer,
  fmt: ZonedFormatter,
): SignedReport {
  return lazySignedReport('zeresima', () => zeresimaText(carga, votes, votersRecorded, at, fmt), signer);
}
