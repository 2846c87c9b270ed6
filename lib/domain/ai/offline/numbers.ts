/**
 * Numbers, money and travellers as people type them ("three", "2.5k", "1500 bucks",
 * "CHF 10000", "family of four", "me and 3 friends", "€150 per person per day"). Shared by
 * the offline trip designer (lib/domain/ai/offline/interpret.ts) and the planner's draft
 * extraction (lib/domain/chat/planner.ts). Pure functions, no I/O.
 */

const WORDS: Record<string, number> = {
  zero: 0,
  one: 1,
  a: 1,
  an: 1,
  single: 1,
  two: 2,
  couple: 2,
  pair: 2,
  both: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  twenty: 20,
};

const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
};

/** Regex source matching a cardinal written as digits or as an English word (one … twenty). */
export const NUMBER_RE = `(?:\\d+|${Object.keys(WORDS)
  .filter((w) => w.length > 2)
  .join("|")})`;
/** Regex source matching an ordinal: "1st", "2nd", "third", "tenth". */
export const ORDINAL_RE = `(?:\\d+(?:st|nd|rd|th)|${Object.keys(ORDINALS).join("|")})`;

/**
 * A cardinal number from digits or an English word ("3", "three", "a" → 1); null when the
 * word is not a number.
 */
export function parseNumber(word: string | undefined | null): number | null {
  if (!word) return null;
  const w = word.trim().toLowerCase();
  if (/^\d+$/.test(w)) return Number(w);
  return WORDS[w] ?? null;
}

/** An ordinal from "3rd", "third" or a bare number; null when it is not one. */
export function parseOrdinal(word: string | undefined | null): number | null {
  if (!word) return null;
  const w = word.trim().toLowerCase();
  const d = /^(\d+)(?:st|nd|rd|th)?$/.exec(w);
  if (d?.[1]) return Number(d[1]);
  return ORDINALS[w] ?? null;
}

/** ISO 4217 codes for currency symbols and words people use. */
const CURRENCY_WORDS: Record<string, string> = {
  $: "USD",
  us$: "USD",
  usd: "USD",
  dollar: "USD",
  dollars: "USD",
  buck: "USD",
  bucks: "USD",
  "€": "EUR",
  eur: "EUR",
  euro: "EUR",
  euros: "EUR",
  "£": "GBP",
  gbp: "GBP",
  pound: "GBP",
  pounds: "GBP",
  quid: "GBP",
  "¥": "JPY",
  円: "JPY",
  jpy: "JPY",
  yen: "JPY",
  chf: "CHF",
  franc: "CHF",
  francs: "CHF",
  aud: "AUD",
  a$: "AUD",
  cad: "CAD",
  c$: "CAD",
  nzd: "NZD",
  sek: "SEK",
  nok: "NOK",
  dkk: "DKK",
  krw: "KRW",
  won: "KRW",
  "₩": "KRW",
  cny: "CNY",
  rmb: "CNY",
  yuan: "CNY",
  hkd: "HKD",
  sgd: "SGD",
  inr: "INR",
  rupee: "INR",
  rupees: "INR",
  "₹": "INR",
  mxn: "MXN",
  thb: "THB",
  baht: "THB",
  "฿": "THB",
};

/**
 * Currencies people name that this table does not hold (a symbol or word, lower case). Next to
 * an amount they make it money in an unknown currency — never silently another one.
 */
const UNKNOWN_CURRENCY =
  "pesos?|rupiahs?|zloty|złoty|zlotys|lira|lire|liras|rand|ringgits?|dong|forints?|korunas?|koruny|kronor|krona|kronur|krone|kroner|dirhams?|shekels?|rubles?|roubles?|lei|leu|leva|lev|nairas?|shillings?|dinars?|riyals?|rials?|kuna|hryvnias?|bitcoins?|btc|eth|[₽₺₱₪₫₴₦₿]";

const MONTH =
  "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
/**
 * Spans of a sentence that are dates or trip days ("February 29", "3rd of March", "29 Feb 2030",
 * "2030-04-12", "12/05", "day 3", "night 2"): their numbers are never money.
 */
