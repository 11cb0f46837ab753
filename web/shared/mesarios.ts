// The mesários typed at the opening (urna page) and at the closing (terminal page), one per line, "Função: Nome"
// ("Presidente: Maria da Silva") or just the name. The urna core (Urna.registerMesarios) checks and keeps them for
// the BIM; this only splits the text.
import type { Mesario } from '../../src/urna/reports.ts';

export function parseMesarios(text: string): Mesario[] {
  const people: Mesario[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    const role = colon > 0 ? line.slice(0, colon).trim() : '';
    const name = colon > 0 ? line.slice(colon + 1).trim() : line;
    // "Presidente:" with no name is kept as a blank name so the urna refuses it by name, instead of dropping it.
    people.push(role !== '' ? { name, role } : { name });
  }
  return people;
}
