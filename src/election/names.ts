// Name lists for the demo and synthetic elections. Every person, party, school and town built from these lists is
// fictional: the parts are common Brazilian names, the combinations are random, and the parties are invented.

// prettier-ignore
export const FEMALE_FIRST_NAMES: readonly string[] = [
  'Ana', 'Maria', 'Francisca', 'Antônia', 'Adriana', 'Juliana', 'Márcia', 'Fernanda', 'Patrícia', 'Aline',
  'Sandra', 'Camila', 'Amanda', 'Bruna', 'Jéssica', 'Letícia', 'Júlia', 'Luciana', 'Vanessa', 'Mariana',
  'Gabriela', 'Vera', 'Rosângela', 'Débora', 'Raimunda', 'Beatriz', 'Larissa', 'Isabela', 'Helena', 'Lúcia',
  'Cecília', 'Terezinha', 'Valéria', 'Simone', 'Cláudia', 'Renata', 'Tatiane', 'Priscila', 'Rita', 'Sônia',
  'Marta', 'Eliane', 'Conceição', 'Luzia', 'Aparecida',
];

// prettier-ignore
export const MALE_FIRST_NAMES: readonly string[] = [
  'José', 'João', 'Antônio', 'Francisco', 'Carlos', 'Paulo', 'Pedro', 'Lucas', 'Luiz', 'Marcos',
  'Luís', 'Gabriel', 'Rafael', 'Daniel', 'Marcelo', 'Bruno', 'Eduardo', 'Felipe', 'Raimundo', 'Rodrigo',
  'Manoel', 'Mateus', 'André', 'Fernando', 'Fábio', 'Leonardo', 'Gustavo', 'Guilherme', 'Leandro', 'Tiago',
  'Anderson', 'Ricardo', 'Márcio', 'Jorge', 'Sebastião', 'Alexandre', 'Roberto', 'Edson', 'Diego', 'Vitor',
  'Sérgio', 'Cláudio', 'Geraldo', 'Benedito', 'Otávio', 'Reginaldo', 'Wellington', 'Joaquim', 'Caio', 'Heitor',
];

// prettier-ignore
export const SURNAMES: readonly string[] = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes',
  'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa',
  'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques', 'Machado', 'Mendes', 'Freitas',
  'Cardoso', 'Ramos', 'Gonçalves', 'Santana', 'Teixeira', 'Moura', 'Araújo', 'Pinto', 'Cavalcanti', 'Campos',
  'Monteiro', 'Correia', 'Batista', 'Xavier', 'Azevedo', 'Farias', 'Peixoto', 'Brandão', 'Siqueira', 'Tavares',
  'Queiroz', 'Prado', 'Bezerra', 'Rezende', 'Fonseca', 'Guimarães', 'Magalhães', 'Coelho', 'Paiva', 'Bastos',
];

/** Titles and trades Brazilian candidates often put in their ballot name ("Professora Ana"): masculine, feminine. */
// prettier-ignore
export const BALLOT_TITLES: readonly (readonly [string, string])[] = [
  ['Professor', 'Professora'], ['Doutor', 'Doutora'], ['Pastor', 'Pastora'], ['Sargento', 'Sargento'],
  ['Enfermeiro', 'Enfermeira'], ['Delegado', 'Delegada'], ['Tio', 'Tia'], ['Seu', 'Dona'], ['Irmão', 'Irmã'],
  ['Cabo', 'Cabo'], ['Mestre', 'Mestra'], ['Agente', 'Agente'],
];

/** Invented parties: abbreviation and name (chosen not to be those of Brazil's registered parties). */
// prettier-ignore
export const PARTY_NAMES: readonly { abbreviation: string; name: string }[] = [
  { abbreviation: 'PVV', name: 'Partido do Vale Verde' },
  { abbreviation: 'MRC', name: 'Movimento Renovação Cidadã' },
  { abbreviation: 'PTCA', name: 'Partido dos Trabalhadores do Campo' },
  { abbreviation: 'UPA', name: 'União Popular Agrária' },
  { abbreviation: 'PDLI', name: 'Partido Democrata Liberal Independente' },
  { abbreviation: 'ALIANÇA', name: 'Aliança pela Cidade' },
  { abbreviation: 'PSFU', name: 'Partido Solidariedade e Futuro' },
  { abbreviation: 'PRNA', name: 'Partido da Renovação Nacional' },
  { abbreviation: 'VERDEJA', name: 'Movimento Verdeja' },
  { abbreviation: 'PNA', name: 'Partido Nova Aurora' },
  { abbreviation: 'MDSO', name: 'Movimento Democrático Social' },
  { abbreviation: 'PEPO', name: 'Partido Ecológico Popular' },
  { abbreviation: 'PCINT', name: 'Partido da Cidade Inteligente' },
  { abbreviation: 'AZUL', name: 'Rede Azul' },
  { abbreviation: 'PTBN', name: 'Partido Trabalhista do Brasil Novo' },
  { abbreviation: 'PPRE', name: 'Partido Progressista Republicano' },
  { abbreviation: 'PMUE', name: 'Partido dos Municípios e Estados' },
  { abbreviation: 'AVANÇA', name: 'Avança Brasil' },
  { abbreviation: 'PJUB', name: 'Partido da Juventude Brasileira' },
  { abbreviation: 'PSLI', name: 'Partido Social Libertário' },
  { abbreviation: 'UNEL', name: 'União Nacional dos Eleitores' },
  { abbreviation: 'PRCOM', name: 'Partido Republicano Comunitário' },
  { abbreviation: 'PMCI', name: 'Partido da Mobilização Cívica' },
  { abbreviation: 'PHSD', name: 'Partido Humanista Social Democrata' },
  { abbreviation: 'FRENTE', name: 'Frente Cidadã' },
  { abbreviation: 'PTRE', name: 'Partido Trabalho e Renda' },
  { abbreviation: 'PCOV', name: 'Partido da Cooperação Vicinal' },
  { abbreviation: 'PLAM', name: 'Partido Libertação Amazônica' },
  { abbreviation: 'PMUS', name: 'Partido das Mulheres Sertanejas' },
  { abbreviation: 'POVI', name: 'Partido Ordem e Vida' },
];