const DATE_SPAN = new RegExp(
  [
    `\\b${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b(?:,?\\s+\\d{4}\\b)?`,
    `\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}\\b\\.?(?:,?\\s+\\d{4}\\b)?`,
    "\\b\\d{4}-\\d{1,2}-\\d{1,2}\\b",
    "\\b\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?\\b",
    // "day 3", not "per night 100"
    "(?<!\\b(?:per|a|each|every)\\s+)\\b(?:day|night)\\s+\\d+(?:\\.\\d+)?\\b",
  ].join("|"),
  "gi",
);

const SYMBOL = "(?:us\\$|a\\$|c\\$|[$€£¥円₩₹฿])";
const CODE = `(?:${Object.keys(CURRENCY_WORDS)
  .filter((k) => /^[a-z]+$/.test(k))
  .sort((a, b) => b.length - a.length)
  .join("|")})`;
const AMOUNT = "(\\d{1,3}(?:[,\\s]\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)\\s?(k|m|thousand|grand)?";

/** An amount of money found in text, with where it was found. */
export interface MoneyMatch {
  amount: number;
  /** ISO 4217 code; null when the text gave none (the caller picks a default). */
  currency: string | null;
  index: number;
  text: string;
  /**
   * A currency beside the amount that is not in the table ("12 XYZ", "3000 pesos"); then
   * `currency` is null and the amount must not be taken as any known currency.
   */
  unknownCurrency?: string;
}

function amountOf(digits: string, mult: string | undefined): number {
  const n = Number(digits.replace(/[,\s]/g, ""));
  const m = mult?.toLowerCase();
  const factor = m === "k" || m === "thousand" || m === "grand" ? 1000 : m === "m" ? 1_000_000 : 1;
  return Math.round(n * factor * 100) / 100;
}

/**
 * Every amount of money in `text`: "$2,500", "€1.2k", "2.5k", "1500 bucks", "CHF 10000",
 * "10 000 yen", "3 grand". A bare number counts only with `bare: true` (then its currency
 * is null). Currencies are ISO 4217 codes from a fixed table of symbols and words.
 */
export function findMoney(text: string, opts: { bare?: boolean } = {}): MoneyMatch[] {
  const out: MoneyMatch[] = [];
  const taken: [number, number][] = [];
  const free = (i: number, j: number) => taken.every(([a, b]) => j <= a || i >= b);
  const push = (m: RegExpExecArray, amount: number, currency: string | null) => {
    if (!free(m.index, m.index + m[0].length) || !Number.isFinite(amount)) return;
    taken.push([m.index, m.index + m[0].length]);
    out.push({ amount, currency, index: m.index, text: m[0] });
  };
  // Numbers inside dates and trip days are not money: their spans are taken up front.
  for (const d of text.matchAll(DATE_SPAN)) taken.push([d.index, d.index + d[0].length]);
  const cur = (w: string | undefined) => (w ? (CURRENCY_WORDS[w.toLowerCase()] ?? null) : null);
  for (const m of text.matchAll(new RegExp(`(${SYMBOL}|\\b${CODE}\\b)\\s?${AMOUNT}(?!\\d|\\.\\d)`, "gi"))) {
    if (m[2]) push(m as RegExpExecArray, amountOf(m[2], m[3]), cur(m[1]));
  }
  for (const m of text.matchAll(new RegExp(`(?<![\\w.])${AMOUNT}\\s?(${SYMBOL}|${CODE}\\b)`, "gi"))) {
    if (m[1]) push(m as RegExpExecArray, amountOf(m[1], m[2]), cur(m[3]));
  }
  // "2 grand", "3.5k" are money even without a currency.
  for (const m of text.matchAll(/(?<![\w.:-])(\d+(?:\.\d+)?)\s?(k|grand)\b/gi)) {
    if (m[1]) push(m as RegExpExecArray, amountOf(m[1], m[2]), null);
  }
  if (opts.bare) {
    for (const m of text.matchAll(
      /(?<![\w.:-])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?(k|thousand|grand)?(?![\w:-]|\.\d)(?!\s*(?:people|persons|adults|kids|children|days?|nights?|weeks?|travell?ers|guests|of us|am|pm|stars?|%))/gi,
    )) {
      if (m[1]) push(m as RegExpExecArray, amountOf(m[1], m[2]), null);
    }
  }
  // A code-shaped word (three capitals) or a named currency we don't know, right before or after
  // an amount without a currency: the amount is in that unknown currency.
  const unknownAfter = new RegExp(`^\\s?(?:(${UNKNOWN_CURRENCY})(?!\\p{L})|([A-Z]{3})\\b)`, "iu");
  const unknownBefore = new RegExp(`(?:(?<!\\p{L})(${UNKNOWN_CURRENCY})|\\b([A-Z]{3}))\\s?$`, "iu");
  for (const m of out) {
    if (m.currency) continue;
    const after = unknownAfter.exec(text.slice(m.index + m.text.length));
    const before = unknownBefore.exec(text.slice(Math.max(0, m.index - 12), m.index));
    const code = (r: RegExpExecArray | null) =>
      r?.[1] ?? (r?.[2] && /^[A-Z]{3}$/.test(r[2]) && !CURRENCY_WORDS[r[2].toLowerCase()] ? r[2] : undefined);
    const unknown = code(after) ?? code(before);
    if (unknown) m.unknownCurrency = unknown;
  }
  return out.sort((a, b) => a.index - b.index);
}

