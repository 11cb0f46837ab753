// The urna's lifecycle: zerésima → open → identify/release/vote/cancel → close, the results it produces, its
// schedule, its log, ballot secrecy (order of voting leaves no trace) and power-loss snapshots.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { signer } from '../../src/crypto/ed25519.ts';
import { fromHex } from '../../src/crypto/hash.ts';
import { seededRandom } from '../../src/crypto/random.ts';
import type { CargaContent } from '../../src/media/carga-types.ts';
import { checkChain } from '../../src/tse/bu-hash-chain.ts';
import { verifyBuSignatures } from '../../src/urna/bu.ts';
import { ballotOfficesFor } from '../../src/urna/ballot-offices.ts';
import { ManualClock, ZonedFormatter } from '../../src/urna/clock.ts';
import type { BoletimUrna } from '../../src/urna/model.ts';
import { printSigned, verifyPrintedReport } from '../../src/urna/printer.ts';
import { zeresimaReport } from '../../src/urna/zeresima.ts';
import { loadUrna, restoreUrna, type ResultsPackage, type Urna, type UrnaSnapshot } from '../../src/urna/urna.ts';
import { at, ballotKeys, castVote, generalCarga, municipalCarga, openUrna, release } from './fixtures.ts';

/** A cargo's tuples as short tokens: N<codigo>:n, B:n, X:n (nulo), L<partido>:n. */
function tuples(bu: BoletimUrna, idEleicao: number, codigoCargo: number): string[] {
  const e = bu.resultadosVotacaoPorEleicao.find((x) => x.idEleicao === idEleicao);
  const cargo = e?.resultadosVotacao.flatMap((r) => r.totaisVotosCargo).find((c) => c.codigoCargo === codigoCargo);
  if (!cargo) return [];
  const letter = { nominal: 'N', branco: 'B', nulo: 'X', legenda: 'L', cargoSemCandidato: 'S' } as const;
  return cargo.votosVotaveis.map((t) => {
    const id =
      t.tipoVoto === 'nominal'
        ? t.identificacaoVotavel?.codigo
        : t.tipoVoto === 'legenda'
          ? t.identificacaoVotavel?.partido
          : '';
    return `${letter[t.tipoVoto]}${id ?? ''}:${t.quantidadeVotos}`;
  });
}

