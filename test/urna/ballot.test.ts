import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  acceptedKeys,
  choicesOf,
  cloneBallot,
  currentEscolha,
  currentOffice,
  currentOfficeTitle,
  currentScreen,
  isFinished,
  pressKey,
  startBallot,
  type Ballot,
  type KeyResult,
} from '../../src/urna/ballot.ts';
import { KEYS, type BallotCandidate, type BallotOffice, type Choice, type Key } from '../../src/urna/ballot-types.ts';
import { renderScreenText } from '../../src/urna/screens.ts';

// ---------------------------------------------------------------------------------------------------------------
// Fixture: a municipal-style ballot with a 2-seat Senate in the middle (Vereador → Senador ×2 → Prefeito).

function cand(number: number, ballotName: string, fit = true, runningMates: BallotCandidate['runningMates'] = []) {
  return { number, ballotName, party: Number(String(number).slice(0, 2)), fit, runningMates };
}

function office(
  o: Omit<BallotOffice, 'candidates' | 'parties'>,
  candidates: BallotCandidate[],
  parties: [number, string, string][] = [],
): BallotOffice {
  return {
    ...o,
    candidates: new Map(candidates.map((c) => [c.number, c])),
    parties: new Map(parties.map(([number, abbreviation, name]) => [number, { number, abbreviation, name }])),
  };
}

const VEREADOR = office(
  { idEleicao: 619, codigoCargo: 13, name: 'Vereador', digits: 5, system: 'proportional', quantidadeEscolhas: 1 },
  [
    cand(10001, 'ANA'),
    cand(10002, 'BRUNO', false), // unfit, valid party
    cand(20123, 'CARLA'),
    cand(30555, 'DUDA'),
    cand(45111, 'EDU', false), // unfit, party 45 runs no fit candidate: not a legenda party
  ],
  [
    [10, 'PA', 'Partido Alfa'],
    [20, 'PB', 'Partido Beta'],
    [30, 'PC', 'Partido Gama'],
  ],
);
const SUPLENTES = [
  { label: '1º Suplente', ballotName: 'SUP UM' },
  { label: '2º Suplente', ballotName: 'SUP DOIS' },
];
const SENADOR = office(
  { idEleicao: 620, codigoCargo: 5, name: 'Senador', digits: 3, system: 'majority', quantidadeEscolhas: 2 },
  [cand(101, 'SEN A', true, SUPLENTES), cand(202, 'SEN B', true, SUPLENTES), cand(303, 'SEN C', false, SUPLENTES)],
);
const PREFEITO = office(
  { idEleicao: 619, codigoCargo: 11, name: 'Prefeito', digits: 2, system: 'majority', quantidadeEscolhas: 1 },
  [
    cand(10, 'PREF A', true, [{ label: 'Vice-Prefeito', ballotName: 'VICE A' }]),
    cand(20, 'PREF B', true, [{ label: 'Vice-Prefeito', ballotName: 'VICE B' }]),
    cand(30, 'PREF C', false, [{ label: 'Vice-Prefeito', ballotName: 'VICE C' }]),
  ],
  // Majority offices have no legenda; a party listed here must not make "10" + CONFIRMA a legenda vote.
  [[10, 'PA', 'Partido Alfa']],
);
const OFFICES: readonly BallotOffice[] = [VEREADOR, SENADOR, PREFEITO];

/** "10001C": digits, C = CONFIRMA, B = BRANCO, R = CORRIGE. */
function keys(s: string): Key[] {
  return [...s].map((ch) => (ch === 'C' ? 'CONFIRMA' : ch === 'B' ? 'BRANCO' : ch === 'R' ? 'CORRIGE' : (ch as Key)));
}

/** Presses keys that must all be accepted; returns the last result. */
function type(b: Ballot, s: string): KeyResult {
  let last: KeyResult | undefined;
  for (const k of keys(s)) {
    last = pressKey(b, k);
    assert.equal(last.accepted, true, `key ${k} of "${s}" should be accepted (screen ${currentScreen(b).kind})`);
  }
  return last!;
}

/** A ballot at the given office, the earlier ones voted branco. */
function ballotAt(officeIndex: number): Ballot {
  const b = startBallot(OFFICES);
  let skip = 0;
  for (let i = 0; i < officeIndex; i++) skip += OFFICES[i]!.quantidadeEscolhas;
  for (let i = 0; i < skip; i++) type(b, 'BC');
  assert.equal(currentOffice(b), OFFICES[officeIndex]);
  return b;
}

