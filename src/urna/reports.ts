// The printed reports of the urna (ELECTION-RULES.md §5.3): the Boletim de Urna in its copies, the Boletim de
// Justificativa Eleitoral (BUJ), the Boletim de Identificação de Mesários (BIM) and the relatório de eleitores com
// habilitação biográfica. pt-BR, 48 columns like the thermal printer; each is signed by the urna key (printer.ts).
// The zerésima (zeresima.ts) shares the header and the office blocks.
import type { Signer } from '../crypto/ed25519.ts';
import type { Contest, Party } from '../election/definition.ts';
import { formatTitulo } from '../election/titulo.ts';
import type { CargaContent } from '../media/carga-types.ts';
import { officeInfo, type OfficeInfo } from './ballot-offices.ts';
import { brDate } from './clock.ts';
import type { ZonedFormatter } from './clock.ts';
import type { BoletimUrna, TotalVotosCargo, TotalVotosVotavel } from './model.ts';
import { foldHex, Paper, PAPER_WIDTH, printSigned, signReport, type SignedReport } from './printer.ts';

/** The 5 obligatory copies of the printed BU (ELECTION-RULES.md §5.3). */
export const BU_OBLIGATORY_COPIES = 5;

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const FASE_BANNER: Record<string, string | undefined> = {
  simulado: '*** SIMULADO ***',
  treinamento: '*** TREINAMENTO ***',
};

/** Title and identification of the seção, common to every report. */
export function reportHeader(paper: Paper, carga: CargaContent, title: string): Paper {
  const e = carga.election;
  const s = carga.secao;
  paper.center(title);
  const banner = FASE_BANNER[e.fase];
  if (banner) paper.center(banner);
  paper.center(e.name);
  paper.center(`${e.round}º turno - ${brDate(e.date)}`);
  paper.rule('=');
  paper.row('UF', s.uf);
  paper.row('Município', `${pad(s.municipio, 5)} - ${s.municipioName}`);
  paper.row('Zona eleitoral', pad(s.zona, 4));
  paper.row('Seção eleitoral', pad(s.secao, 4));
  if (s.aggregated.length > 0) paper.row('Seções agregadas', s.aggregated.map((n) => pad(n, 4)).join(', '));
  paper.row('Local de votação', pad(s.local.number, 4));
  paper.line(s.local.name);
  paper.row('Código identificação UE', pad(carga.urna.numeroInternoUrna, 8));
  return paper;
}