function closeAt(urna: Urna, clock: ManualClock, time = '17:00'): ResultsPackage {
  clock.set(at(time));
  const r = urna.close(true);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

const key = (carga: CargaContent): Uint8Array => fromHex(carga.urna.publicKey);

/** Municipal ballots (vereador, prefeito) covering every outcome; expected tuples worked out by hand below. */
const MUNICIPAL_BALLOTS: readonly (readonly [string, string])[] = [
  ['10001', '10'], // nominal, nominal
  ['10001', '20'], // nominal, nominal
  ['20', 'BRANCO'], // legenda by the 2 party digits, branco
  ['10999', '99'], // full number of no candidate of a valid party → legenda 10; prefeito 99 → nulo
  ['20002', '30'], // unfit candidate → nulo; nominal
  ['99999', '10'], // invalid party → nulo; nominal
  ['BRANCO', 'BRANCO'],
  ['30001', '10'],
];

describe('zerésima and opening', () => {
  test('the zerésima lists every candidate at zero, is signed, and is refused once the urna is open', () => {
    const carga = municipalCarga();
    const clock = new ManualClock(at('06:59'));
    const urna = loadUrna(carga, { clock, random: seededRandom(1) });
    const early = urna.zeresima();
    assert.equal(early.ok, false);
    if (!early.ok) {
      assert.equal(early.error.code, 'too-early');
      assert.match(early.error.message, /Esta urna eletrônica só funcionará a partir de 06\/10\/2024 às 07:00/);
    }
    clock.set(at('07:15'));
    const z = urna.zeresima();
    assert.ok(z.ok, 'z.ok');
    const text = z.value.body;
    for (const contest of carga.contests) {
      for (const c of contest.candidates) {
        const line = text.split('\n').find((l) => l.trimStart().startsWith(`${c.number} ${c.ballotName}`));
        assert.ok(line, `candidate ${c.number} listed`);
        assert.match(line, / 0$/, `candidate ${c.number} at zero`);
      }
    }
    assert.match(text, /NÃO HÁ VOTOS REGISTRADOS NESTA URNA/);
    assert.match(text, /Emitida em +06\/10\/2024 07:15:00/);
    assert.equal(urna.state, 'zeresima-emitida');

    // Asked again before opening: the same report. Printed, it verifies with the urna key; a changed count does not.
    const again = urna.zeresima();
    assert.ok(again.ok, 'again.ok');
    assert.equal(again.value.signature, z.value.signature);
    const printed = printSigned(z.value);
    assert.ok(verifyPrintedReport(printed, key(carga)).ok, 'verifyPrintedReport(printed, key(carga)).ok');
    assert.equal(verifyPrintedReport(printed.replace(/ 0\n/, ' 1\n'), key(carga)).ok, false);
    assert.equal(verifyPrintedReport(z.value.body, key(carga)).ok, false);

    clock.set(at('08:00'));
    assert.ok(urna.open().ok, 'urna.open().ok');
    const after = urna.zeresima();
    assert.equal(after.ok, false);
    if (!after.ok) assert.equal(after.error.code, 'zeresima-after-opening');
  });

  test('open is refused before the zerésima, before 08:00 and from the closing time on', () => {
    const carga = municipalCarga();
    const clock = new ManualClock(at('07:30'));
    const urna = loadUrna(carga, { clock, random: seededRandom(1) });
    const noZ = urna.open();
    assert.equal(!noZ.ok && noZ.error.code, 'no-zeresima');
    assert.ok(urna.zeresima().ok, 'urna.zeresima().ok');
    clock.set(at('07:59:59'));
    const early = urna.open();
    assert.equal(early.ok, false);
    if (!early.ok) {
      assert.equal(early.error.code, 'too-early');
      assert.equal(early.error.message, 'Esta urna eletrônica só funcionará a partir de 06/10/2024 às 08:00');
    }
    assert.equal(urna.state, 'zeresima-emitida');
    clock.set(at('08:00'));
    assert.ok(urna.open().ok, 'urna.open().ok');
    const again = urna.open();
    assert.equal(!again.ok && again.error.code, 'already-open');

    for (const when of [at('17:00'), at('09:00', '2024-10-07')]) {
      const lateClock = new ManualClock(at('07:30'));
      const late = loadUrna(carga, { clock: lateClock, random: seededRandom(1) });
      assert.ok(late.zeresima().ok, 'late.zeresima().ok');
      lateClock.set(when);
      const r = late.open();
      assert.equal(!r.ok && r.error.code, 'after-closing');
    }
  });

  test('the schedule follows the options (another date and hours) or can be switched off', () => {
    const carga = municipalCarga();
    const clock = new ManualClock(at('10:00', '2024-11-20'));
    const shifted = loadUrna(
      carga,
      { clock, random: seededRandom(1) },
      { date: '2024-11-20', open: '10:30', close: '11:00' },
    );
    assert.ok(shifted.zeresima().ok, 'shifted.zeresima().ok');
    const r = shifted.open();
    assert.equal(!r.ok && r.error.message, 'Esta urna eletrônica só funcionará a partir de 20/11/2024 às 10:30');
    const free = loadUrna(
      carga,
      { clock: new ManualClock('2030-01-01T03:00:00Z'), random: seededRandom(1) },
      { enforceSchedule: false },
    );
    assert.ok(free.zeresima().ok, 'free.zeresima().ok');
    assert.ok(free.open().ok, 'free.open().ok');
    assert.ok(free.close(true).ok, 'free.close(true).ok');
  });
});

describe('voting and the BU', () => {
  test('every kind of vote ends up in the BU (municipal), in the TSE tuple order', () => {
    const carga = municipalCarga();
    const { urna, clock } = openUrna(carga);
    MUNICIPAL_BALLOTS.forEach((b, i) => castVote(urna, carga.voters[i]!, b));
    const pkg = closeAt(urna, clock);
    // Vereador: nominal by number, branco, nulo (unfit 20002 + invalid party 99999), legenda by party (20; 10999 → 10).
    assert.deepEqual(tuples(pkg.bu, 619, 13), ['N10001:2', 'N30001:1', 'B:1', 'X:2', 'L10:1', 'L20:1']);
    assert.deepEqual(tuples(pkg.bu, 619, 11), ['N10:3', 'N20:1', 'N30:1', 'B:2', 'X:1']);
    const nominal = pkg.bu.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[0]!.totaisVotosCargo[0]!.votosVotaveis[0]!;
    assert.deepEqual(nominal.identificacaoVotavel, { partido: 10, codigo: 10001 });
    assert.equal(pkg.bu.qtdEleitoresCompareceram, 8);
    assert.deepEqual(
      pkg.bu.resultadosVotacaoPorEleicao[0]!.resultadosVotacao.map((r) => [r.tipoCargo, r.qtdComparecimento]),
      [
        ['proporcional', 8],
        ['majoritario', 8],
      ],
    );
    // The RDV keeps what was typed: the legenda of a non-existent candidate keeps all 5 digits.
    const vereador = pkg.rdv.rdv.eleicoes[0]!.votosCargos.find((v) => v.idCargo === 13)!;
    assert.ok(
      vereador.votos.some((v) => v.tipoVoto === 'legenda' && v.digitacao === '10999'),
      "vereador.votos.some((v) => v.tipoVoto === 'legenda' && ...",
    );
    assert.ok(
      vereador.votos.some((v) => v.tipoVoto === 'legenda' && v.digitacao === '20'),
      "vereador.votos.some((v) => v.tipoVoto === 'legenda' && ...",
    );
    assert.equal(vereador.votos.length, 8);
    // Chain and signature.
    assert.deepEqual(checkChain(pkg.bu), []);
    assert.deepEqual(verifyBuSignatures(pkg.bu, carga.urna.publicKey), []);
  });

  test('general election: Senate with 2 seats and repetition, ordemImpressao across eleições', () => {
    const carga = generalCarga();
    const { urna, clock } = openUrna(carga);
    // Screens: deputado federal, senador 1ª vaga, senador 2ª vaga, governador, presidente.
    castVote(urna, carga.voters[0]!, ['1011', '101', '202', '10', '10']);
    castVote(urna, carga.voters[1]!, ['10', '101', '101', '20', '20']); // 2nd vaga repeats the 1st: nulo por repetição
    castVote(urna, carga.voters[2]!, ['2099', 'BRANCO', '303', 'BRANCO', '99']);
    const pkg = closeAt(urna, clock);
    const bu = pkg.bu;
    assert.deepEqual(
      bu.resultadosVotacaoPorEleicao.map((e) => e.idEleicao),
      [546, 544],
    );
    const e546 = bu.resultadosVotacaoPorEleicao[0]!;
    assert.deepEqual(
      e546.resultadosVotacao.map((r) => [
        r.tipoCargo,
        r.totaisVotosCargo.map((c) => [c.codigoCargo, c.ordemImpressao]),
      ]),
      [
        ['proporcional', [[6, 1]]],
        [
          'majoritario',
          [
            [5, 2],
            [3, 3],
          ],
        ],
      ],
    );
    assert.deepEqual(bu.resultadosVotacaoPorEleicao[1]!.resultadosVotacao[0]!.totaisVotosCargo[0]!.ordemImpressao, 4);
    assert.deepEqual(tuples(bu, 546, 6), ['N1011:1', 'L10:1', 'L20:1']);
    assert.deepEqual(tuples(bu, 546, 5), ['N101:2', 'N202:1', 'N303:1', 'B:1', 'X:1']);
    assert.deepEqual(tuples(bu, 546, 3), ['N10:1', 'N20:1', 'B:1']);
    assert.deepEqual(tuples(bu, 544, 1), ['N10:1', 'N20:1', 'X:1']);
    const senado = pkg.rdv.rdv.eleicoes.find((e) => e.idEleicao === 546)!.votosCargos.find((v) => v.idCargo === 5)!;
    assert.equal(senado.quantidadeEscolhas, 2);
    assert.ok(
      senado.votos.some((v) => v.tipoVoto === 'nuloPorRepeticao' && v.digitacao === '101'),
      "senado.votos.some((v) => v.tipoVoto === 'nuloPorRepetica...",
    );
    assert.deepEqual(verifyBuSignatures(bu, carga.urna.publicKey), []);
  });

  test('BU totals equal the RDV tally', () => {
    const carga = generalCarga({ voters: 20 });
    const { urna, clock } = openUrna(carga);
    const pool = ['1011', '2011', '10', '1099', '99', 'BRANCO'];
    carga.voters.forEach((v, i) => {
      if (i % 3 === 2) return;
      castVote(urna, v, [pool[i % pool.length]!, '101', i % 2 ? '202' : '101', i % 4 ? '10' : 'BRANCO', '20']);
    });
    const pkg = closeAt(urna, clock);
    // Re-count the RDV export independently of the BU code.
    for (const e of pkg.rdv.rdv.eleicoes) {
      for (const vc of e.votosCargos) {
        const expected = new Map<string, number>();
        for (const v of vc.votos) {
          const k =
            v.tipoVoto === 'nominal'
              ? `N${Number(v.digitacao)}`
              : v.tipoVoto === 'legenda'
                ? `L${Number(v.digitacao!.slice(0, 2))}`
                : v.tipoVoto === 'branco'
                  ? 'B'
                  : 'X';
          expected.set(k, (expected.get(k) ?? 0) + 1);
        }
        const found = new Map(
          tuples(pkg.bu, e.idEleicao, vc.idCargo).map((t) => [t.split(':')[0]!, Number(t.split(':')[1])]),
        );
        assert.deepEqual(found, expected, `eleição ${e.idEleicao} cargo ${vc.idCargo}`);
      }
    }
  });

  test('a cancelled, unfinished vote is not counted and the voter can vote again', () => {
    const carga = municipalCarga();
    const { urna, clock } = openUrna(carga);
    const v = carga.voters[0]!;
    release(urna, v);
    for (const k of ballotKeys(['10001'])) assert.ok(urna.pressKey(k).ok, 'urna.pressKey(k).ok'); // vereador confirmed, prefeito pending
    assert.equal(urna.currentVoter()?.votingFor, 'Prefeito');
    assert.ok(urna.cancelCurrentVoter().ok, 'urna.cancelCurrentVoter().ok');
    assert.equal(urna.counts().compareceram, 0);
    assert.equal(urna.hasVoted(v.titulo), false);
    const locked = urna.pressKey('1');
    assert.equal(!locked.ok && locked.error.code, 'locked');
    castVote(urna, v, ['20001', '20']);
    const pkg = closeAt(urna, clock);
    assert.deepEqual(tuples(pkg.bu, 619, 13), ['N20001:1']);
    assert.deepEqual(tuples(pkg.bu, 619, 11), ['N20:1']);
    assert.ok(
      pkg.log.some((l) => l.endsWith('Voto cancelado pelo mesário: eleitor não votou')),
      "pkg.log.some((l) => l.endsWith('Voto cancelado pelo mesá...",
    );
  });

  test('closing: refused before 17:00, with a voter in the booth and while the queue is not done', () => {
    const carga = municipalCarga();
    const { urna, clock } = openUrna(carga);
    clock.set(at('16:58'));
    castVote(urna, carga.voters[0]!, ['10001', '10']);
    clock.set(at('16:59:59'));
    const early = urna.close(true);
    assert.equal(!early.ok && early.error.code, 'too-early');
    assert.match(!early.ok ? early.error.message : '', /a partir de 06\/10\/2024 às 17:00/);
    clock.set(at('17:00'));
    const queue = urna.close(false);
    assert.equal(!queue.ok && queue.error.code, 'queue-not-done');
    // Voters in line at 17:00 still vote (the last vote was less than 300 s ago).
    clock.set(at('17:02'));
    const late = carga.voters[1]!;
    assert.ok(urna.identify(late.titulo).ok, 'urna.identify(late.titulo).ok');
    const busy = urna.close(true);
    assert.equal(!busy.ok && busy.error.code, 'identification-in-progress');
    assert.ok(
      (late.biometrics ? urna.fingerprint(true) : urna.yearOfBirth(late.birthDate.slice(0, 4))).ok,
      '(late.biometrics ? urna.fingerprint(true) : urna.yearOfBi...',
    );
    const booth = urna.close(true);
    assert.equal(!booth.ok && booth.error.code, 'voter-in-booth');
    for (const k of ballotKeys(['BRANCO', 'BRANCO'])) urna.pressKey(k);
    const tooMany = urna.close(true, { extraBuCopies: 11 });
    assert.equal(!tooMany.ok && tooMany.error.code, 'invalid-copies');
    const closed = urna.close(true, { extraBuCopies: 2 });
    assert.ok(closed.ok, 'closed.ok');
    assert.equal(urna.state, 'encerrada');
    assert.equal(closed.value.bu.qtdEleitoresCompareceram, 2);
    assert.equal(closed.value.bu.dadosSecao.dataHoraEncerramento, '20241006T170200');
    assert.equal(closed.value.reports.bu.length, 7);
    assert.match(closed.value.reports.bu[0]!, /via 1\/7\n$/);
    assert.match(closed.value.reports.bu[6]!, /via 7\/7 \(adicional\)\n$/);
    for (const copy of closed.value.reports.bu)
      assert.ok(verifyPrintedReport(copy, key(carga)).ok, 'verifyPrintedReport(copy, key(carga)).ok');
    for (const r of [
      closed.value.reports.zeresima,
      closed.value.reports.buj,
      closed.value.reports.bim,
      closed.value.reports.biografica,
    ]) {
      assert.ok(verifyPrintedReport(r, key(carga)).ok, 'verifyPrintedReport(r, key(carga)).ok');
    }
    // After closing: nothing more.
    assert.equal(urna.identify(carga.voters[2]!.titulo).ok, false);
    assert.equal(urna.close(true).ok, false);
    const again = urna.results();
    assert.ok(again.ok, 'again.ok');
    assert.equal(JSON.stringify(again.value.bu), JSON.stringify(closed.value.bu));
  });

  test('the day after the election the urna refuses the zerésima, so it never opens', () => {
    const carga = municipalCarga();
    const clock = new ManualClock(new Date(at('10:00').getTime() + 86_400_000));
    const urna = loadUrna(carga, { clock, random: seededRandom('next-day') });
    const z = urna.zeresima();
    assert.equal(!z.ok && z.error.code, 'after-election-day');
    assert.match(!z.ok ? z.error.message : '', /preparada para a eleição de 06\/10\/2024; hoje é 07\/10\/2024/);
    const training = loadUrna(carga, { clock, random: seededRandom('t') }, { enforceSchedule: false });
    assert.ok(training.zeresima().ok && training.open().ok, 'a training urna works any day');
  });

  test('after the closing time, identifications stop 300 s after the last vote (never in training mode)', () => {
    const carga = municipalCarga();
    const { urna, clock } = openUrna(carga);
    const [a, b, c] = carga.voters;
    const identifyAt = (time: string, titulo: string): string => {
      clock.set(at(time));
      const r = urna.identify(titulo);
      if (r.ok) assert.ok(urna.cancelCurrentVoter().ok, 'the identified voter is cancelled again');
      return r.ok ? 'ok' : r.error.code;
    };
    // Nobody has voted by 17:00: no identification after it.
    assert.equal(identifyAt('17:00', a!.titulo), 'voting-time-over');
    // A vote at 17:00 (a voter already in the booth would have been released before): the queue moves for 300 s.
    const restored = restoreUrna(
      carga,
      { ...urna.snapshot(), lastVoteAt: at('17:00').toISOString() },
      {
        clock,
        random: seededRandom('late'),
      },
    );
    assert.ok(restored.ok, restored.ok ? '' : JSON.stringify(restored.problems));
    const late = restored.value;
    clock.set(at('17:04:59'));
    assert.ok(late.identify(b!.titulo).ok, 'identification 299 s after the last vote');
    assert.ok(late.cancelCurrentVoter().ok, 'cancel');
    clock.set(at('17:05:00'));
    const refused = late.identify(c!.titulo);
    assert.equal(!refused.ok && refused.error.code, 'voting-time-over');
    assert.match(!refused.ok ? refused.error.message : '', /nenhum voto nos últimos 5 minutos/);
    // The time of the last vote survives a restart; a training urna has no schedule at all.
    assert.equal(late.snapshot().lastVoteAt, at('17:00').toISOString());
    const training = restoreUrna(
      carga,
      late.snapshot(),
      { clock, random: seededRandom('t') },
      { enforceSchedule: false },
    );
    assert.ok(training.ok && training.value.identify(c!.titulo).ok, 'training mode identifies after 17:05');
  });

  test('a tampered count breaks the BU verification; the signature catches a re-sealed chain', async () => {
    const carga = municipalCarga();
    const { urna, clock } = openUrna(carga);
    MUNICIPAL_BALLOTS.forEach((b, i) => castVote(urna, carga.voters[i]!, b));
    const bu = closeAt(urna, clock).bu;
    const tampered = structuredClone(bu);
    tampered.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[1]!.totaisVotosCargo[0]!.votosVotaveis[0]!.quantidadeVotos += 1;
    const problems = verifyBuSignatures(tampered, carga.urna.publicKey);
    assert.ok(problems.length > 0, 'problems.length > 0');
    assert.match(problems[0]!.path, /idEleicao=619.*cargo 11 tuple 1/);
    // An attacker who recomputes the chain still cannot sign the new last hash.
    const { sealChain } = await import('../../src/tse/bu-hash-chain.ts');
    sealChain(tampered, tampered.resultadosVotacaoPorEleicao[0]!);
    assert.deepEqual(checkChain(tampered), []);
    const sig = verifyBuSignatures(tampered, carga.urna.publicKey);
    assert.equal(sig.length, 1);
    assert.equal(sig[0]!.path, 'resultadosVotacaoPorEleicao[0].assinaturaUltimoHashVotosVotavel');
    // And another urna's key does not verify the genuine BU.
    assert.equal(verifyBuSignatures(bu, generalCarga().urna.publicKey).length, 1);
  });
});

describe('ballot secrecy', () => {
  function runDay(order: readonly number[], seed: string): { pkg: ResultsPackage; snap: UrnaSnapshot } {
    const carga = municipalCarga();
    const { urna, clock } = openUrna(carga, { seed });
    for (const i of order) castVote(urna, carga.voters[i]!, MUNICIPAL_BALLOTS[i]!);
    const snap = urna.snapshot();
    return { pkg: closeAt(urna, clock), snap };
  }

  test('the same votes cast in two orders give byte-identical RDV and BU', () => {
    const a = runDay([0, 1, 2, 3, 4, 5, 6, 7], 'seed-a');
    const b = runDay([7, 5, 3, 1, 0, 2, 4, 6], 'seed-b');
    assert.equal(JSON.stringify(a.pkg.rdv), JSON.stringify(b.pkg.rdv));
    assert.equal(JSON.stringify(a.pkg.bu), JSON.stringify(b.pkg.bu));
    assert.deepEqual(a.pkg.reports.bu, b.pkg.reports.bu);
    // Who voted is a set: the same bitmap whatever the order.
    assert.equal(a.snap.voted, b.snap.voted);
    // Different seeds put the ballots in different RDV rows: only the sorted export is identical.
    assert.notDeepEqual(
      a.snap.rdv.filled.map((f) => f.row),
      b.snap.rdv.filled.map((f) => f.row),
    );
  });

  test('the log records votes without time or identity', () => {
    const carga = municipalCarga();
    const { urna, clock } = openUrna(carga);
    MUNICIPAL_BALLOTS.forEach((b, i) => {
      clock.set(at(`09:${String(10 + i).padStart(2, '0')}`));
      castVote(urna, carga.voters[i]!, b);
    });
    const log = closeAt(urna, clock).log;
    const votes = log.filter((l) => l.endsWith('\tVoto computado'));
    assert.equal(votes.length, 8);
    for (const l of votes) assert.deepEqual(l.split('\t'), ['', 'INFO', '2046631', 'VOTA', 'Voto computado']);
    for (const l of log.filter((x) => !votes.includes(x)))
      assert.match(l, /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}\t(INFO|ALERTA)\t2046631\tVOTA\t/);
    const text = log.join('\n');
    for (const v of carga.voters) {
      assert.ok(!text.includes(v.titulo), 'no título in the log');
      assert.ok(!text.includes(v.name), 'no name in the log');
    }
  });
});