/** Everything observable about a ballot. */
function observe(b: Ballot): string {
  return JSON.stringify({ screen: currentScreen(b), choices: choicesOf(b), finished: isFinished(b) });
}

function expectRefused(b: Ballot, key: Key): void {
  const before = observe(b);
  const r = pressKey(b, key);
  assert.equal(r.accepted, false, `key ${key} should be refused on screen ${currentScreen(b).kind}`);
  assert.equal(r.confirmed, undefined);
  assert.equal(observe(b), before, `refused key ${key} must change nothing`);
}

// ---------------------------------------------------------------------------------------------------------------

describe('outcomes: proportional office (ELECTION-RULES §3.3)', () => {
  test('2 digits of a valid party, then CONFIRMA → legenda with the 2 digits', () => {
    const b = startBallot(OFFICES);
    type(b, '10');
    const s = currentScreen(b);
    assert.equal(s.kind, 'partido');
    assert.deepEqual(s.fields, [{ label: 'Partido:', value: 'PA' }]);
    const r = type(b, 'C');
    assert.deepEqual(r.confirmed, { idEleicao: 619, codigoCargo: 13, tipoVoto: 'legenda', digitacao: '10' });
    assert.equal(currentOffice(b), SENADOR);
  });

  test('full number of a fit candidate → candidate screen, then nominal', () => {
    const b = startBallot(OFFICES);
    type(b, '10001');
    const s = currentScreen(b);
    assert.equal(s.kind, 'candidato');
    assert.deepEqual(s.fields, [
      { label: 'Nome:', value: 'ANA' },
      { label: 'Partido:', value: 'PA' },
    ]);
    assert.equal(s.photo, true);
    assert.deepEqual(type(b, 'C').confirmed, {
      idEleicao: 619,
      codigoCargo: 13,
      tipoVoto: 'nominal',
      digitacao: '10001',
    });
  });

  test('full number, valid party, no such candidate → CANDIDATO INEXISTENTE, legenda keeping all typed digits', () => {
    const b = startBallot(OFFICES);
    type(b, '10999');
    const s = currentScreen(b);
    assert.equal(s.kind, 'legenda');
    assert.deepEqual(s.messages, ['CANDIDATO INEXISTENTE', 'VOTO DE LEGENDA']);
    assert.equal(s.party?.number, 10);
    assert.deepEqual(type(b, 'C').confirmed, {
      idEleicao: 619,
      codigoCargo: 13,
      tipoVoto: 'legenda',
      digitacao: '10999',
    });
  });

  test('full number of an unfit candidate → nulo (valid or invalid party prefix)', () => {
    for (const number of ['10002', '45111']) {
      const b = startBallot(OFFICES);
      type(b, number);
      assert.equal(currentScreen(b).kind, 'inapto');
      assert.ok(currentScreen(b).messages.includes('VOTO NULO'));
      assert.deepEqual(type(b, 'C').confirmed, {
        idEleicao: 619,
        codigoCargo: 13,
        tipoVoto: 'nulo',
        digitacao: number,
      });
    }
  });

  test('first 2 digits not a valid party → NÚMERO ERRADO at once, VOTO NULO when complete, nulo keeps the digits', () => {
    for (const number of ['55555', '00000', '45999']) {
      const b = startBallot(OFFICES);
      type(b, number.slice(0, 2));
      assert.equal(currentScreen(b).kind, 'numeroErrado');
      assert.deepEqual(currentScreen(b).messages, ['NÚMERO ERRADO']);
      type(b, number.slice(2));
      const s = currentScreen(b);
      assert.equal(s.kind, 'nulo');
      assert.deepEqual(s.messages, ['NÚMERO ERRADO', 'VOTO NULO']);
      assert.deepEqual(s.footer, ['Aperte a tecla:', 'CONFIRMA para PROSSEGUIR', 'CORRIGE para REINICIAR este voto']);
      assert.deepEqual(type(b, 'C').confirmed, {
        idEleicao: 619,
        codigoCargo: 13,
        tipoVoto: 'nulo',
        digitacao: number,
      });
    }
  });

  test('CONFIRMA on a partial number with the party digits in: legenda / nulo with the digits typed so far', () => {
    // The real 2022 RDVs hold such votes (legenda "454" for a 4-digit office, nulo "096" for a 5-digit one).
    let b = startBallot(OFFICES);
    type(b, '1099');
    assert.deepEqual(type(b, 'C').confirmed?.digitacao, '1099');
    assert.equal(choicesOf(b)[0]?.tipoVoto, 'legenda');
    b = startBallot(OFFICES);
    type(b, '096');
    assert.deepEqual(type(b, 'C').confirmed, { idEleicao: 619, codigoCargo: 13, tipoVoto: 'nulo', digitacao: '096' });
    b = startBallot(OFFICES);
    type(b, '09');
    assert.deepEqual(type(b, 'C').confirmed?.tipoVoto, 'nulo');
  });

  test('CONFIRMA before the party digits are in is refused', () => {
    const b = startBallot(OFFICES);
    expectRefused(b, 'CONFIRMA');
    type(b, '1');
    expectRefused(b, 'CONFIRMA');
  });
});