/** `123456789012345678901234` → `1234 5678 9012 3456 7890 1234`. */
export function groupCodigoCarga(codigo: string): string {
  return codigo.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** The "resumo da correspondência": the last 6 digits of the código de carga, as `566.041`. */
export function resumoCorrespondencia(codigo: string): string {
  const last = codigo.slice(-6).padStart(6, '0');
  return `${last.slice(0, 3)}.${last.slice(3)}`;
}

/** Per-office counts read back from BU tuples. */
export interface OfficeCounts {
  nominal: Map<number, number>;
  legenda: Map<number, number>;
  branco: number;
  nulo: number;
  semCandidato: number;
  total: number;
}

export function officeCounts(tuples: readonly TotalVotosVotavel[]): OfficeCounts {
  const c: OfficeCounts = { nominal: new Map(), legenda: new Map(), branco: 0, nulo: 0, semCandidato: 0, total: 0 };
  for (const t of tuples) {
    c.total += t.quantidadeVotos;
    const id = t.identificacaoVotavel;
    if (t.tipoVoto === 'nominal' && id) c.nominal.set(id.codigo, (c.nominal.get(id.codigo) ?? 0) + t.quantidadeVotos);
    else if (t.tipoVoto === 'legenda' && id)
      c.legenda.set(id.partido, (c.legenda.get(id.partido) ?? 0) + t.quantidadeVotos);
    else if (t.tipoVoto === 'branco') c.branco += t.quantidadeVotos;
    else if (t.tipoVoto === 'cargoSemCandidato') c.semCandidato += t.quantidadeVotos;
    else c.nulo += t.quantidadeVotos;
  }
  return c;
}

export interface OfficeBlockOptions {
  /** Zerésima: every candidate and party, even at zero. BU: only what received votes. */
  everyCandidate: boolean;
}

/** One office's lines: per party (proportional) or per candidate (majority), then the totals. */
export function printOffice(
  paper: Paper,
  info: OfficeInfo,
  contest: Contest,
  counts: OfficeCounts,
  parties: ReadonlyMap<number, Party>,
  opts: OfficeBlockOptions,
): void {
  const partyLabel = (n: number): string => `${n} - ${parties.get(n)?.abbreviation ?? ''}`;
  const candidates = [...contest.candidates].sort((a, b) => a.number - b.number);
  const byNumber = new Map(candidates.map((c) => [c.number, c]));
  const numbers = opts.everyCandidate
    ? [...new Set([...candidates.map((c) => c.number), ...counts.nominal.keys()])].sort((a, b) => a - b)
    : [...counts.nominal.keys()].sort((a, b) => a - b);
  const candidateLine = (n: number): void => {
    const c = byNumber.get(n);
    const name = c ? c.ballotName : `Candidato ${n}`;
    paper.rowCut(
      `${String(n).padStart(info.digits, ' ')} ${name}${c && !c.fit ? ' (inapto)' : ''}`,
      counts.nominal.get(n) ?? 0,
    );
  };

  paper.rule('=');
  paper.center(info.name.toUpperCase());
  if (info.quantidadeEscolhas > 1) paper.center(`(${info.quantidadeEscolhas} votos por eleitor)`);
  paper.rule();
  let nominalTotal = 0;
  for (const v of counts.nominal.values()) nominalTotal += v;
  let legendaTotal = 0;
  for (const v of counts.legenda.values()) legendaTotal += v;

  if (info.system === 'proportional') {
    // Candidates grouped by party in one pass (São Paulo has ~1,000 vereador candidates in ~30 parties).
    const byParty = new Map<number, number[]>();
    for (const p of counts.legenda.keys()) byParty.set(p, []);
    if (opts.everyCandidate) for (const c of candidates) if (!byParty.has(c.party)) byParty.set(c.party, []);
    for (const n of numbers) {
      const p = byNumber.get(n)?.party ?? Number(String(n).slice(0, 2));
      const list = byParty.get(p);
      if (list) list.push(n);
      else byParty.set(p, [n]);
    }
    for (const p of [...byParty.keys()].sort((a, b) => a - b)) {
      const own = byParty.get(p) ?? [];
      paper.line(`Partido ${partyLabel(p)}`);
      let partyNominal = 0;
      for (const n of own) partyNominal += counts.nominal.get(n) ?? 0;
      if (own.length === 0 || (!opts.everyCandidate && partyNominal === 0)) paper.line('  Não há votos nominais');
      for (const n of own) candidateLine(n);
      const leg = counts.legenda.get(p) ?? 0;
      paper.row('  Votos de legenda', leg);
      paper.row('  Total do partido', partyNominal + leg);
      paper.rule();
    }
    paper.row('Votos nominais', nominalTotal);
    paper.row('Votos de legenda', legendaTotal);
  } else {
    for (const n of numbers) {
      candidateLine(n);
      const c = byNumber.get(n);
      if (c) paper.line(`   ${partyLabel(c.party)}`);
    }
    if (numbers.length === 0) paper.line('Não há votos nominais');
    paper.rule();
    paper.row('Votos nominais', nominalTotal);
  }
  paper.row('Votos em branco', counts.branco);
  paper.row('Votos nulos', counts.nulo);
  if (counts.semCandidato > 0) paper.row('Votos em cargo sem candidato', counts.semCandidato);
  paper.row('Total apurado', counts.total);
}

export function partiesOf(carga: CargaContent): Map<number, Party> {
  return new Map(carga.election.parties.map((p) => [p.number, p]));
}

/** The printed Boletim de Urna, signed (one body; copies differ only in the unsigned "via" line). */
export function buReport(carga: CargaContent, bu: BoletimUrna, signer: Signer): SignedReport {
  return signReport('bu', buText(carga, bu), signer);
}

export function buText(carga: CargaContent, bu: BoletimUrna): string {
  const paper = reportHeader(new Paper(), carga, 'BOLETIM DE URNA');
  const aptos = carga.voters.length;
  const d = bu.detalhamentoComparecimento;
  paper.rule();
  paper.row('Eleitores aptos', aptos);
  paper.row('Comparecimento', bu.qtdEleitoresCompareceram);
  paper.row('Eleitores faltosos', aptos - bu.qtdEleitoresCompareceram);
  paper.row('Habilitados por biometria', d.qtdEleitoresHabilitadosPorBiometria);
  paper.row('Habilitados por biografia', d.qtdEleitoresHabilitadosPorBiografia);
  paper.row('Habilitados sem biometria', d.qtdEleitoresCompareceramSemBiometria);
  paper.rule();
  paper.row('Abertura', jeToBr(bu.dadosSecao.dataHoraAbertura));
  paper.row('Encerramento', jeToBr(bu.dadosSecao.dataHoraEncerramento));
  paper.row('Emissão', jeToBr(bu.dataHoraEmissao));

  const cargos = new Map<string, TotalVotosCargo>();
  for (const e of bu.resultadosVotacaoPorEleicao) {
    for (const rv of e.resultadosVotacao)
      for (const c of rv.totaisVotosCargo) cargos.set(`${e.idEleicao}:${c.codigoCargo}`, c);
  }
  const parties = partiesOf(carga);
  const multipleEleicoes = bu.resultadosVotacaoPorEleicao.length > 1;
  for (const contest of carga.contests) {
    const info = officeInfo(carga, contest);
    const cargo = cargos.get(`${info.idEleicao}:${info.code}`);
    if (multipleEleicoes) paper.rule('=').center(`Eleição ${info.idEleicao}`);
    printOffice(paper, info, contest, officeCounts(cargo?.votosVotaveis ?? []), parties, { everyCandidate: false });
  }

  paper.rule('=');
  paper.line('Código de identificação da carga:');
  paper.line(groupCodigoCarga(bu.urna.correspondenciaResultado.carga.codigoCarga));
  paper.row('Resumo da correspondência', resumoCorrespondencia(bu.urna.correspondenciaResultado.carga.codigoCarga));
  paper.row('Versão do software', bu.urna.versaoVotacao);
  for (const e of bu.resultadosVotacaoPorEleicao) {
    paper.line(`Último hash dos votos (eleição ${e.idEleicao}):`);
    for (const l of foldHex(e.ultimoHashVotosVotavel.toUpperCase(), paper.width)) paper.line(l);
  }
  return paper.text();
}

/** `YYYYMMDDThhmmss` → `DD/MM/YYYY HH:MM:SS`. */
export function jeToBr(je: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(je);
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}:${m[6]}` : je;
}

/** Printed copies of the BU: `total` copies (5 obligatory + extras), each marked with its via number. */
export function buCopies(report: SignedReport, total: number): string[] {
  if (!Number.isInteger(total) || total < 1)
    throw new Error(`buCopies: expected a positive number of copies, found ${total}`);
  const out: string[] = [];
  for (let k = 1; k <= total; k++) {
    const extra = k > BU_OBLIGATORY_COPIES ? ' (adicional)' : '';
    const via = `via ${k}/${total}${extra}`;
    const centred = ' '.repeat(Math.max(0, Math.floor((PAPER_WIDTH - via.length) / 2))) + via;
    out.push(printSigned(report, ['='.repeat(PAPER_WIDTH), centred]));
  }
  return out;
}

export interface Justificativa {
  titulo: string;
  reason: string;
}

export function bujReport(
  carga: CargaContent,
  justificativas: readonly Justificativa[],
  at: Date,
  signer: Signer,
  fmt: ZonedFormatter,
): SignedReport {
  return signReport('buj', bujText(carga, justificativas, at, fmt), signer);
}

export function bujText(
  carga: CargaContent,
  justificativas: readonly Justificativa[],
  at: Date,
  fmt: ZonedFormatter,
): string {
  const paper = reportHeader(new Paper(), carga, 'BOLETIM DE JUSTIFICATIVA ELEITORAL');
  paper.row('Emitido em', fmt.stamp(at));
  paper.rule();
  paper.center(`${justificativas.length} ${justificativas.length === 1 ? 'Justificativa' : 'Justificativas'}`);
  paper.rule();
  for (const j of justificativas) {
    paper.row('Título', formatTitulo(j.titulo));
    paper.line(`Motivo: ${j.reason}`);
    paper.rule();
  }
  return paper.text();
}

export interface Mesario {
  name: string;
  /** "Presidente", "1º Mesário", "Secretário"… */
  role?: string;
}

export interface MesariosRegistry {
  abertura: Mesario[];
  encerramento: Mesario[];
}

export function bimReport(
  carga: CargaContent,
  mesarios: MesariosRegistry,
  at: Date,
  signer: Signer,
  fmt: ZonedFormatter,
): SignedReport {
  return signReport('bim', bimText(carga, mesarios, at, fmt), signer);
}

export function bimText(carga: CargaContent, mesarios: MesariosRegistry, at: Date, fmt: ZonedFormatter): string {
  const paper = reportHeader(new Paper(), carga, 'BOLETIM DE IDENTIFICAÇÃO DE MESÁRIOS');
  paper.row('Emitido em', fmt.stamp(at));
  const list = (title: string, people: readonly Mesario[]): void => {
    paper.rule('=');
    paper.center(title);
    paper.rule();
    if (people.length === 0) paper.line('Nenhum mesário registrado');
    for (const m of people) {
      if (m.role) paper.line(`Função: ${m.role}`);
      paper.line(`Nome: ${m.name}`);
      paper.blank();
      paper.line(`Assinatura: ${'_'.repeat(36)}`);
      paper.rule();
    }
  };
  list('Mesários registrados na abertura', mesarios.abertura);
  list('Mesários registrados no fechamento', mesarios.encerramento);
  return paper.text();
}

export interface BiograficaVoter {
  titulo: string;
  name: string;
}

/** Voters whose fingerprints were not recognised and who were released by year of birth (in caderno order). */
export function biograficaReport(
  carga: CargaContent,
  voters: readonly BiograficaVoter[],
  at: Date,
  signer: Signer,
  fmt: ZonedFormatter,
): SignedReport {
  return signReport('biografica', biograficaText(carga, voters, at, fmt), signer);
}

export function biograficaText(
  carga: CargaContent,
  voters: readonly BiograficaVoter[],
  at: Date,
  fmt: ZonedFormatter,
): string {
  const paper = reportHeader(new Paper(), carga, 'RELATÓRIO DE ELEITORES COM HABILITAÇÃO BIOGRÁFICA');
  paper.row('Emitido em', fmt.stamp(at));
  paper.rule();
  paper.line(`${voters.length} eleitor(es) habilitado(s) pelo ano de nascimento após a biometria não ser reconhecida`);
  paper.rule();
  for (const v of voters) {
    paper.row('Título', formatTitulo(v.titulo));
    paper.line(`Nome: ${v.name}`);
    paper.rule();
  }
  paper.line('Orientar o(a) eleitor(a) a atualizar a biometria no cartório eleitoral.');
  return paper.text();
}
