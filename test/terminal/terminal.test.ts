// The mesário terminal: identification (título, other seção, already voted, busy), fingerprints and year of birth,
// release types and their counters, cancel, justificativas, mesários, live counts and the display.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SecaoId } from '../../src/election/definition.ts';
import { formatTitulo, makeTitulo } from '../../src/election/titulo.ts';
import { MesarioTerminal, TERMINAL_COLUMNS } from '../../src/terminal/terminal.ts';
import type { Outcome } from '../../src/urna/outcome.ts';
import { MAX_FINGERPRINT_ATTEMPTS } from '../../src/urna/urna.ts';
import { at, ballotKeys, castVote, municipalCarga, openUrna } from '../urna/fixtures.ts';

const code = (o: Outcome<unknown>): string => (o.ok ? 'ok' : o.error.code);
const message = (o: Outcome<unknown>): string => (o.ok ? '' : o.error.message);

function setup() {
  const carga = municipalCarga();
  const { urna, clock } = openUrna(carga);
  const withBio = carga.voters.filter((v) => v.biometrics);
  const withoutBio = carga.voters.filter((v) => !v.biometrics);
  return { carga, urna, clock, withBio, withoutBio, terminal: new MesarioTerminal(urna) };
}

/** A título of this município that is not in the seção's caderno. */
const OUTSIDER = makeTitulo(77_777_777, 'SP');

describe('identification', () => {
  test('accepts the título formatted xxxx xxxx xxxx and refuses an invalid one', () => {
    const { terminal, withBio } = setup();
    const v = withBio[0]!;
    const r = terminal.identify(formatTitulo(v.titulo));
    assert.ok(r.ok, 'r.ok');
    assert.deepEqual([r.value.name, r.value.step, r.value.titulo], [v.name, 'fingerprint', v.titulo]);
    assert.ok(terminal.cancel().ok, 'terminal.cancel().ok');
    const bad = v.titulo.slice(0, 10) + String((Number(v.titulo[10]) + 1) % 10) + v.titulo[11];
    assert.equal(code(terminal.identify(bad)), 'invalid-titulo');
    assert.equal(code(terminal.identify('12ab')), 'invalid-titulo');
  });

  test('a voter not in the caderno: "não pertence a esta seção", or named seção / not found with a lookup', () => {
    const { urna } = setup();
    const plain = new MesarioTerminal(urna);
    const r = plain.identify(OUTSIDER);
    assert.equal(code(r), 'not-in-secao');
    assert.equal(message(r), 'Eleitor não pertence a esta seção');

    const homes = new Map<string, SecaoId>([[OUTSIDER, { uf: 'SP', municipio: 71072, zona: 1, secao: 16 }]]);
    const t = new MesarioTerminal(urna, { lookupSecao: (titulo) => homes.get(titulo) });
    const other = t.identify(formatTitulo(OUTSIDER));
    assert.equal(code(other), 'other-secao');
    assert.match(message(other), /Eleitor não pertence a esta seção: vota na zona 0001, seção 0016/);
    const unknown = t.identify(makeTitulo(55_555_555, 'SP'));
    assert.equal(code(unknown), 'not-found');
    assert.equal(message(unknown), 'Eleitor não encontrado no cadastro eleitoral');
  });

  test('refuses a voter who already voted, and anyone while another voter is being identified or voting', () => {
    const { carga, urna, terminal, withBio, withoutBio } = setup();
    castVote(urna, withBio[0]!, ['10001', '10']);
    const again = terminal.identify(withBio[0]!.titulo);
    assert.equal(code(again), 'already-voted');
    assert.equal(message(again), 'Eleitor já votou');

    assert.ok(terminal.identify(withBio[1]!.titulo).ok, 'terminal.identify(withBio[1]!.titulo).ok');
    assert.equal(code(terminal.identify(withoutBio[0]!.titulo)), 'identification-in-progress');
    assert.ok(terminal.fingerprint(true).ok, 'terminal.fingerprint(true).ok');
    assert.equal(code(terminal.identify(withoutBio[0]!.titulo)), 'voter-in-booth');
    for (const k of ballotKeys(['BRANCO', 'BRANCO'])) urna.pressKey(k);
    assert.ok(terminal.identify(withoutBio[0]!.titulo).ok, 'terminal.identify(withoutBio[0]!.titulo).ok');
    assert.equal(carga.voters.length, 12);
  });

  test('refuses identification before opening and after closing', () => {
    const carga = municipalCarga();
    const { urna, clock } = openUrna(carga);
    const t = new MesarioTerminal(urna);
    clock.set(at('17:00'));
    assert.ok(t.close(true).ok, 't.close(true).ok');
    assert.equal(code(t.identify(carga.voters[0]!.titulo)), 'closed');
  });
});