describe('outcomes: majority offices', () => {
  test('full number of a fit candidate → nominal, with running mates on screen', () => {
    const b = ballotAt(2);
    type(b, '10');
    const s = currentScreen(b);
    assert.equal(s.kind, 'candidato');
    assert.deepEqual(s.fields, [
      { label: 'Nome:', value: 'PREF A' },
      { label: 'Partido:', value: 'PA' },
      { label: 'Vice-Prefeito:', value: 'VICE A' },
    ]);
    const r = type(b, 'C');
    assert.deepEqual(r.confirmed, { idEleicao: 619, codigoCargo: 11, tipoVoto: 'nominal', digitacao: '10' });
    assert.equal(r.finished, true);
  });

  test('no such candidate, or an unfit one → nulo (no inapto screen, no legenda)', () => {
    for (const number of ['99', '30', '00']) {
      const b = ballotAt(2);
      type(b, number);
      assert.equal(currentScreen(b).kind, 'nulo');
      assert.deepEqual(type(b, 'C').confirmed, {
        idEleicao: 619,
        codigoCargo: 11,
        tipoVoto: 'nulo',
        digitacao: number,
      });
    }
    const b = ballotAt(1);
    type(b, '30');
    assert.equal(currentScreen(b).kind, 'digitos', 'a party prefix means nothing on a majority office');
    expectRefused(b, 'CONFIRMA');
  });

  test('2-seat Senate: two screens; the same candidate again → nuloPorRepeticao', () => {
    const b = ballotAt(1);
    assert.equal(currentScreen(b).officeName, 'Senador 1ª vaga');
    assert.equal(currentEscolha(b), 1);
    type(b, '101C');
    assert.equal(currentScreen(b).officeName, 'Senador 2ª vaga');
    assert.equal(currentOfficeTitle(b), 'Senador 2ª vaga');
    assert.equal(currentEscolha(b), 2);
    type(b, '101');
    const s = currentScreen(b);
    assert.equal(s.kind, 'repetido');
    assert.ok(s.messages.some((m) => m.includes('JÁ FOI ESCOLHIDO(A) EM VOTO ANTERIOR')));
    assert.match(s.audio, /já foi escolhido em voto anterior/);
    assert.deepEqual(type(b, 'C').confirmed, {
      idEleicao: 620,
      codigoCargo: 5,
      tipoVoto: 'nuloPorRepeticao',
      digitacao: '101',
    });
    assert.equal(currentOffice(b), PREFEITO);
  });

  test('Senate: a different candidate is nominal; a repeated null number is just nulo', () => {
    let b = ballotAt(1);
    type(b, '101C202C');
    assert.deepEqual(
      choicesOf(b)
        .slice(-2)
        .map((c) => [c.tipoVoto, c.digitacao]),
      [
        ['nominal', '101'],
        ['nominal', '202'],
      ],
    );
    b = ballotAt(1);
    type(b, '999C999C'); // a wrong number twice: nulo both times (repetition concerns a candidate)
    const senate = choicesOf(b).filter((c) => c.codigoCargo === 5);
    assert.deepEqual(
      senate.map((c) => [c.tipoVoto, c.digitacao]),
      [
        ['nulo', '999'],
        ['nulo', '999'],
      ],
    );
  });

  test('Senate: an unfit candidate twice is nulo twice, not a repetition', () => {
    const b = ballotAt(1);
    type(b, '303C303C');
    assert.deepEqual(
      choicesOf(b).map((c) => c.tipoVoto),
      ['branco', 'nulo', 'nulo'],
    );
  });
});

