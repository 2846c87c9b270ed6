/**
 * Built-in knowledge of the offline assistant: well-known sights per city (for "plan 5 days
 * in Paris") and interest words; airports and airlines come from lib/domain/travel. Small and static on purpose: the
 * offline model must be deterministic and work without any network access.
 */

/** Interest tags a sight can carry; also the canonical words stored in the trip's interests. */
export const INTEREST_TAGS = [
  "museums",
  "art",
  "cafes",
  "food",
  "nature",
  "nightlife",
  "history",
  "shopping",
  "architecture",
  "views",
  "culture",
  "beaches",
] as const;
export type InterestTag = (typeof INTEREST_TAGS)[number];

export type Block = "morning" | "afternoon" | "evening";

/** One thing to do in a city: segment type, the blocks it suits and its interest tags. */
export interface Sight {
  title: string;
  type: "activity" | "meal";
  blocks: Block[];
  tags: InterestTag[];
  /** Lower-case, accent-free alternative names used to recognise the sight in a message. */
  aliases?: string[];
}

/**
 * A city the assistant knows: its sights in rough priority order. Its airports and time zone
 * come from lib/domain/travel/airports.ts (lib/domain/ai/offline/places.ts), never from here.
 */
export interface CityGuide {
  name: string;
  country: string;
  /** Lower-case, accent-free names that refer to the city. */
  aliases: string[];
  sights: Sight[];
}

type S = Sight;
const a = (title: string, blocks: Block[], tags: InterestTag[], aliases?: string[]): S => ({
  title,
  type: "activity",
  blocks,
  tags,
  aliases,
});
const m = (title: string, blocks: Block[], tags: InterestTag[], aliases?: string[]): S => ({
  title,
  type: "meal",
  blocks,
  tags,
  aliases,
});

