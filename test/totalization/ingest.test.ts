import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { keyPairFromSeed, signer } from '../../src/crypto/ed25519.ts';
import { sha512, toHex } from '../../src/crypto/hash.ts';
import { seededRandom } from '../../src/crypto/random.ts';
import { formatProblem } from '../../src/election/problem.ts';
import { writeResultsMedia } from '../../src/media/results-media-node.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import {
  buDigest,
  canonicalBuJson,
  buFromCanonicalJson,
  ingestFolder,
  ingestResults,
  type IngestOutcome,
} from '../../src/totalization/ingest.ts';
import { sealChain } from '../../src/tse/bu-hash-chain.ts';
import type { BoletimUrna } from '../../src/urna/model.ts';
import {
  buFor,
  cargaFor,
  fixture,
  randomBallot,
  tally,
  tempDir,
  type Ballot,
  type Fixture,
} from '../store/fixtures.ts';

const KEY = 'SP-71072-0001-0001';

function ballots(f: Fixture, key: string, urna: number, n: number, seed: string): Ballot[] {
  const carga = cargaFor(f, key, urna);
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => randomBallot(carga, r));
}

function openStore(f: Fixture): SqliteStore {
  const s = new SqliteStore(':memory:');
  s.setElection(f.def, f.electionKey.publicKey);
  return s;
}

function problemsText(o: IngestOutcome): string {
  assert.equal(o.status, 'recusado', `expected a refusal, got ${o.status}`);
  return o.status === 'recusado' ? o.problems.map(formatProblem).join('\n') : '';
}

/** The store's totals of one município as "cargo|kind|number" → votes, to compare with tally(). */
function storeTally(s: SqliteStore, municipio: number): Map<string, number> {
  const kinds: Record<number, string> = { 1: 'nominal', 2: 'branco', 3: 'nulo', 4: 'legenda' };
  const m = new Map<string, number>();
  for (const r of s.votes({ kind: 'municipio', municipio })) {
    m.set(
      `m${municipio}|${r.cargo}|${kinds[r.tipoVoto]}|${r.tipoVoto === 1 || r.tipoVoto === 4 ? r.codigo : 0}`,
      r.votos,
    );
  }
  return m;
}

function only(prefix: string, t: Map<string, number>): Map<string, number> {
  return new Map([...t].filter(([k]) => k.startsWith(prefix)));
}

describe('canonical BU', () => {
  test('the digest ignores key order and hex case, and the BU comes back exactly', () => {
    const f = fixture();
    const { bu } = buFor(cargaFor(f, KEY, 1001), ballots(f, KEY, 1001, 5, 'canon'));
    const json = canonicalBuJson(bu);
    // The same BU with its keys in another order and its hashes in lower case.
    const shuffled = JSON.parse(JSON.stringify(bu, Object.keys(bu).reverse().concat(['x']))) as BoletimUrna;
    const reordered = JSON.parse(JSON.stringify(bu)) as BoletimUrna;
    for (const e of reordered.resultadosVotacaoPorEleicao)
      e.ultimoHashVotosVotavel = e.ultimoHashVotosVotavel.toLowerCase();
    assert.equal(canonicalBuJson(reordered), json);
    assert.notEqual(shuffled, undefined);
    assert.equal(buDigest(json), toHex(sha512(json)));
    assert.deepEqual(buFromCanonicalJson(json), bu);
    // Any change of a count changes the digest.
    const other = structuredClone(bu);
    other.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[0]!.totaisVotosCargo[0]!.votosVotaveis[0]!.quantidadeVotos += 1;
    assert.notEqual(buDigest(canonicalBuJson(other)), buDigest(json));
  });
});