describe('power loss', () => {
  test('snapshot → JSON → restore in the middle of a ballot: the unfinished vote is gone, the rest is kept', () => {
    const carga = municipalCarga();
    const { urna, clock } = openUrna(carga, { seed: 'before' });
    for (let i = 0; i < 3; i++) castVote(urna, carga.voters[i]!, MUNICIPAL_BALLOTS[i]!);
    const v3 = carga.voters[3]!;
    release(urna, v3);
    for (const k of ballotKeys(['30001'])) urna.pressKey(k);
    const json = JSON.stringify(urna.snapshot());
    const snap = JSON.parse(json) as UrnaSnapshot;
    assert.equal(snap.rdv.filled.length, 3);

    clock.set(at('10:00'));
    const restored = restoreUrna(carga, snap, { clock, random: seededRandom('after') });
    assert.ok(restored.ok, restored.ok ? '' : JSON.stringify(restored.problems));
    const u2 = restored.value;
    assert.equal(u2.state, 'aberta');
    assert.equal(u2.currentVoter(), undefined);
    // The zerésima printed before the restart can be printed again, the same signed report.
    assert.equal(u2.printedZeresima()?.sha512, urna.printedZeresima()?.sha512);
    assert.ok(u2.printedZeresima()?.body.includes('ZERÉSIMA'), 'the restored urna lost its zerésima');
    const withBiometrics = carga.voters.slice(0, 3).filter((v) => v.biometrics).length;
    assert.deepEqual(u2.counts(), {
      aptos: 12,
      compareceram: 3,
      faltosos: 9,
      porBiometria: withBiometrics,
      porBiografia: 0,
      semBiometria: 3 - withBiometrics,
      justificativas: 0,
      ocupada: false,
    });
    assert.equal(u2.hasVoted(carga.voters[0]!.titulo), true);
    assert.equal(u2.hasVoted(v3.titulo), false);
    const dup = u2.identify(carga.voters[1]!.titulo);
    assert.equal(!dup.ok && dup.error.code, 'already-voted');
    castVote(u2, v3, MUNICIPAL_BALLOTS[3]!);
    const pkg = closeAt(u2, clock);

    // The same confirmed votes without the power loss give the same BU and RDV.
    const ref = openUrna(carga, { seed: 'reference' });
    for (let i = 0; i < 4; i++) castVote(ref.urna, carga.voters[i]!, MUNICIPAL_BALLOTS[i]!);
    const refPkg = closeAt(ref.urna, ref.clock);
    assert.equal(JSON.stringify(pkg.bu), JSON.stringify(refPkg.bu));
    assert.equal(JSON.stringify(pkg.rdv), JSON.stringify(refPkg.rdv));
    assert.equal(pkg.reports.zeresima, refPkg.reports.zeresima);
    assert.ok(
      pkg.log.some((l) => l.includes('Urna reiniciada')),
      "pkg.log.some((l) => l.includes('Urna reiniciada'))",
    );
  });

  test('a closed urna restores to the same results', () => {
    const carga = municipalCarga();
    const { urna, clock } = openUrna(carga);
    castVote(urna, carga.voters[0]!, ['10001', '10']);
    const pkg = closeAt(urna, clock);
    const r = restoreUrna(carga, JSON.parse(JSON.stringify(urna.snapshot())) as UrnaSnapshot, {
      clock,
      random: seededRandom(2),
    });
    assert.ok(r.ok, 'r.ok');
    const again = r.value.results();
    assert.ok(again.ok, 'again.ok');
    assert.equal(JSON.stringify(again.value.bu), JSON.stringify(pkg.bu));
    assert.deepEqual(again.value.reports, pkg.reports);
  });

  test('a snapshot of another carga or with parts that disagree is refused, naming the field', () => {
    const carga = municipalCarga();
    const { urna, clock } = openUrna(carga);
    castVote(urna, carga.voters[0]!, ['10001', '10']);
    castVote(urna, carga.voters[1]!, ['20', '20']);
    const good = JSON.parse(JSON.stringify(urna.snapshot())) as UrnaSnapshot;
    const deps = { clock, random: seededRandom(3) };
    const paths = (s: UrnaSnapshot, c: CargaContent = carga): string[] => {
      const r = restoreUrna(c, s, deps);
      return r.ok ? [] : r.problems.map((p) => p.path);
    };
    assert.deepEqual(paths(good), []);
    const other = municipalCarga();
    other.carga = { ...other.carga, codigoCarga: '111111111111111111111111' };
    assert.deepEqual(paths(good, other), ['codigoCarga']);
    assert.ok(
      paths({ ...good, released: { ...good.released, biometria: good.released.biometria + 1 } }).includes('released'),
    );
    assert.ok(
      paths({ ...good, voted: '00'.repeat(good.voted.length / 2) }).includes('voted'),
      "paths({ ...good, voted: '00'.repeat(good.voted.length /...",
    );
    assert.ok(
      paths({ ...good, zeresimaSha512: 'AB'.repeat(64) }).includes('zeresimaSha512'),
      "paths({ ...good, zeresimaSha512: 'AB'.repeat(64) }).inc...",
    );
    assert.ok(
      paths({ ...good, format: 'x' as UrnaSnapshot['format'] }).includes('format'),
      "paths({ ...good, format: 'x' as UrnaSnapshot['format'...",
    );
    const badRdv = structuredClone(good);
    badRdv.rdv.filled[0]!.votos[0] = '42';
    assert.ok(paths(badRdv).includes('rdv'), "paths(badRdv).includes('rdv')");
  });
});