describe('branco', () => {
  test('BRANCO on an empty field → VOTO EM BRANCO, then CONFIRMA records branco without digits', () => {
    const b = startBallot(OFFICES);
    type(b, 'B');
    const s = currentScreen(b);
    assert.equal(s.kind, 'branco');
    assert.deepEqual(s.messages, ['VOTO EM BRANCO']);
    assert.equal(s.digitBoxes, 0);
    const r = type(b, 'C');
    assert.deepEqual(r.confirmed, { idEleicao: 619, codigoCargo: 13, tipoVoto: 'branco' });
    assert.equal('digitacao' in r.confirmed!, false);
  });

  test('BRANCO with digits typed is refused', () => {
    const b = startBallot(OFFICES);
    type(b, '1');
    expectRefused(b, 'BRANCO');
    type(b, '0');
    expectRefused(b, 'BRANCO');
    const m = ballotAt(1);
    type(m, '10');
    expectRefused(m, 'BRANCO');
  });
});

describe('refused keys', () => {
  test('digits beyond the number, BRANCO and digits on confirmation screens are refused and change nothing', () => {
    const screens = ['10001', '10999', '10002', '55555', 'B'];
    for (const s of screens) {
      const b = startBallot(OFFICES);
      type(b, s);
      for (const k of ['0', '9', 'BRANCO'] as Key[]) expectRefused(b, k);
    }
  });

  test('CORRIGE on an empty field is refused (the TSE urna beeps: it changes nothing)', () => {
    const b = startBallot(OFFICES);
    expectRefused(b, 'CORRIGE');
  });

  test('acceptedKeys matches what pressKey accepts, on every kind of screen', () => {
    const prefixes = ['', '1', '10', '109', '55', '10001', '10999', '10002', '55555', 'B', '10C', '10C1', '10C101C101'];
    for (const p of prefixes) {
      const b = startBallot(OFFICES);
      type(b, p);
      const accepted = acceptedKeys(b);
      assert.deepEqual(currentScreen(b).acceptedKeys, accepted);
      for (const k of KEYS) {
        const copy = cloneBallot(b);
        assert.equal(pressKey(copy, k).accepted, accepted.includes(k), `prefix "${p}", key ${k}`);
      }
    }
  });
});

describe('CORRIGE', () => {
  test('clears a partial number and stays on the same office', () => {
    const b = startBallot(OFFICES);
    type(b, '100R');
    const s = currentScreen(b);
    assert.equal(s.kind, 'digitos');
    assert.equal(s.typed, '');
    assert.equal(currentOffice(b), VEREADOR);
  });

  test('leaves a confirmation screen for the empty field of the same vaga, recording nothing', () => {
    for (const p of ['10001', '10999', '55555', 'B']) {
      const b = startBallot(OFFICES);
      type(b, `${p}R`);
      assert.equal(currentScreen(b).kind, 'digitos');
      assert.equal(currentScreen(b).typed, '');
      assert.deepEqual(choicesOf(b), []);
    }
    const b = ballotAt(1);
    type(b, '101C202R');
    assert.equal(currentScreen(b).officeName, 'Senador 2ª vaga');
    assert.equal(choicesOf(b).length, 2);
    type(b, '202C');
    assert.equal(choicesOf(b)[2]?.tipoVoto, 'nominal');
  });
});

describe('FIM', () => {
  test('after the last office: finished, screen FIM, all choices in ballot order, every key refused', () => {
    const b = startBallot(OFFICES);
    const results = [type(b, '20123C'), type(b, '202C'), type(b, 'BC')];
    assert.deepEqual(
      results.map((r) => r.finished),
      [false, false, false],
    );
    const last = type(b, '20C');
    assert.equal(last.finished, true);
    assert.equal(isFinished(b), true);
    assert.equal(currentOffice(b), undefined);
    assert.equal(currentEscolha(b), 0);
    const s = currentScreen(b);
    assert.equal(s.kind, 'fim');
    assert.deepEqual(s.messages, ['FIM']);
    assert.deepEqual(s.acceptedKeys, []);
    assert.deepEqual(choicesOf(b), [
      { idEleicao: 619, codigoCargo: 13, tipoVoto: 'nominal', digitacao: '20123' },
      { idEleicao: 620, codigoCargo: 5, tipoVoto: 'nominal', digitacao: '202' },
      { idEleicao: 620, codigoCargo: 5, tipoVoto: 'branco' },
      { idEleicao: 619, codigoCargo: 11, tipoVoto: 'nominal', digitacao: '20' },
    ]);
    for (const k of KEYS) {
      const r = pressKey(b, k);
      assert.equal(r.accepted, false);
      assert.equal(r.finished, true);
    }
  });

  test('choicesOf returns a copy; the ballot object is the one returned in KeyResult', () => {
    const b = startBallot(OFFICES);
    const r = pressKey(b, '1');
    assert.equal(r.ballot, b);
    type(b, '0C');
    const choices = choicesOf(b);
    choices.pop();
    assert.equal(choicesOf(b).length, 1);
  });
});