describe('ingestResults', () => {
  test('a BU is counted; the same BU again is counted once', () => {
    const f = fixture();
    const s = openStore(f);
    try {
      const carga = cargaFor(f, KEY, 1001);
      const b = ballots(f, KEY, 1001, 7, 'once');
      const { bu, urnaKey } = buFor(carga, b);
      const o1 = ingestResults(s, { bu, urnaPublicKey: urnaKey.publicKey, source: 'mr-1' });
      assert.equal(o1.status, 'totalizado');
      assert.equal(o1.secao, KEY);
      assert.equal(o1.numeroInternoUrna, 1001);
      assert.equal(o1.buHash, buDigest(canonicalBuJson(bu)));
      const expected = only('m71072|', tally([{ municipio: 71072, uf: 'SP', ballots: b }]));
      assert.deepEqual(storeTally(s, 71072), expected);
      const counts = s.counts();

      const o2 = ingestResults(s, { bu: structuredClone(bu), urnaPublicKey: urnaKey.publicKey, source: 'mr-1 again' });
      assert.equal(o2.status, 'ja-totalizado');
      assert.equal(o2.buHash, o1.buHash);
      assert.deepEqual(s.counts(), counts);
      assert.deepEqual(storeTally(s, 71072), expected);
      assert.equal(s.turnout({ kind: 'municipio', municipio: 71072 }).find((t) => t.cargo === 1)?.comparecimento, 7);
      assert.deepEqual(s.auditTotals(), []);
    } finally {
      s.close();
    }
  });

  test('a different BU for a counted seção is refused, naming both hashes and urnas', () => {
    const f = fixture();
    const s = openStore(f);
    try {
      const first = buFor(cargaFor(f, KEY, 1001), ballots(f, KEY, 1001, 7, 'first'));
      const second = buFor(cargaFor(f, KEY, 1099), ballots(f, KEY, 1099, 6, 'second'));
      const o1 = ingestResults(s, { bu: first.bu, urnaPublicKey: first.urnaKey.publicKey, source: 'mr-first' });
      const before = { counts: s.counts(), votes: s.votes({ kind: 'pais' }) };
      const o2 = ingestResults(s, { bu: second.bu, urnaPublicKey: second.urnaKey.publicKey, source: 'mr-second' });
      const text = problemsText(o2);
      assert.ok(text.includes(o1.buHash!), 'names the counted BU');
      assert.ok(text.includes(buDigest(canonicalBuJson(second.bu))), 'names the new BU');
      assert.match(text, /urna 1001\b/);
      assert.match(text, /urna 1099\b/);
      assert.match(text, /without a replacement reason/);
      assert.deepEqual(s.counts(), before.counts);
      assert.deepEqual(s.votes({ kind: 'pais' }), before.votes);
    } finally {
      s.close();
    }
  });

  test('with a replacement reason the new BU supersedes the old; totals follow', () => {
    const f = fixture();
    const s = openStore(f);
    try {
      const b1 = ballots(f, KEY, 1001, 7, 'old urna');
      const b2 = ballots(f, KEY, 1099, 4, 'replacement urna');
      const first = buFor(cargaFor(f, KEY, 1001), b1);
      const second = buFor(cargaFor(f, KEY, 1099), b2);
      const other = ballots(f, 'SP-62910-0003-0001', 3001, 8, 'campinas');
      const campinas = buFor(cargaFor(f, 'SP-62910-0003-0001', 3001), other);
      ingestResults(s, { bu: first.bu, urnaPublicKey: first.urnaKey.publicKey, source: 'mr-first' });
      ingestResults(s, { bu: campinas.bu, urnaPublicKey: campinas.urnaKey.publicKey, source: 'mr-campinas' });
      const reason = 'urna 1001 travou às 11h; substituída pela urna de contingência 1099';
      const o = ingestResults(
        s,
        { bu: second.bu, urnaPublicKey: second.urnaKey.publicKey, source: 'mr-second' },
        { replacementReason: reason },
      );
      assert.equal(o.status, 'substituido');
      if (o.status !== 'substituido') return;
      assert.equal(o.reason, reason);
      assert.deepEqual(o.replaced, { buHash: buDigest(canonicalBuJson(first.bu)), numeroInternoUrna: 1001 });

      const history = s.buHistory(KEY);
      assert.equal(history.length, 2);
      assert.equal(history[0]!.status, 'substituido');
      assert.equal(history[0]!.replacementReason, reason);
      assert.equal(history[0]!.supersededBy, history[1]!.id);
      assert.equal(history[1]!.status, 'totalizado');
      assert.equal(s.currentBu(KEY)?.numeroInternoUrna, 1099);

      // Totals: only the replacement BU counts for the seção; Campinas untouched; UF = both.
      assert.deepEqual(storeTally(s, 71072), only('m71072|', tally([{ municipio: 71072, uf: 'SP', ballots: b2 }])));
      const uf = tally([
        { municipio: 71072, uf: 'SP', ballots: b2 },
        { municipio: 62910, uf: 'SP', ballots: other },
      ]);
      const ufRows = new Map(
        s
          .votes({ kind: 'uf', uf: 'SP' })
          .map((r) => [
            `uSP|${r.cargo}|${({ 1: 'nominal', 2: 'branco', 3: 'nulo', 4: 'legenda' } as Record<number, string>)[r.tipoVoto]}|${r.tipoVoto === 2 || r.tipoVoto === 3 ? 0 : r.codigo}`,
            r.votos,
          ]),
      );
      assert.deepEqual(ufRows, only('uSP|', uf));
      assert.equal(
        s.eleicoes({ kind: 'municipio', municipio: 71072 }).find((e) => e.idEleicao === 544)?.secoesTotalizadas,
        1,
      );
      assert.deepEqual(s.auditTotals(), []);

      // The superseded BU cannot come back, and the same replacement again is a no-op.
      const back = ingestResults(
        s,
        { bu: first.bu, urnaPublicKey: first.urnaKey.publicKey, source: 'mr-first again' },
        { replacementReason: 'engano' },
      );
      assert.match(problemsText(back), /superseded/);
      const again = ingestResults(
        s,
        { bu: second.bu, urnaPublicKey: second.urnaKey.publicKey, source: 'mr-second again' },
        { replacementReason: reason },
      );
      assert.equal(again.status, 'ja-totalizado');
    } finally {
      s.close();
    }
  });

  test('a tampered count breaks the chain: refused, nothing stored', () => {
    const f = fixture();
    const s = openStore(f);
    try {
      const { bu, urnaKey } = buFor(cargaFor(f, KEY, 1001), ballots(f, KEY, 1001, 7, 'tamper'));
      // Move one vote from one votável to another: the sums still add up, only the chain can tell.
      const cargo = bu.resultadosVotacaoPorEleicao
        .flatMap((e) => e.resultadosVotacao.flatMap((rv) => rv.totaisVotosCargo))
        .find((c) => c.votosVotaveis.length >= 2 && c.votosVotaveis[0]!.quantidadeVotos >= 1)!;
      cargo.votosVotaveis[0]!.quantidadeVotos -= 1;
      cargo.votosVotaveis[1]!.quantidadeVotos += 1;
      const o = ingestResults(s, { bu, urnaPublicKey: urnaKey.publicKey, source: 'mr-tampered' });
      const text = problemsText(o);
      assert.match(text, new RegExp(`cargo ${cargo.codigoCargo} tuple 1`));
      assert.deepEqual(s.counts(), { secoes: 7, bus: 0, totalizados: 0, substituidos: 0, voteRows: 0 });
      assert.deepEqual(s.turnout({ kind: 'pais' }), []);

      // Re-sealed by someone without the urna's key: the chain is whole, the signature is not.
      for (const e of bu.resultadosVotacaoPorEleicao) sealChain(bu, e);
      assert.match(
        problemsText(ingestResults(s, { bu, urnaPublicKey: urnaKey.publicKey, source: 'mr-resealed' })),
        /signature that does not verify/,
      );
      assert.equal(s.counts().bus, 0);
    } finally {
      s.close();
    }
  });

  test('a BU signed by another key is refused', () => {
    const f = fixture();
    const s = openStore(f);
    try {
      const { bu } = buFor(cargaFor(f, KEY, 1001), ballots(f, KEY, 1001, 3, 'key'));
      const stranger = signer(keyPairFromSeed(new Uint8Array(32).fill(7)));
      assert.match(
        problemsText(ingestResults(s, { bu, urnaPublicKey: stranger.publicKey, source: 'mr' })),
        /does not verify/,
      );
      assert.equal(s.counts().bus, 0);
    } finally {
      s.close();
    }
  });

  test('comparecimento that does not match the votes is refused (the chain does not cover it)', () => {
    const f = fixture();
    const s = openStore(f);
    try {
      const { bu, urnaKey } = buFor(cargaFor(f, KEY, 1001), ballots(f, KEY, 1001, 5, 'turnout'));
      bu.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[0]!.qtdComparecimento += 1;
      const text = problemsText(ingestResults(s, { bu, urnaPublicKey: urnaKey.publicKey, source: 'mr' }));
      assert.match(text, /votes adding up to 6 \(comparecimento 6 × \d choice\(s\)\), found 5/);
      assert.equal(s.counts().bus, 0);
    } finally {
      s.close();
    }
  });

  test('BUs that do not belong to the election are refused with the reason', () => {
    const f = fixture();
    const s = openStore(f);
    try {
      const { bu, urnaKey } = buFor(cargaFor(f, KEY, 1001), ballots(f, KEY, 1001, 3, 'belong'));
      const pub = urnaKey.publicKey;
      const wrongPleito = structuredClone(bu);
      wrongPleito.cabecalho.idPleito = 407;
      assert.match(
        problemsText(ingestResults(s, { bu: wrongPleito, urnaPublicKey: pub, source: 'mr' })),
        /cabecalho\.idPleito: expected pleito 406, found 407/,
      );

      const nowhere = structuredClone(bu);
      nowhere.identificacaoSecao.secao = 77;
      assert.match(
        problemsText(ingestResults(s, { bu: nowhere, urnaPublicKey: pub, source: 'mr' })),
        /seção 77, which the election does not have/,
      );

      const aggregated = structuredClone(bu);
      aggregated.identificacaoSecao.secao = 3;
      assert.match(
        problemsText(ingestResults(s, { bu: aggregated, urnaPublicKey: pub, source: 'mr' })),
        /SP-71072-0001-0003 votes in the urna of SP-71072-0001-0002/,
      );

      const envelope = ingestResults(s, {
        bu,
        urnaPublicKey: pub,
        source: 'mr',
        secao: { uf: 'SP', municipio: 71072, zona: 2, secao: 1 },
      });
      assert.match(problemsText(envelope), /seção SP-71072-0002-0001 \(as the results media say\)/);

      const strangerCandidate = structuredClone(bu);
      const pres = strangerCandidate.resultadosVotacaoPorEleicao.find((e) => e.idEleicao === 544)!.resultadosVotacao[0]!
        .totaisVotosCargo[0]!;
      const nominal = pres.votosVotaveis.find((t) => t.tipoVoto === 'nominal')!;
      nominal.identificacaoVotavel = { partido: 99, codigo: 99 };
      assert.match(
        problemsText(ingestResults(s, { bu: strangerCandidate, urnaPublicKey: pub, source: 'mr' })),
        /a candidate for cargo 1 in seção SP-71072-0001-0001, found 99/,
      );
      assert.equal(s.counts().bus, 0);

      const malformed = structuredClone(bu) as unknown as { urna: unknown };
      malformed.urna = undefined;
      assert.match(
        problemsText(ingestResults(s, { bu: malformed as unknown as BoletimUrna, urnaPublicKey: pub, source: 'mr' })),
        /a malformed BU/,
      );
    } finally {
      s.close();
    }
  });
});