export const CITY_GUIDES: CityGuide[] = [
  {
    name: "Paris",
    country: "France",
    aliases: ["paris"],
    sights: [
      a("Louvre Museum", ["morning", "afternoon"], ["museums", "art", "history"], ["louvre", "the louvre"]),
      a("Eiffel Tower", ["afternoon", "evening"], ["views", "architecture"], ["eiffel tower", "eiffel"]),
      a("Musée d'Orsay", ["morning", "afternoon"], ["museums", "art"], ["orsay", "musee d orsay"]),
      m("Café lunch in Le Marais", ["afternoon"], ["cafes", "food"], ["le marais", "marais"]),
      a("Montmartre and Sacré-Cœur", ["morning", "afternoon"], ["history", "views", "art"], ["montmartre"]),
      a("Seine river cruise", ["evening", "afternoon"], ["views"], ["seine cruise", "seine river cruise"]),
      m("Dinner at a bistro in Saint-Germain", ["evening"], ["food"]),
      a("Notre-Dame Cathedral", ["morning"], ["history", "architecture"], ["notre dame"]),
      a("Sainte-Chapelle", ["morning", "afternoon"], ["history", "architecture"], ["sainte chapelle"]),
      a("Centre Pompidou", ["afternoon"], ["museums", "art"], ["pompidou"]),
      m("Coffee at Café de Flore", ["morning", "afternoon"], ["cafes"], ["cafe de flore"]),
      a(
        "Luxembourg Gardens",
        ["morning", "afternoon"],
        ["nature"],
        ["luxembourg gardens", "jardin du luxembourg"],
      ),
      a("Wine bar evening by Canal Saint-Martin", ["evening"], ["nightlife", "food"], ["canal saint martin"]),
      a("Palace of Versailles", ["morning"], ["history", "architecture"], ["versailles"]),
      a("Musée Rodin", ["afternoon"], ["museums", "art", "nature"], ["rodin", "musee rodin"]),
      a("Galeries Lafayette shopping", ["afternoon"], ["shopping"], ["galeries lafayette"]),
      a("Cabaret at the Moulin Rouge", ["evening"], ["nightlife", "culture"], ["moulin rouge"]),
    ],
  },
  {
    name: "Tokyo",
    country: "Japan",
    aliases: ["tokyo"],
    sights: [
      a(
        "Senso-ji Temple in Asakusa",
        ["morning"],
        ["culture", "history"],
        ["senso ji", "sensoji", "asakusa"],
      ),
      a("Meiji Shrine", ["morning"], ["culture", "nature"], ["meiji shrine", "meiji jingu"]),
      m("Sushi breakfast at Tsukiji Outer Market", ["morning"], ["food"], ["tsukiji"]),
      a(
        "Tokyo National Museum",
        ["morning", "afternoon"],
        ["museums", "history", "art"],
        ["tokyo national museum"],
      ),
      a("teamLab Planets", ["afternoon", "evening"], ["art", "museums"], ["teamlab"]),
      a("Shibuya Crossing and Shibuya Sky", ["evening", "afternoon"], ["views", "nightlife"], ["shibuya"]),
      a("Shinjuku Gyoen National Garden", ["morning", "afternoon"], ["nature"], ["shinjuku gyoen"]),
      m("Izakaya dinner in Shinjuku", ["evening"], ["food", "nightlife"], ["izakaya", "omoide yokocho"]),
      a("Harajuku and Omotesando", ["afternoon"], ["shopping", "cafes"], ["harajuku", "omotesando"]),
      m("Coffee in Shimokitazawa", ["afternoon", "morning"], ["cafes", "shopping"], ["shimokitazawa"]),
      a("Tokyo Skytree", ["afternoon", "evening"], ["views"], ["skytree"]),
      a("Akihabara", ["afternoon"], ["shopping"], ["akihabara"]),
      a("Golden Gai bar hopping", ["evening"], ["nightlife"], ["golden gai"]),
      m("Sushi dinner in Ginza", ["evening"], ["food"], ["ginza"]),
      a("Ueno Park", ["morning"], ["nature", "museums"], ["ueno park", "ueno"]),
    ],
  },
  {
    name: "Kyoto",
    country: "Japan",
    aliases: ["kyoto"],
    sights: [
      a("Fushimi Inari Shrine", ["morning"], ["culture", "nature", "history"], ["fushimi inari", "inari"]),
      a(
        "Kinkaku-ji (Golden Pavilion)",
        ["morning", "afternoon"],
        ["culture", "history", "architecture"],
        ["kinkaku ji", "kinkakuji", "golden pavilion"],
      ),
      a("Arashiyama Bamboo Grove", ["morning"], ["nature"], ["arashiyama", "bamboo grove", "bamboo forest"]),
      a(
        "Kiyomizu-dera Temple",
        ["afternoon"],
        ["culture", "history", "views"],
        ["kiyomizu dera", "kiyomizu"],
      ),
      m("Lunch at Nishiki Market", ["afternoon"], ["food"], ["nishiki market", "nishiki"]),
      a("Evening walk in Gion", ["evening"], ["history", "culture"], ["gion"]),
      a(
        "Philosopher's Path",
        ["afternoon", "morning"],
        ["nature"],
        ["philosopher path", "philosophers path"],
      ),
      a("Matcha tea ceremony", ["afternoon"], ["culture", "cafes"], ["tea ceremony"]),
      m("Kaiseki dinner in Pontocho", ["evening"], ["food"], ["pontocho", "kaiseki"]),
      a(
        "Kyoto National Museum",
        ["morning", "afternoon"],
        ["museums", "history", "art"],
        ["kyoto national museum"],
      ),
      a("Nijo Castle", ["morning"], ["history", "architecture"], ["nijo castle", "nijo"]),
      a(
        "Ginkaku-ji (Silver Pavilion)",
        ["afternoon"],
        ["culture", "history"],
        ["ginkaku ji", "silver pavilion"],
      ),
      m("Coffee in Higashiyama", ["morning", "afternoon"], ["cafes"], ["higashiyama"]),
      a("Sake tasting in Fushimi", ["evening"], ["nightlife", "food"], ["sake tasting"]),
    ],
  },
  {
    name: "Rome",
    country: "Italy",
    aliases: ["rome", "roma"],
    sights: [
      a(
        "Colosseum and Roman Forum",
        ["morning"],
        ["history", "architecture"],
        ["colosseum", "coliseum", "roman forum"],
      ),
      a(
        "Vatican Museums and Sistine Chapel",
        ["morning"],
        ["museums", "art", "history"],
        ["vatican", "vatican museums", "sistine chapel"],
      ),
      a("Pantheon", ["afternoon"], ["history", "architecture"], ["pantheon"]),
      a("Trevi Fountain", ["evening", "afternoon"], ["views"], ["trevi fountain", "trevi"]),
      m("Dinner in Trastevere", ["evening"], ["food", "nightlife"], ["trastevere"]),
      a(
        "St. Peter's Basilica",
        ["afternoon"],
        ["history", "architecture"],
        ["st peter", "saint peter", "st peters"],
      ),
      a("Galleria Borghese", ["morning", "afternoon"], ["museums", "art"], ["borghese", "galleria borghese"]),
      m("Espresso at Sant'Eustachio Il Caffè", ["morning"], ["cafes"], ["sant eustachio"]),
      a("Gelato and the Spanish Steps", ["afternoon"], ["food", "views"], ["spanish steps"]),
      a("Campo de' Fiori market", ["morning"], ["food", "shopping"], ["campo de fiori"]),
      a("Capitoline Museums", ["afternoon"], ["museums", "history", "art"], ["capitoline"]),
      a("Villa Borghese gardens", ["afternoon"], ["nature"], ["villa borghese"]),
      a("Aperitivo in Monti", ["evening"], ["nightlife", "food"], ["monti", "aperitivo"]),
      a("Appian Way bike ride", ["morning"], ["nature", "history"], ["appian way", "appia antica"]),
    ],
  },
  {
    name: "London",
    country: "United Kingdom",
    aliases: ["london"],
    sights: [
      a("British Museum", ["morning", "afternoon"], ["museums", "history"], ["british museum"]),
      a("Tower of London", ["morning"], ["history"], ["tower of london"]),
      a(
        "Westminster Abbey and Big Ben",
        ["morning"],
        ["history", "architecture"],
        ["westminster", "big ben", "westminster abbey"],
      ),
      m("Lunch at Borough Market", ["afternoon"], ["food"], ["borough market"]),
      a("National Gallery", ["afternoon"], ["museums", "art"], ["national gallery"]),
      a("West End show", ["evening"], ["nightlife", "culture"], ["west end", "musical"]),
      a("Tate Modern", ["afternoon"], ["museums", "art"], ["tate modern", "tate"]),
      m("Afternoon tea", ["afternoon"], ["cafes", "food"], ["afternoon tea"]),
      m("Dinner in Covent Garden", ["evening"], ["food"], ["covent garden"]),
      a("Hyde Park", ["morning", "afternoon"], ["nature"], ["hyde park"]),
      a("London Eye", ["afternoon", "evening"], ["views"], ["london eye"]),
      a("Pub evening in Soho", ["evening"], ["nightlife"], ["soho", "pub"]),
      a("Camden Market", ["afternoon"], ["shopping", "food"], ["camden market", "camden"]),
      a("Natural History Museum", ["morning"], ["museums", "nature"], ["natural history museum"]),
      a("Kew Gardens", ["morning"], ["nature"], ["kew gardens", "kew"]),
    ],
  },
  {
    name: "Barcelona",
    country: "Spain",
    aliases: ["barcelona"],
    sights: [
      a("Sagrada Família", ["morning"], ["architecture", "history"], ["sagrada familia", "sagrada"]),
      a("Park Güell", ["morning", "afternoon"], ["architecture", "nature", "views"], ["park guell"]),
      a("Gothic Quarter walk", ["afternoon", "morning"], ["history"], ["gothic quarter", "barri gotic"]),
      m("Lunch at La Boqueria market", ["afternoon"], ["food"], ["boqueria", "la boqueria"]),
      m("Tapas dinner in El Born", ["evening"], ["food", "nightlife"], ["el born", "tapas"]),
      a("Picasso Museum", ["afternoon", "morning"], ["museums", "art"], ["picasso museum", "museu picasso"]),
      a("Casa Batlló", ["afternoon"], ["architecture"], ["casa batllo"]),
      a("Barceloneta Beach", ["afternoon"], ["beaches", "nature"], ["barceloneta"]),
      a("Montjuïc and the Magic Fountain", ["evening"], ["views"], ["montjuic", "magic fountain"]),
      m("Coffee at a café in Gràcia", ["morning"], ["cafes"], ["gracia"]),
      a("Fundació Joan Miró", ["morning"], ["museums", "art"], ["miro", "fundacio joan miro"]),
      a("Cocktails in El Raval", ["evening"], ["nightlife"], ["el raval", "raval"]),
      a(
        "Palau de la Música Catalana concert",
        ["evening"],
        ["architecture", "culture"],
        ["palau de la musica"],
      ),
      a("Bunkers del Carmel viewpoint", ["evening", "afternoon"], ["views"], ["bunkers del carmel"]),
    ],
  },
  {
    name: "New York",
    country: "United States",
    aliases: ["new york", "new york city", "nyc", "manhattan"],
    sights: [
      a(
        "Metropolitan Museum of Art",
        ["morning", "afternoon"],
        ["museums", "art"],
        ["the met", "met museum"],
      ),
      a("Central Park", ["morning", "afternoon"], ["nature"], ["central park"]),
      a(
        "Statue of Liberty and Ellis Island",
        ["morning"],
        ["history"],
        ["statue of liberty", "ellis island"],
      ),
      a("Brooklyn Bridge walk", ["morning", "evening"], ["views", "architecture"], ["brooklyn bridge"]),
      a("MoMA", ["afternoon"], ["museums", "art"], ["moma", "museum of modern art"]),
      a("High Line and Chelsea Market", ["afternoon"], ["nature", "food"], ["high line", "chelsea market"]),
      a("Broadway show", ["evening"], ["nightlife", "culture"], ["broadway"]),
      m("Pizza dinner in Brooklyn", ["evening"], ["food"], ["pizza"]),
      m("Coffee in the West Village", ["morning"], ["cafes"], ["west village"]),
      a("Top of the Rock", ["evening"], ["views"], ["top of the rock", "rockefeller center"]),
      a("9/11 Memorial & Museum", ["morning"], ["history", "museums"], ["9 11 memorial", "911 memorial"]),
      a("Jazz club in Greenwich Village", ["evening"], ["nightlife"], ["jazz club", "greenwich village"]),
      a("American Museum of Natural History", ["morning"], ["museums", "nature"], ["natural history"]),
      a("SoHo shopping", ["afternoon"], ["shopping"], ["soho shopping"]),
    ],
  },
  {
    name: "Lisbon",
    country: "Portugal",
    aliases: ["lisbon", "lisboa"],
    sights: [
      a(
        "Belém Tower and Jerónimos Monastery",
        ["morning"],
        ["history", "architecture"],
        ["belem tower", "jeronimos", "belem"],
      ),
      m("Pastéis de Belém", ["afternoon"], ["cafes", "food"], ["pasteis de belem"]),
      a(
        "Alfama walk and São Jorge Castle",
        ["morning"],
        ["history", "views"],
        ["alfama", "sao jorge castle"],
      ),
      a("Tram 28 ride", ["afternoon"], ["views"], ["tram 28"]),
      m("Fado dinner in Alfama", ["evening"], ["food", "nightlife", "culture"], ["fado"]),
      m("Lunch at Time Out Market", ["afternoon"], ["food"], ["time out market"]),
      a("Calouste Gulbenkian Museum", ["morning", "afternoon"], ["museums", "art"], ["gulbenkian"]),
      a("Sintra day trip", ["morning"], ["history", "nature", "architecture"], ["sintra", "pena palace"]),
      a("LX Factory", ["afternoon"], ["shopping", "art"], ["lx factory"]),
      a("Bairro Alto evening", ["evening"], ["nightlife"], ["bairro alto"]),
      a("Sunset at Miradouro da Senhora do Monte", ["evening"], ["views"], ["miradouro"]),
      a("National Tile Museum", ["afternoon"], ["museums", "art", "history"], ["tile museum", "azulejo"]),
      m("Coffee at A Brasileira", ["morning"], ["cafes"], ["a brasileira"]),
    ],
  },
  {
    name: "Amsterdam",
    country: "Netherlands",
    aliases: ["amsterdam"],
    sights: [
      a("Rijksmuseum", ["morning"], ["museums", "art", "history"], ["rijksmuseum"]),
      a("Van Gogh Museum", ["afternoon", "morning"], ["museums", "art"], ["van gogh"]),
      a("Anne Frank House", ["morning", "afternoon"], ["history", "museums"], ["anne frank"]),
      a("Canal cruise", ["afternoon", "evening"], ["views"], ["canal cruise", "canal boat"]),
      m("Indonesian rijsttafel dinner", ["evening"], ["food"], ["rijsttafel"]),
      a("Vondelpark", ["morning"], ["nature"], ["vondelpark"]),
      a("Jordaan walk", ["afternoon"], ["cafes", "shopping"], ["jordaan"]),
      m("Coffee at a Jordaan café", ["morning"], ["cafes"], ["jordaan cafe"]),
      a("Albert Cuyp Market", ["morning"], ["food", "shopping"], ["albert cuyp"]),
      a("Brown café evening", ["evening"], ["nightlife", "cafes"], ["brown cafe"]),
      a("A'DAM Lookout", ["afternoon", "evening"], ["views"], ["adam lookout", "a dam lookout"]),
      a("Zaanse Schans day trip", ["morning"], ["history", "nature"], ["zaanse schans"]),
    ],
  },
  {
    name: "Berlin",
    country: "Germany",
    aliases: ["berlin"],
    sights: [
      a(
        "Brandenburg Gate and Reichstag",
        ["morning"],
        ["history", "architecture"],
        ["brandenburg gate", "reichstag"],
      ),
      a(
        "Museum Island",
        ["morning", "afternoon"],
        ["museums", "art", "history"],
        ["museum island", "pergamon"],
      ),
      a("East Side Gallery", ["afternoon"], ["art", "history"], ["east side gallery", "berlin wall"]),
      m("Currywurst lunch", ["afternoon"], ["food"], ["currywurst"]),
      m("Dinner in Prenzlauer Berg", ["evening"], ["food"], ["prenzlauer berg"]),
      a("Memorial to the Murdered Jews of Europe", ["afternoon"], ["history"], ["holocaust memorial"]),
      a("Tiergarten", ["morning"], ["nature"], ["tiergarten"]),
      a("Checkpoint Charlie", ["afternoon"], ["history"], ["checkpoint charlie"]),
      a("TV Tower", ["evening"], ["views"], ["tv tower", "fernsehturm"]),
      a("Kreuzberg bars", ["evening"], ["nightlife"], ["kreuzberg"]),
      m("Coffee in Mitte", ["morning"], ["cafes"], ["mitte"]),
      a("Tempelhofer Feld", ["afternoon"], ["nature"], ["tempelhof"]),
    ],
  },
];

