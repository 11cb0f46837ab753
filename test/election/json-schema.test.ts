// The committed JSON Schema is the one generated from the zod schema, and it documents every field.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { electionJsonSchema } from '../../src/election/json-schema.ts';

type Node = { [key: string]: unknown };

/** Every property schema in the tree, with its path. */
function properties(node: Node, path: string, out: [string, Node][]): [string, Node][] {
  const props = node.properties as Record<string, Node> | undefined;
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      const p = path === '' ? k : `${path}.${k}`;
      out.push([p, v]);
      properties(v, p, out);
    }
  }
  if (node.items) properties(node.items as Node, `${path}[]`, out);
  return out;
}

describe('election JSON Schema', () => {
  test('schema/election.schema.json is current (run `npx tsx scripts/write-schema.ts` after changing the schema)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../schema/election.schema.json', import.meta.url), 'utf8'));
    assert.deepEqual(committed, electionJsonSchema());
  });

  test('every field has a description', () => {
    const schema = electionJsonSchema();
    const missing = properties(schema, '', []).filter(([, v]) => typeof v.description !== 'string');
    assert.deepEqual(
      missing.map(([p]) => p),
      [],
    );
    assert.ok(properties(schema, '', []).length > 50);
  });

  test('the schema knows the example file’s fields, and requires what the validator requires', () => {
    const schema = electionJsonSchema();
    const example = JSON.parse(readFileSync(new URL('../../examples/election-general.json', import.meta.url), 'utf8'));
    const known = Object.keys(schema.properties as object);
    for (const key of Object.keys(example)) assert.ok(known.includes(key), key);
    assert.ok((schema.required as string[]).includes('voters'));
    assert.ok(!(schema.required as string[]).includes('fase'), 'fields with defaults may be left out');
  });
});