describe('release', () => {
  test('fingerprint recognised → released por biometria', () => {
    const { urna, terminal, withBio } = setup();
    assert.ok(terminal.identify(withBio[0]!.titulo).ok, 'terminal.identify(withBio[0]!.titulo).ok');
    const r = terminal.fingerprint(true);
    assert.ok(r.ok, 'r.ok');
    assert.deepEqual([r.value.step, r.value.release, r.value.votingFor], ['voting', 'biometria', 'Vereador']);
    for (const k of ballotKeys(['10001', '10'])) urna.pressKey(k);
    assert.deepEqual(
      [
        terminal.counts().porBiometria,
        terminal.counts().porBiografia,
        terminal.counts().semBiometria,
        terminal.counts().votaram,
      ],
      [1, 0, 0, 1],
    );
  });

  test(`${MAX_FINGERPRINT_ATTEMPTS} failed fingerprints → year of birth → released por biografia, listed in the report`, () => {
    const { urna, clock, terminal, withBio } = setup();
    const v = withBio[0]!;
    assert.ok(terminal.identify(v.titulo).ok, 'terminal.identify(v.titulo).ok');
    for (let i = 1; i <= MAX_FINGERPRINT_ATTEMPTS; i++) {
      const r = terminal.fingerprint(false);
      assert.ok(r.ok, 'r.ok');
      assert.equal(r.value.fingerprintFailures, i);
      assert.equal(r.value.step, i < MAX_FINGERPRINT_ATTEMPTS ? 'fingerprint' : 'yearOfBirth');
    }
    assert.equal(code(terminal.fingerprint(true)), 'no-fingerprint-expected');
    const r = terminal.yearOfBirth(v.birthDate.slice(0, 4));
    assert.ok(r.ok, 'r.ok');
    assert.equal(r.value.release, 'biografia');
    for (const k of ballotKeys(['20001', '20'])) urna.pressKey(k);
    const c = terminal.counts();
    assert.deepEqual([c.porBiometria, c.porBiografia, c.semBiometria, c.votaram], [0, 1, 0, 1]);
    clock.set(at('17:00'));
    const pkg = terminal.close(true);
    assert.ok(pkg.ok, 'pkg.ok');
    assert.equal(pkg.value.bu.detalhamentoComparecimento.qtdEleitoresHabilitadosPorBiografia, 1);
    assert.ok(
      pkg.value.reports.biografica.includes(`Nome: ${v.name}`),
      'pkg.value.reports.biografica.includes(`Nome: ${v.name}`)',
    );
    assert.ok(
      pkg.value.reports.biografica.includes(formatTitulo(v.titulo)),
      'pkg.value.reports.biografica.includes(formatTitulo(v.titu...',
    );
    assert.match(pkg.value.reports.biografica, /1 eleitor\(es\) habilitado\(s\)/);
  });

  test('a voter without biometrics goes straight to the year of birth → released sem biometria', () => {
    const { urna, terminal, withoutBio } = setup();
    const v = withoutBio[0]!;
    const id = terminal.identify(v.titulo);
    assert.ok(id.ok, 'id.ok');
    assert.equal(id.value.step, 'yearOfBirth');
    assert.equal(code(terminal.fingerprint(true)), 'no-fingerprint-expected');
    const r = terminal.yearOfBirth(Number(v.birthDate.slice(0, 4)));
    assert.ok(r.ok, 'r.ok');
    assert.equal(r.value.release, 'semBiometria');
    for (const k of ballotKeys(['30001', '30'])) urna.pressKey(k);
    const c = terminal.counts();
    assert.deepEqual([c.porBiometria, c.porBiografia, c.semBiometria, c.votaram], [0, 0, 1, 1]);
  });

  test('a wrong year may be typed once more; twice wrong → refused, the voter may come back', () => {
    const { urna, terminal, withoutBio } = setup();
    const v = withoutBio[0]!;
    const wrong = String(Number(v.birthDate.slice(0, 4)) + 1);
    assert.ok(terminal.identify(v.titulo).ok, 'terminal.identify(v.titulo).ok');
    const first = terminal.yearOfBirth(wrong);
    assert.equal(code(first), 'wrong-year');
    assert.match(message(first), /ANO DE NASCIMENTO INCORRETO/);
    assert.equal(urna.currentVoter()?.step, 'yearOfBirth');
    const second = terminal.yearOfBirth(wrong);
    assert.equal(code(second), 'year-refused');
    assert.match(message(second), /procure a Justiça Eleitoral/);
    assert.equal(urna.currentVoter(), undefined);
    assert.equal(terminal.counts().votaram, 0);
    assert.equal(urna.hasVoted(v.titulo), false);
    assert.ok(terminal.identify(v.titulo).ok, 'the voter can be identified again');
  });

  test('cancel: the voter has not voted, nothing of the partial ballot counts', () => {
    const { urna, terminal, withBio } = setup();
    assert.equal(code(terminal.cancel()), 'no-voter');
    assert.ok(terminal.identify(withBio[0]!.titulo).ok, 'terminal.identify(withBio[0]!.titulo).ok');
    assert.ok(terminal.fingerprint(true).ok, 'terminal.fingerprint(true).ok');
    for (const k of ballotKeys(['10001'])) urna.pressKey(k);
    assert.equal(terminal.counts().liberados, 1);
    assert.ok(terminal.cancel().ok, 'terminal.cancel().ok');
    const c = terminal.counts();
    assert.deepEqual([c.liberados, c.votaram, c.porBiometria], [0, 0, 0]);
    assert.equal(urna.snapshot().rdv.filled.length, 0);
  });
});

