// An office without candidates (every candidacy withdrawn or refused) through the whole chain: the definition is
// valid, the urna shows "cargo sem candidato" and takes only CONFIRMA, the BU counts the office's votes as
// cargoSemCandidato, and the results elect nobody, saying why.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signer as makeSigner } from '../../src/crypto/ed25519.ts';
import { fromHex } from '../../src/crypto/hash.ts';
import { seededRandom } from '../../src/crypto/random.ts';
import { demoElection } from '../../src/election/demo.ts';
import { validateElection } from '../../src/election/validate.ts';
import { openCarga, urnaKeyPair } from '../../src/media/carga.ts';
import { writeResultsMedia } from '../../src/media/results-media-node.ts';
import { setupElection } from '../../src/media/setup.ts';
import { runElectionDay } from '../../src/simulation/election-day.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { ingestFolder } from '../../src/totalization/ingest.ts';
import { electionResults, formatResults } from '../../src/totalization/results.ts';

for (const system of ['majority', 'proportional'] as const) {
  describe(`a ${system} office without candidates`, () => {
    test('is valid, voted as "cargo sem candidato", totalized, and elects nobody', () => {
      const def = demoElection();
      // The demo's prefeito contest has a handful of tickets, its vereador contest dozens of candidates.
      const emptied = def.contests.find((c) =>
        system === 'majority' ? c.candidates.length < 20 : c.candidates.length >= 20,
      );
      assert.ok(emptied, `the demo has a ${system} contest`);
      emptied.candidates = [];
      const valid = validateElection(def, 'demo');
      assert.ok(valid.ok, valid.ok ? '' : JSON.stringify(valid.problems));

      const work = mkdtempSync(join(tmpdir(), 'urna-sem-candidato-'));
      try {
        const setup = setupElection(def, join(work, 'eleicao'), { seed: `sem-candidato-${system}` });
        const key = fromHex(setup.electionPublicKey);
        let compareceram = 0;
        for (const c of setup.cargas.slice(0, 2)) {
          const carga = openCarga(readFileSync(c.path, 'utf8'), c.path, { electionPublicKey: key });
          assert.ok(carga.ok, 'the carga opens');
          const day = runElectionDay(carga.value, { random: seededRandom(c.key) });
          compareceram += day.results.bu.qtdEleitoresCompareceram;
          writeResultsMedia(join(work, 'res', c.key), day.results, carga.value, makeSigner(urnaKeyPair(carga.value)));
        }
        assert.ok(compareceram > 0, 'nobody voted');
        const store = openSqliteStore(join(work, 'totalizacao.sqlite'));
        try {
          store.setElection(def, key);
          const outcomes = ingestFolder(store, join(work, 'res'), key);
          assert.deepEqual(
            outcomes.map((o) => o.outcome.status),
            ['totalizado', 'totalizado'],
          );
          const results = electionResults(store, def);
          const r = results.contests.find((c) => c.cargo === emptied.office);
          assert.ok(r, 'the emptied contest is in the results');
          assert.equal(r.totais.cargoSemCandidato, compareceram, 'every voter had the office as cargo sem candidato');
          assert.equal(r.totais.nominais + r.totais.legenda + r.totais.brancos + r.totais.nulos, 0);
          assert.equal(r.majoritario, undefined);
          assert.equal(r.proporcional, undefined);
          assert.ok(
            r.notas.some((n) => n.startsWith('cargo sem candidato')),
            r.notas.join('\n'),
          );
          // The other contest is decided as usual.
          const other = results.contests.find((c) => c.cargo !== emptied.office);
          assert.ok(other?.majoritario ?? other?.proporcional, 'the other contest has an outcome');
          assert.match(formatResults(results), /Resultado: cargo sem candidato — ninguém eleito/);
        } finally {
          store.close();
        }
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  });
}