describe('office without candidates', () => {
  test('only CONFIRMA, recorded as nuloCargoSemCandidato', () => {
    const empty = office(
      { idEleicao: 1, codigoCargo: 30, name: 'Conselheiro', digits: 2, system: 'majority', quantidadeEscolhas: 1 },
      [],
    );
    const b = startBallot([empty, PREFEITO]);
    const s = currentScreen(b);
    assert.equal(s.kind, 'semCandidato');
    assert.deepEqual(s.acceptedKeys, ['CONFIRMA']);
    for (const k of ['1', 'BRANCO', 'CORRIGE'] as Key[]) expectRefused(b, k);
    assert.deepEqual(type(b, 'C').confirmed, { idEleicao: 1, codigoCargo: 30, tipoVoto: 'nuloCargoSemCandidato' });
    assert.equal(currentOffice(b), PREFEITO);
  });
});

describe('screens', () => {
  test('header, office, digit boxes, typed digits, footer of a confirmation screen', () => {
    const b = startBallot(OFFICES);
    let s = currentScreen(b);
    assert.equal(s.header, 'SEU VOTO PARA');
    assert.equal(s.officeName, 'Vereador');
    assert.equal(s.digitBoxes, 5);
    assert.equal(s.numberLabel, 'Número:');
    assert.deepEqual(s.footer, []);
    type(b, '10001');
    s = currentScreen(b);
    assert.equal(s.typed, '10001');
    assert.deepEqual(s.footer, [
      'Aperte a tecla:',
      'CONFIRMA para CONFIRMAR este voto',
      'CORRIGE para REINICIAR este voto',
    ]);
  });

  test('audio follows the TSE templates', () => {
    const b = startBallot(OFFICES);
    assert.equal(currentScreen(b).audio, 'Você está votando para Vereador. 5 dígitos. Voto 1 de 4.');
    type(b, '10001');
    assert.equal(
      currentScreen(b).audio,
      'Você está votando para Vereador no candidato 1, 0, 0, 0, 1: ANA. Aperte confirma ou corrige.',
    );
    type(b, 'C');
    assert.equal(currentScreen(b).audio, 'Você está votando para Senador 1ª vaga. 3 dígitos. Voto 2 de 4.');
    type(b, '101');
    assert.match(currentScreen(b).audio, /SEN A, 1º Suplente SUP UM, 2º Suplente SUP DOIS/);
    type(b, 'C');
    assert.match(currentScreen(b).audio, /Senador 2ª vaga\. 3 dígitos\. Voto 3 de 4\./);
    type(b, 'B');
    assert.equal(
      currentScreen(b).audio,
      'Você está votando em branco para Senador 2ª vaga. Aperte confirma ou corrige.',
    );
    const p = startBallot(OFFICES);
    type(p, '10999');
    assert.match(
      currentScreen(p).audio,
      /Candidato inexistente\. Aperte confirma para votar na legenda 1, 0, Partido Alfa/,
    );
    const n = startBallot(OFFICES);
    type(n, '55555');
    assert.match(
      currentScreen(n).audio,
      /no candidato 5, 5, 5, 5, 5\. Número errado\. Se apertar confirma, este voto será nulo/,
    );
  });

  test('renderScreenText draws a box of the requested width with the same texts', () => {
    const b = startBallot(OFFICES);
    type(b, '10001');
    for (const width of [60, 44]) {
      const text = renderScreenText(currentScreen(b), width);
      const lines = text.split('\n');
      for (const line of lines) assert.equal([...line].length, width, `line "${line}"`);
      assert.match(text, /SEU VOTO PARA/);
      assert.match(text, /Vereador/);
      assert.match(text, /Número: \[1\]\[0\]\[0\]\[0\]\[1\]/);
      assert.match(text, /Nome: ANA/);
      assert.match(text, /Partido: PA/);
    }
    assert.match(renderScreenText(currentScreen(b)), /CONFIRMA para CONFIRMAR este voto/);
    type(b, 'C303C303C10C');
    assert.match(renderScreenText(currentScreen(b)), /FIM/);
  });

  test('startBallot rejects offices the RDV cannot hold, naming the office and the field', () => {
    const bad = { ...PREFEITO, digits: 6 };
    assert.throws(() => startBallot([bad]), /Prefeito.*digits.*found 6/);
    const none = { ...SENADOR, quantidadeEscolhas: 0 };
    assert.throws(() => startBallot([none]), /Senador.*quantidadeEscolhas.*found 0/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property: random key sequences. The oracle below restates the §3.3 table independently of ballot.ts.

function isLegal(choice: Choice, office: BallotOffice, earlier: readonly Choice[]): boolean {
  const d = choice.digitacao;
  const complete = d !== undefined && d.length === office.digits;
  const candidate = d === undefined ? undefined : office.candidates.get(Number(d));
  const partyOk = d !== undefined && d.length >= 2 && office.parties.has(Number(d.slice(0, 2)));
  const repeated = earlier.some(
    (c) =>
      c.codigoCargo === office.codigoCargo &&
      c.idEleicao === office.idEleicao &&
      c.tipoVoto === 'nominal' &&
      c.digitacao === d,
  );
  if (office.candidates.size === 0) return choice.tipoVoto === 'nuloCargoSemCandidato' && d === undefined;
  switch (choice.tipoVoto) {
    case 'branco':
      return d === undefined;
    case 'nominal':
      if (!complete || !candidate?.fit) return false;
      return office.system === 'proportional' ? partyOk : !repeated;
    case 'nuloPorRepeticao':
      return office.system === 'majority' && complete && candidate?.fit === true && repeated;
    case 'legenda':
      return office.system === 'proportional' && partyOk && d!.length <= office.digits && !(complete && candidate);
    case 'nulo':
      if (d === undefined || d.length > office.digits) return false;
      if (office.system === 'majority') return complete && !candidate?.fit;
      return d.length >= 2 && (!partyOk || (complete && candidate !== undefined && !candidate.fit));
    default:
      return false;
  }
}

const allNumbers = OFFICES.flatMap((o) => [...o.candidates.keys()].map((n) => String(n).padStart(o.digits, '0')));
const keySequence = fc
  .array(
    fc.oneof(
      { arbitrary: fc.constantFrom(...KEYS).map((k) => [k]), weight: 5 },
      { arbitrary: fc.constantFrom(...allNumbers).map((n) => keys(n)), weight: 2 },
      { arbitrary: fc.constantFrom<Key[]>(['1', '0'], ['2', '0'], ['5', '5']), weight: 1 },
    ),
    { maxLength: 40 },
  )
  .map((chunks) => chunks.flat());

describe('property: random key sequences', () => {
  test('never throw, refused keys change nothing, every choice is a legal outcome', () => {
    fc.assert(
      fc.property(keySequence, (seq) => {
        const b = startBallot(OFFICES);
        for (const k of seq) {
          const before = observe(b);
          const r = pressKey(b, k);
          if (!r.accepted) assert.equal(observe(b), before);
          assert.equal(r.finished, isFinished(b));
        }
        const choices = choicesOf(b);
        let i = 0;
        for (const o of OFFICES) {
          for (let e = 0; e < o.quantidadeEscolhas && i < choices.length; e++, i++) {
            const c = choices[i]!;
            assert.equal(c.codigoCargo, o.codigoCargo);
            assert.ok(isLegal(c, o, choices.slice(0, i)), `illegal ${JSON.stringify(c)} after ${seq.join(' ')}`);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  test('a finished ballot has exactly one choice per office × escolha, in ballot order', () => {
    fc.assert(
      fc.property(keySequence, (seq) => {
        const b = startBallot(OFFICES);
        for (const k of seq) pressKey(b, k);
        // Finish it: each round of CORRIGE, BRANCO, CONFIRMA confirms exactly one choice whatever the screen.
        for (let round = 0; round < 10 && !isFinished(b); round++) {
          for (const k of ['CORRIGE', 'BRANCO', 'CONFIRMA'] as Key[]) pressKey(b, k);
        }
        assert.equal(isFinished(b), true);
        const choices = choicesOf(b);
        const expected = OFFICES.flatMap((o) => Array.from({ length: o.quantidadeEscolhas }, () => o.codigoCargo));
        assert.deepEqual(
          choices.map((c) => c.codigoCargo),
          expected,
        );
        choices.forEach((c, i) => {
          const o = OFFICES.find((x) => x.codigoCargo === c.codigoCargo)!;
          assert.ok(isLegal(c, o, choices.slice(0, i)), JSON.stringify(c));
        });
      }),
      { numRuns: 400 },
    );
  });
});