describe('ingestFolder', () => {
  test('every folder gets its outcome; bad media never stop the others', () => {
    const f = fixture();
    const { dir, cleanup } = tempDir('urna-ingest-');
    const s = new SqliteStore(join(dir, 'totalizacao.db'));
    try {
      s.setElection(f.def, f.electionKey.publicKey);
      const media = join(dir, 'mr');
      const keys = ['SP-71072-0001-0001', 'SP-71072-0002-0001', 'MG-41238-0004-0001', 'MG-41238-0004-0002'];
      const all: { municipio: number; uf: string; ballots: Ballot[] }[] = [];
      keys.forEach((key, i) => {
        const carga = cargaFor(f, key, 5000 + i);
        const b = ballots(f, key, 5000 + i, 4 + i, `folder ${key}`);
        const { bu, rdv, urnaKey } = buFor(carga, b);
        writeResultsMedia(join(media, key), { bu, rdv, log: ['abertura', 'encerramento'] }, carga, urnaKey);
        if (key !== 'MG-41238-0004-0002')
          all.push({ municipio: carga.secao.municipio, uf: carga.secao.uf, ballots: b });
      });
      // Break one folder: a byte of its BU file changes, so its signature file no longer matches.
      const broken = join(media, 'MG-41238-0004-0002');
      const buFile = readdirSync(broken).find((n) => n.endsWith('-bu.dat'))!;
      const bytes = readFileSync(join(broken, buFile));
      bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 1;
      writeFileSync(join(broken, buFile), bytes);
      // And a folder that is not results media at all.
      mkdirSync(join(media, 'lixo'));

      const seen: number[] = [];
      const outcomes = ingestFolder(s, media, f.electionKey.publicKey, {
        onProgress: (done, total) => seen.push(done * 100 + total),
        batchSize: 2,
      });
      assert.deepEqual(
        outcomes.map((o) => [o.folder, o.outcome.status]),
        [
          ['MG-41238-0004-0001', 'totalizado'],
          ['MG-41238-0004-0002', 'recusado'],
          ['SP-71072-0001-0001', 'totalizado'],
          ['SP-71072-0002-0001', 'totalizado'],
          ['lixo', 'recusado'],
        ],
      );
      assert.deepEqual(seen, [105, 205, 305, 405, 505]);
      const refused = outcomes[1]!.outcome;
      assert.match(problemsText(refused), new RegExp(`${buFile}`));

      // Totals = the three good seções; re-running the folder changes nothing.
      const expected = tally(all);
      assert.deepEqual(storeTally(s, 71072), only('m71072|', expected));
      assert.deepEqual(storeTally(s, 41238), only('m41238|', expected));
      const counts = s.counts();
      const rerun = ingestFolder(s, media, f.electionKey.publicKey);
      assert.deepEqual(
        rerun.map((o) => o.outcome.status),
        ['ja-totalizado', 'recusado', 'ja-totalizado', 'ja-totalizado', 'recusado'],
      );
      assert.deepEqual(s.counts(), counts);

      assert.throws(
        () => ingestFolder(s, media, new Uint8Array(32).fill(1)),
        /is not the key of the election in the store/,
      );
    } finally {
      s.close();
      cleanup();
    }
  });
});