/** A budget read from a sentence, multiplied out when it was per person and/or per day. */
export interface BudgetReading {
  /** Total for the whole trip and party. */
  total: number;
  currency: string | null;
  /** The amount as written, before multiplying. */
  stated: number;
  perPerson: boolean;
  perDay: boolean;
  /** Human-readable arithmetic, e.g. "150 × 2 travellers × 7 days = 2100"; "" when none. */
  arithmetic: string;
}

const PER_PERSON =
  /(?:\b(?:per|a|each|every)\s*|\/\s*)(?:person|head|pp|traveller|traveler|people|pax)\b|\beach\b|\bpp\b|\bper capita\b/i;
const PER_DAY = /(?:\b(?:per|a|each|every)\s*|\/\s*)(?:day|night)\b|\bdaily\b|\bnightly\b/i;

/**
 * Reads a budget ("budget 2.5k", "€150 per person per day", "we can spend 1500 bucks"),
 * multiplying per-person amounts by `travelers` and per-day amounts by `days`.
 * @param bare accept a number without a currency (e.g. after the word "budget")
 * @returns null when no amount is found, when its currency is not one we know ("12 XYZ"), or
 *   when a multiplier is needed but unknown
 */
export function readBudget(
  text: string,
  party: { travelers?: number | null; days?: number | null },
  bare = false,
): BudgetReading | null {
  const found = findMoney(text, { bare });
  const money = found.find((m) => m.currency) ?? found[0];
  // An amount in a currency we don't know is no budget: reading it as USD would be a wrong value.
  if (!money || money.unknownCurrency) return null;
  const after = text.slice(money.index + money.text.length, money.index + money.text.length + 40);
  const before = text.slice(Math.max(0, money.index - 30), money.index);
  const perPerson = PER_PERSON.test(after) || /\bper[- ](?:person|head)\s+budget\b/i.test(before);
  const perDay =
    PER_DAY.test(after) ||
    /\b(?:daily|per[- ]day|a day)\s+budget\b|\bbudget\s+(?:per|a)\s+day\b/i.test(before);
  let total = money.amount;
  const parts = [`${money.amount}`];
  if (perPerson) {
    if (!party.travelers) return null;
    total *= party.travelers;
    parts.push(`${party.travelers} traveller${party.travelers === 1 ? "" : "s"}`);
  }
  if (perDay) {
    if (!party.days) return null;
    total *= party.days;
    parts.push(`${party.days} day${party.days === 1 ? "" : "s"}`);
  }
  total = Math.round(total * 100) / 100;
  return {
    total,
    currency: money.currency,
    stated: money.amount,
    perPerson,
    perDay,
    arithmetic: parts.length > 1 ? `${parts.join(" × ")} = ${total}` : "",
  };
}