describe('justificativas, mesários, counts, display', () => {
  test('justificativas: voters from elsewhere only, once each, with a reason; listed in the BUJ', () => {
    const { clock, terminal, withBio } = setup();
    assert.equal(code(terminal.justify(withBio[0]!.titulo, 'Viagem')), 'voter-of-this-secao');
    assert.equal(code(terminal.justify(OUTSIDER, '  ')), 'missing-reason');
    assert.equal(code(terminal.justify('123', 'Viagem')), 'invalid-titulo');
    assert.ok(
      terminal.justify(formatTitulo(OUTSIDER), 'Viagem').ok,
      "terminal.justify(formatTitulo(OUTSIDER), 'Viagem').ok",
    );
    assert.equal(code(terminal.justify(OUTSIDER, 'Viagem')), 'already-justified');
    const second = makeTitulo(66_666_666, 'RJ');
    assert.ok(
      terminal.justify(second, 'Mudança de domicílio').ok,
      "terminal.justify(second, 'Mudança de domicílio').ok",
    );
    assert.equal(terminal.counts().justificativas, 2);
    clock.set(at('17:00'));
    const pkg = terminal.close(true);
    assert.ok(pkg.ok, 'pkg.ok');
    assert.match(pkg.value.reports.buj, /2 Justificativas/);
    assert.ok(
      pkg.value.reports.buj.includes(formatTitulo(OUTSIDER)),
      'pkg.value.reports.buj.includes(formatTitulo(OUTSIDER))',
    );
    assert.ok(
      pkg.value.reports.buj.includes('Motivo: Mudança de domicílio'),
      "pkg.value.reports.buj.includes('Motivo: Mudança de domic...",
    );
    assert.equal(pkg.value.bu.qtdEleitoresCompareceram, 0, 'a justificativa is not a vote');
  });

  test('mesários registered at opening and closing appear in the BIM', () => {
    const { clock, terminal } = setup();
    assert.equal(code(terminal.registerMesarios('abertura', [{ name: ' ' }])), 'invalid-mesario');
    assert.ok(
      terminal.registerMesarios('abertura', [
        { name: 'ANA PRESIDENTE', role: 'Presidente' },
        { name: 'BIA MESÁRIA', role: '1º Mesário' },
      ]).ok,
    );
    assert.ok(
      terminal.registerMesarios('encerramento', [{ name: 'CAIO SECRETÁRIO', role: 'Secretário' }]).ok,
      "terminal.registerMesarios('encerramento', [{ name: 'CA...",
    );
    clock.set(at('17:00'));
    const pkg = terminal.close(true);
    assert.ok(pkg.ok, 'pkg.ok');
    const bim = pkg.value.reports.bim;
    const opening = bim.slice(
      bim.indexOf('Mesários registrados na abertura'),
      bim.indexOf('Mesários registrados no fechamento'),
    );
    const closing = bim.slice(bim.indexOf('Mesários registrados no fechamento'));
    assert.ok(
      opening.includes('Nome: ANA PRESIDENTE') && opening.includes('Nome: BIA MESÁRIA'),
      "opening.includes('Nome: ANA PRESIDENTE') && opening.inc...",
    );
    assert.ok(
      closing.includes('Nome: CAIO SECRETÁRIO') && !closing.includes('ANA PRESIDENTE'),
      "closing.includes('Nome: CAIO SECRETÁRIO') && !closing.i...",
    );
    assert.match(bim, /BOLETIM DE IDENTIFICAÇÃO DE MESÁRIOS/);
  });

  test('mesários named with the closing are registered only when the closing succeeds', () => {
    const { clock, terminal } = setup();
    const mesarios = [{ name: ' DORA PRESIDENTE ', role: 'Presidente' }];
    clock.set(at('16:59'));
    assert.equal(code(terminal.close(true, { mesarios })), 'too-early');
    clock.set(at('17:00'));
    assert.equal(code(terminal.close(true, { mesarios: [{ name: '  ' }] })), 'invalid-mesario');
    assert.equal(code(terminal.close(true, { mesarios, extraBuCopies: 11 })), 'invalid-copies');
    const pkg = terminal.close(true, { mesarios, extraBuCopies: 2 });
    assert.ok(pkg.ok, `close refused: ${message(pkg)}`);
    const bim = pkg.value.reports.bim;
    const closing = bim.slice(bim.indexOf('Mesários registrados no fechamento'));
    assert.ok(closing.includes('Nome: DORA PRESIDENTE'), `the closing's mesário is not in the BIM:\n${bim}`);
    // One registration only: the refused attempts left no trace in the log.
    const registered = pkg.value.log.filter((l) => l.includes('Mesários registrados (encerramento)'));
    assert.equal(registered.length, 1, registered.join('\n'));
    assert.equal(pkg.value.reports.bu.length, 7, '5 obligatory + 2 extra BU copies');
  });

  test('live counts and the 4 × 40 display follow the day', () => {
    const { urna, terminal, withBio, withoutBio } = setup();
    const fits = (): void => {
      const d = terminal.display();
      assert.equal(d.length, 4);
      for (const l of d) assert.ok(l.length <= TERMINAL_COLUMNS, `too wide: "${l}"`);
    };
    fits();
    assert.match(terminal.display()[0]!, /Digite o título/);
    castVote(urna, withBio[0]!, ['10001', '10']);
    castVote(urna, withoutBio[0]!, ['20', '20']);
    const v = withBio[1]!;
    assert.ok(terminal.identify(v.titulo).ok, 'terminal.identify(v.titulo).ok');
    fits();
    assert.equal(terminal.display()[1], v.name);
    assert.ok(terminal.fingerprint(false).ok, 'terminal.fingerprint(false).ok');
    assert.match(terminal.display()[0]!, /tentativa 2\/4/);
    assert.ok(terminal.fingerprint(true).ok, 'terminal.fingerprint(true).ok');
    fits();
    assert.equal(terminal.display()[3], 'VOTANDO PARA: Vereador');
    for (const k of ballotKeys(['10001'])) urna.pressKey(k);
    assert.equal(terminal.display()[3], 'VOTANDO PARA: Prefeito');
    assert.deepEqual(terminal.counts(), {
      aptos: 12,
      liberados: 3,
      votaram: 2,
      faltosos: 10,
      porBiometria: 1,
      porBiografia: 0,
      semBiometria: 1,
      justificativas: 0,
    });
  });
});
