// Writes schema/election.schema.json from the zod schema (src/election/json-schema.ts). Run after changing
// src/election/definition.ts: `npx tsx scripts/write-schema.ts`. test/election/json-schema.test.ts fails until the
// committed file is current. The text goes through prettier so `npm run format:check` agrees with it.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { electionJsonSchemaText } from '../src/election/json-schema.ts';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema', 'election.schema.json');
const options = (await prettier.resolveConfig(target)) ?? {};
const text = await prettier.format(electionJsonSchemaText(), { ...options, filepath: target });
mkdirSync(dirname(target), { recursive: true });
// Atomic: a crash leaves the old file or the new one, never half of one.
const tmp = `${target}.tmp-${process.pid}`;
const fd = openSync(tmp, 'w');
try {
  writeSync(fd, text);
  fsyncSync(fd);
} finally {
  closeSync(fd);
}
renameSync(tmp, target);
console.log(`wrote ${target}`);