/** Sights for a city not in the table; `city` is inserted into each title. */
export function genericSights(city: string): Sight[] {
  return [
    a(`Walking tour of ${city}'s old town`, ["morning"], ["history", "architecture"]),
    a(`Museum visit in ${city}`, ["morning", "afternoon"], ["museums", "art"]),
    m(`Lunch at a local café in ${city}`, ["afternoon"], ["cafes", "food"]),
    m(`Dinner at a local restaurant in ${city}`, ["evening"], ["food"]),
    a(`Local market in ${city}`, ["morning"], ["food", "shopping"]),
    a(`Park stroll in ${city}`, ["afternoon", "morning"], ["nature"]),
    a(`Sunset viewpoint over ${city}`, ["evening"], ["views"]),
    a(`Historic landmarks of ${city}`, ["afternoon"], ["history"]),
    a(`Evening drinks in ${city}`, ["evening"], ["nightlife"]),
    a(`Shopping in ${city}`, ["afternoon"], ["shopping"]),
    a(`Day trip from ${city}`, ["morning"], ["nature", "history"]),
    m(`Food tasting in ${city}`, ["evening"], ["food"]),
  ];
}

/** Words in a message that express an interest, mapped to the canonical tag. */
export const INTEREST_WORDS: [RegExp, InterestTag][] = [
  [/\bmuseums?\b/, "museums"],
  [/\b(art|arts|galler(y|ies)|paintings?)\b/, "art"],
  [/\b(cafes?|caf[eé]s?|coffee|coffee ?shops?|tea ?rooms?)\b/, "cafes"],
  [/\b(food|foodie|eating|restaurants?|cuisine|gastronomy|wine|street food|dining)\b/, "food"],
  [/\b(nature|parks?|gardens?|hiking|hikes?|outdoors?)\b/, "nature"],
  [/\b(nightlife|bars?|clubs?|clubbing|partying|pubs?|cocktails?)\b/, "nightlife"],
  [/\b(history|historic|historical|ancient|monuments?|castles?|ruins)\b/, "history"],
  [/\b(shopping|shops|markets?|boutiques)\b/, "shopping"],
  [/\b(architecture|buildings)\b/, "architecture"],
  [/\b(views?|viewpoints?|panoramas?|sunsets?)\b/, "views"],
  [/\b(culture|cultural|temples?|shrines?|theatre|theater|concerts?)\b/, "culture"],
  [/\b(beach|beaches|sea|swimming)\b/, "beaches"],
];