/** Fictional federations (a federation acts as one party in the proportional count). */
export const FEDERATION_NAMES: readonly { abbreviation: string; name: string }[] = [
  { abbreviation: 'FE VALE', name: 'Federação Vale Unido' },
  { abbreviation: 'FE POVO', name: 'Federação Povo em Frente' },
  { abbreviation: 'FE NOVA', name: 'Federação Nova Esperança' },
  { abbreviation: 'FE RAIZ', name: 'Federação Raízes do Brasil' },
];

/** The kinds of places where seções are installed (locais de votação). */
export const LOCAL_KINDS: readonly string[] = [
  'Escola Estadual',
  'Escola Municipal',
  'Escola Municipal de Ensino Fundamental',
  'Colégio Estadual',
  'Centro Educacional',
  'Faculdade Municipal',
];

/** "Zé do Posto", "Ana da Feira": candidates known by where they work or live. */
// prettier-ignore
const PLACE_NICKNAMES: readonly string[] = [
  'do Posto', 'da Feira', 'da Padaria', 'da Farmácia', 'da Saúde', 'do Sindicato', 'do Bairro', 'do Táxi',
  'do Mercado', 'da Escola',
];

/** Streets for addresses of the locais de votação. */
// prettier-ignore
export const STREETS: readonly string[] = [
  'Rua das Flores', 'Rua Sete de Setembro', 'Avenida Brasil', 'Rua Tiradentes', 'Rua XV de Novembro',
  'Avenida Getúlio Vargas', 'Rua Santa Rita', 'Rua São José', 'Praça da Matriz', 'Rua do Rosário',
  'Avenida dos Ipês', 'Rua Dom Pedro II', 'Rua Barão do Rio Branco', 'Rua das Palmeiras', 'Rua Goiás',
];

/** A random source as the generators use it: an integer in [0, n). */
export type Pick = (n: number) => number;

function from<T>(list: readonly T[], pick: Pick): T {
  return list[pick(list.length)]!;
}

/** A fictional person's name: a first name and one or two surnames. */
export function personName(pick: Pick): string {
  return fullName(pick(2) === 0, pick);
}

function fullName(female: boolean, pick: Pick): string {
  const first = from(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES, pick);
  const s1 = from(SURNAMES, pick);
  if (pick(3) === 0) return `${first} ${s1}`;
  const s2 = from(SURNAMES, pick);
  return s1 === s2 ? `${first} ${s1}` : `${first} ${s1} ${s2}`;
}

/** A fictional candidate: full name and the name on the ballot (at most 30 characters, as the schema allows). */
export function candidateNames(pick: Pick): { fullName: string; ballotName: string } {
  const female = pick(2) === 0;
  const name = fullName(female, pick);
  const parts = name.split(' ');
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  let ballotName: string;
  switch (pick(4)) {
    case 0: {
      const title = from(BALLOT_TITLES, pick);
      ballotName = `${female ? title[1] : title[0]} ${first}`;
      break;
    }
    case 1:
      ballotName = `${first} ${last}`;
      break;
    case 2:
      ballotName = `${first} ${from(PLACE_NICKNAMES, pick)}`;
      break;
    default:
      ballotName = parts.length > 2 ? `${first} ${parts[1]}` : name;
  }
  return { fullName: name, ballotName: ballotName.slice(0, 30) };
}

/** A local de votação's name: "Escola Estadual Professora Helena Prado". */
export function localName(pick: Pick): string {
  const female = pick(2) === 0;
  const kind = from(LOCAL_KINDS, pick);
  const name = fullName(female, pick);
  const title = pick(2) === 0 ? `${female ? 'Professora' : 'Professor'} ` : '';
  return `${kind} ${title}${name}`;
}

/** A street address in a fictional town. */
export function address(pick: Pick): string {
  return `${from(STREETS, pick)}, ${1 + pick(1500)}`;
}