describe('property: BU totals follow the votes', () => {
  // An independent oracle of what each typed choice counts as (ELECTION-RULES.md §3.3), for the general carga.
  const DF = new Map([
    [1011, true],
    [1012, true],
    [2011, true],
    [3011, true],
  ]);
  const PARTIES = new Set([10, 20, 30]); // parties with deputado federal candidates
  const classify = (office: number, choice: string, previous?: string): string => {
    if (choice === 'BRANCO') return 'B';
    const n = Number(choice);
    if (office === 6) {
      if (DF.has(n)) return `N${n}`;
      return PARTIES.has(Number(choice.slice(0, 2))) ? `L${choice.slice(0, 2)}` : 'X';
    }
    const valid = office === 5 ? [101, 202, 303] : [10, 20];
    if (!valid.includes(n)) return 'X';
    return office === 5 && previous === choice ? 'X' : `N${n}`;
  };
  const ballot = fc.tuple(
    fc.constantFrom('1011', '2011', '3011', '1099', '2000', '10', '30', '99', '9999', 'BRANCO'),
    fc.constantFrom('101', '202', '303', '999', 'BRANCO'),
    fc.constantFrom('101', '202', '303', '999', 'BRANCO'),
    fc.constantFrom('10', '20', '99', 'BRANCO'),
    fc.constantFrom('10', '20', '00', 'BRANCO'),
  );
  const carga = generalCarga({ voters: 16, seed: 'property' });

  test('per cargo: tuples sum to comparecimento × escolhas and match the oracle', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat({ max: 15 }), { maxLength: 16 }),
        fc.array(ballot, { minLength: 16, maxLength: 16 }),
        fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
        (voters, ballots, cancelFirst) => {
          const { urna, clock } = openUrna(carga, { seed: voters.join(',') });
          const expected = new Map<number, Map<string, number>>();
          for (const i of voters) {
            const b = ballots[i]!;
            if (cancelFirst[i]) {
              release(urna, carga.voters[i]!);
              for (const k of ballotKeys(b.slice(0, 2))) urna.pressKey(k);
              assert.ok(urna.cancelCurrentVoter().ok, 'urna.cancelCurrentVoter().ok');
            }
            castVote(urna, carga.voters[i]!, b);
            const offices = [6, 5, 5, 3, 1];
            offices.forEach((office, j) => {
              const k = classify(office, b[j]!, j === 2 && classify(5, b[1]!) !== 'X' ? b[1] : undefined);
              const m = expected.get(office) ?? new Map<string, number>();
              m.set(k, (m.get(k) ?? 0) + 1);
              expected.set(office, m);
            });
          }
          const pkg = closeAt(urna, clock);
          const n = voters.length;
          assert.equal(pkg.bu.qtdEleitoresCompareceram, n);
          for (const [id, office, escolhas] of [
            [546, 6, 1],
            [546, 5, 2],
            [546, 3, 1],
            [544, 1, 1],
          ] as const) {
            const ts = tuples(pkg.bu, id, office);
            const sum = ts.reduce((s, t) => s + Number(t.split(':')[1]), 0);
            assert.equal(sum, n * escolhas, `cargo ${office}`);
            const found = new Map(ts.map((t) => [t.split(':')[0]!, Number(t.split(':')[1])]));
            assert.deepEqual(found, expected.get(office) ?? new Map(), `cargo ${office}`);
          }
          for (const e of pkg.bu.resultadosVotacaoPorEleicao)
            for (const r of e.resultadosVotacao) assert.equal(r.qtdComparecimento, n);
          assert.deepEqual(verifyBuSignatures(pkg.bu, carga.urna.publicKey), []);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('ballot offices and clock', () => {
  test('the ballot offices come from the carga: screen order, Senate 2 choices, running mates, legenda parties', () => {
    const carga = generalCarga();
    const offices = ballotOfficesFor(carga);
    assert.deepEqual(
      offices.map((o) => [o.idEleicao, o.codigoCargo, o.name, o.digits, o.system, o.quantidadeEscolhas]),
      [
        [546, 6, 'Deputado Federal', 4, 'proportional', 1],
        [546, 5, 'Senador', 3, 'majority', 2],
        [546, 3, 'Governador', 2, 'majority', 1],
        [544, 1, 'Presidente', 2, 'majority', 1],
      ],
    );
    assert.deepEqual([...offices[0]!.parties.keys()], [10, 20, 30], 'parties with deputado federal candidates only');
    assert.deepEqual(
      [...offices[1]!.parties.keys()],
      [...new Set([...offices[1]!.candidates.values()].map((c) => c.party))].sort((a, b) => a - b),
      'majority offices list their candidates’ parties, for the screens only',
    );
    assert.deepEqual(offices[1]!.candidates.get(101)!.runningMates, [
      { label: '1º Suplente', ballotName: 'SUP UM A' },
      { label: '2º Suplente', ballotName: 'SUP UM B' },
    ]);
    const prefeito = ballotOfficesFor(municipalCarga())[1]!;
    assert.deepEqual(prefeito.candidates.get(10)!.runningMates, [{ label: 'Vice-Prefeito', ballotName: 'GIL' }]);
    assert.equal(ballotOfficesFor(municipalCarga())[0]!.candidates.get(20002)!.fit, false);
    // Built once per contest, rebuilt when the carga's parties differ.
    assert.equal(ballotOfficesFor(carga)[0], offices[0]);
    const renamed = {
      ...carga,
      election: {
        ...carga.election,
        parties: carga.election.parties.map((p) => ({ ...p, abbreviation: `X${p.number}` })),
      },
    };
    assert.equal(ballotOfficesFor(renamed)[0]!.parties.get(10)!.abbreviation, 'X10');
  });

  test('the zerésima prints the votes an urna holds: a cached all-zero block is never reused for counts', () => {
    const carga = municipalCarga();
    const fmt = new ZonedFormatter(carga.election.timezone);
    const s = signer({ publicKey: fromHex(carga.urna.publicKey), privateKey: fromHex(carga.urna.privateKey) });
    const empty = zeresimaReport(carga, [], 0, at('07:00'), s, fmt).body;
    assert.match(empty, /NÃO HÁ VOTOS REGISTRADOS/);
    const loaded = zeresimaReport(
      carga,
      [
        {
          idEleicao: 619,
          votosCargos: [{ idCargo: 13, quantidadeEscolhas: 1, votos: [{ tipoVoto: 'nominal', digitacao: '10002' }] }],
        },
      ],
      1,
      at('07:00'),
      s,
      fmt,
    ).body;
    assert.match(loaded, /^10002 BRUNO +1$/m);
    assert.match(loaded, /ATENÇÃO: HÁ VOTOS REGISTRADOS NESTA URNA/);
    assert.match(zeresimaReport(carga, [], 0, at('07:00'), s, fmt).body, /^10002 BRUNO +0$/m);
  });

  test('wall-clock formats in the election zone, whatever the machine zone', () => {
    const fmt = new ZonedFormatter('America/Sao_Paulo');
    const d = new Date('2024-10-06T11:00:05Z'); // 08:00:05 in Brasília (UTC-3)
    assert.equal(fmt.dataHoraJE(d), '20241006T080005');
    assert.equal(fmt.stamp(d), '06/10/2024 08:00:05');
    assert.equal(fmt.stamp(new Date(d.getTime() + 1000)), '06/10/2024 08:00:06');
    assert.equal(fmt.isoLocal(d), '2024-10-06 08:00:05');
    assert.equal(fmt.instant('2024-10-06', '08:00:05').toISOString(), d.toISOString());
    assert.equal(new ZonedFormatter('America/Manaus').stamp(d), '06/10/2024 07:00:05');
    // 2018 still had daylight saving in Brasília (UTC-2 in December).
    assert.equal(fmt.instant('2018-12-01', '08:00').toISOString(), '2018-12-01T10:00:00.000Z');
    assert.throws(() => new ZonedFormatter('Not/AZone'));
  });
});