/**
 * Folds text for matching: accents removed, lower-cased, every run of non-alphanumerics
 * turned into one space, trimmed. "Musée d'Orsay" → "musee d orsay".
 */
export const foldText = (s: string): string =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/**
 * Finds the city guide named in `text` (case- and accent-insensitive, whole words), or
 * null when no known city is mentioned. When several are mentioned the first one wins.
 */
export function findCityGuide(text: string): CityGuide | null {
  const t = ` ${foldText(text)} `;
  let best: { guide: CityGuide; at: number } | null = null;
  for (const guide of CITY_GUIDES) {
    for (const alias of guide.aliases) {
      const at = t.indexOf(` ${alias} `);
      if (at >= 0 && (!best || at < best.at)) best = { guide, at };
    }
  }
  return best?.guide ?? null;
}

/**
 * Finds a known sight whose name or alias is exactly `text`, ignoring case, accents and
 * leading words like "the", "a visit to", "tickets for" (e.g. "the Louvre" → Louvre Museum).
 * Cities in `preferCities` are searched first. Returns null when nothing matches.
 */
export function findSight(
  text: string,
  preferCities: string[] = [],
): { sight: Sight; city: CityGuide } | null {
  const strip = (x: string) =>
    x.replace(/^(?:(?:a|an|the|visit|visiting|to|tickets|ticket|for|tour|of|trip)\s+)+/, "");
  const t = strip(foldText(text));
  if (t.length < 3) return null;
  const preferred = preferCities.map(foldText);
  const guides = [...CITY_GUIDES].sort(
    (x, y) => Number(!preferred.includes(foldText(x.name))) - Number(!preferred.includes(foldText(y.name))),
  );
  for (const city of guides) {
    for (const sight of city.sights) {
      const names = [foldText(sight.title), ...(sight.aliases ?? [])];
      if (names.some((n) => strip(n) === t)) return { sight, city };
    }
  }
  return null;
}

/**
 * Canonical interest tags mentioned in `text`, in order of first mention, without
 * duplicates. Example: "we love museums and cafes" → ["museums", "cafes"].
 */
export function extractInterests(text: string): InterestTag[] {
  const t = text.toLowerCase();
  const hits: { tag: InterestTag; at: number }[] = [];
  for (const [re, tag] of INTEREST_WORDS) {
    const found = re.exec(t);
    if (found && !hits.some((h) => h.tag === tag)) hits.push({ tag, at: found.index });
  }
  return hits.sort((x, y) => x.at - y.at).map((h) => h.tag);
}