const ONE_PERSON =
  "partner|wife|husband|girlfriend|boyfriend|gf|bf|spouse|fianc[eé]e?|other half|mum|mom|mother|dad|father|sister|brother|son|daughter|friend|best friend|colleague|grandma|grandpa|grandmother|grandfather|aunt|uncle|niece|nephew|cousin|baby|kid|child|toddler";
const GROUP =
  "kids|children|sons|daughters|friends|mates|buddies|pals|colleagues|cousins|siblings|brothers|sisters|teens|teenagers|grandkids|grandchildren|babies";
const PAIR = "parents|grandparents|in-laws|folks";

/**
 * The party of a sentence that lists the speaker's companions: "me, my husband and our 3
 * kids" → 5, "with my wife and two kids" → 4, "my parents and my sister" → 4. The speaker
 * counts once; a pair word ("parents") counts 2; a plural group needs its number. Null when
 * the sentence lists fewer than two companions or a group without a number.
 */
function companions(t: string): number | null {
  const N = NUMBER_RE;
  const re = new RegExp(
    `\\b(?:(my|our|the)\\s+)?(?:(${N})\\s+)?(?:(${GROUP})|(${PAIR})|(${ONE_PERSON}))\\b`,
    "g",
  );
  let total = 0;
  let parts = 0;
  let owned = false;
  for (const m of t.matchAll(re)) {
    const [, own, count, group, pair, one] = m;
    if (!own && !count) continue;
    if (own) owned = true;
    if (group) {
      if (!count) return null;
      total += parseNumber(count) ?? 0;
    } else if (pair) total += 2;
    else if (one) {
      if (count && !own) continue; // "2 friends" is a group count handled elsewhere
      total += 1;
    }
    parts += 1;
  }
  if (!owned || parts < 2 || !/\b(?:i|me|my|we|us|our|i'm|myself)\b/.test(t)) return null;
  return total + 1;
}

const PARTNER =
  /\b(?:my|with (?:my|the)|me and (?:my|the))\s+(?:partner|wife|husband|girlfriend|boyfriend|gf|bf|spouse|fianc[eé]e?|other half|significant other|mum|mom|dad|mother|father|sister|brother|friend|best friend|colleague|son|daughter)\b|\bcouple\b|\bhoneymoon\b|\bjust the two of us\b|\bthe two of us\b|\bboth of us\b/i;

/**
 * Number of travellers stated in a sentence: "solo", "just me" → 1; "family of four",
 * "party of 6" → that; "me and 3 friends" → 4; "2 adults and 2 kids" → 4; "we are 3",
 * "there are five of us", "for 4 people" → that; "with my wife", "honeymoon" → 2.
 * @returns null when the sentence says nothing about the party
 */
export function readTravelers(text: string): number | null {
  const t = text.toLowerCase().replace(/[’`]/g, "'");
  const N = NUMBER_RE;
  const n = (s: string | undefined) => parseNumber(s) ?? 0;
  let m = new RegExp(`\\b(?:family|party|group|team|crew|gang) of (${N})\\b`).exec(t);
  if (m) return n(m[1]);
  const party = companions(t);
  if (party !== null) return party;
  m = new RegExp(`\\b(${N}) couples\\b`).exec(t);
  if (m) return n(m[1]) * 2;
  m = new RegExp(
    `\\b(${N}) (?:adults?|grown-?ups?)(?: and|,)? (?:\\+ |plus )?(${N}) (?:kids?|children|child|teens?|teenagers?|babies|baby|infants?|toddlers?)\\b`,
  ).exec(t);
  if (m) return n(m[1]) + n(m[2]);
  m = new RegExp(
    `\\b(?:me|i|myself)(?:,)? (?:and|\\+|plus|with) (?:my )?(${N}) (?:friends?|mates|buddies|pals|colleagues|others|kids|children|people|guys|girls|coworkers)\\b`,
  ).exec(t);
  if (m) return n(m[1]) + 1;
  m = new RegExp(
    `\\b(?:with|and) (?:my |our )?(${N}) (?:friends?|mates|buddies|pals|colleagues|coworkers|kids|children|sons|daughters|cousins|siblings)\\b`,
  ).exec(t);
  if (m && !/\b(?:we|us|our)\b/.test(t.slice(0, m.index))) return n(m[1]) + 1;
  m = new RegExp(`\\b(?:us|we) (?:and|\\+|plus) (?:our )?(${N}) (?:kids?|children|friends?)\\b`).exec(t);
  if (m) return n(m[1]) + 2;
  m = new RegExp(
    `\\b(?:we are|we're|we'll be|we will be|there are|there will be|there'll be|it's|its|it is|total of|party is|group is|we're a group of|make it|change it to|now) (${N})(?: of us| people| persons| travell?ers| adults| guests| pax)?\\b`,
  ).exec(t);
  if (
    m &&
    !/\b(?:days?|nights?|am|pm|o'clock|hours?)\b/.test(
      t.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 8),
    )
  )
    return n(m[1]);
  m = new RegExp(
    `\\b(${N}) (?:of us|people|ppl|persons|travell?ers|adults|guests|pax|friends|passengers)\\b`,
  ).exec(t);
  if (m) return n(m[1]);
  m = new RegExp(
    `\\bfor (${N})(?: of us| people| persons| travell?ers| adults| guests)?\\s*(?:[,.!?]|$)`,
  ).exec(t);
  if (m) return n(m[1]);
  if (
    /\b(?:solo|alone|by myself|on my own|just me|only me|just myself|single traveller|single traveler)\b/.test(
      t,
    )
  )
    return 1;
  if (PARTNER.test(t)) return 2;
  return null;
}

/** A length of time found in text, and where. */
export interface DurationMention {
  minutes: number;
  /** The matched text, e.g. "an hour and a half". */
  text: string;
  index: number;
}

const DURATION_RE = new RegExp(
  [
    "\\b(?:an?\\s+)?hour\\s+and\\s+a\\s+half\\b",
    "\\bhalf\\s+an?\\s+hour\\b",
    "\\ba\\s+quarter\\s+of\\s+an\\s+hour\\b",
    "\\b(?:a\\s+)?couple\\s+(?:of\\s+)?hours\\b",
    "\\b\\d{1,2}\\s*h\\s*\\d{1,2}\\s*(?:m|min|mins|minutes)?\\b",
    `\\b(?:\\d+(?:[.,]\\d+)?|an?|one|${NUMBER_RE})\\s*(?:-\\s*)?(?:hours?|hrs?|h|minutes?|mins?|m)\\b(?:\\s+and\\s+a\\s+half)?`,
  ].join("|"),
  "i",
);

/**
 * The first length of time in `text` ("an hour", "30 minutes", "1.5 hours", "90 mins",
 * "an hour and a half", "half an hour", "1h30"), in minutes; null when there is none.
 */
export function findDuration(text: string): DurationMention | null {
  const m = DURATION_RE.exec(text);
  if (!m) return null;
  const t = m[0].toLowerCase();
  let minutes: number | null = null;
  if (/hour\s+and\s+a\s+half/.test(t) && !/\d|two|three|four/.test(t)) minutes = 90;
  else if (/^half/.test(t)) minutes = 30;
  else if (/quarter/.test(t)) minutes = 15;
  else if (/couple/.test(t)) minutes = 120;
  else {
    const hm = /^(\d{1,2})\s*h\s*(\d{1,2})/.exec(t);
    if (hm) minutes = Number(hm[1]) * 60 + Number(hm[2]);
    else {
      const n = /^(\d+(?:[.,]\d+)?|an?|[a-z]+)/.exec(t)?.[1] ?? "";
      const value = /^an?$/.test(n) ? 1 : /\d/.test(n) ? Number(n.replace(",", ".")) : parseNumber(n);
      if (value === null || Number.isNaN(value)) return null;
      const hours = /\s*(?:-\s*)?(?:hours?|hrs?|h)\b/.test(t.slice(n.length));
      minutes = value * (hours ? 60 : 1) + (/and\s+a\s+half/.test(t) && hours ? 30 : 0);
    }
  }
  if (!minutes || minutes <= 0 || minutes >= 24 * 60) return null;
  return { minutes: Math.round(minutes), text: m[0], index: m.index };
}
