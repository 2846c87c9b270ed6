/**
 * Choices of the preference selects (time zones, currencies, languages), computed where the
 * page renders (the server), from the same ICU data the API validates against. Pure Intl:
 * no server-only imports.
 */
import { CURRENCIES } from "@/client/format";
import type { Option, PreferenceOptions } from "./types";

const LANGUAGES = [
  "en",
  "en-US",
  "en-GB",
  "fr",
  "de",
  "es",
  "it",
  "pt",
  "pt-BR",
  "nl",
  "sv",
  "da",
  "nb",
  "fi",
  "pl",
  "cs",
  "el",
  "tr",
  "ru",
  "uk",
  "ar",
  "he",
  "hi",
  "th",
  "id",
  "vi",
  "ja",
  "ko",
  "zh-CN",
  "zh-TW",
];

function offsetOf(timeZone: string, at: Date): string {
  try {
    const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "shortOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName");
    return part?.value ?? "";
  } catch {
    return "";
  }
}

/** IANA zones grouped by region ("Europe" → "Paris · GMT+2"), with UTC and `current` always present. */
export function timeZoneOptions(current: string, at = new Date()): PreferenceOptions["timeZones"] {
  const zones = new Set<string>(Intl.supportedValuesOf("timeZone"));
  zones.add("UTC");
  if (current) zones.add(current);
  const groups = new Map<string, Option[]>();
  for (const tz of [...zones].sort()) {
    const slash = tz.indexOf("/");
    const group = slash > 0 ? tz.slice(0, slash) : "Other";
    const place = (slash > 0 ? tz.slice(slash + 1) : tz).replaceAll("_", " ").replaceAll("/", " / ");
    const offset = offsetOf(tz, at);
    const list = groups.get(group) ?? [];
    list.push({ value: tz, label: offset ? `${place} · ${offset}` : place });
    groups.set(group, list);
  }
  const order = [...groups.keys()].sort((a, b) =>
    a === "Other" ? -1 : b === "Other" ? 1 : a.localeCompare(b),
  );
  return order.map((group) => ({
    group: group === "Other" ? "General" : group,
    options: groups.get(group) ?? [],
  }));
}

/** Common currencies first, then every ISO 4217 code the runtime knows, with English names. */
export function currencyOptions(current: string): PreferenceOptions["currencies"] {
  const names = new Intl.DisplayNames("en", { type: "currency" });
  const label = (c: string) => {
    const name = names.of(c);
    return name && name !== c ? `${c} — ${name}` : c;
  };
  const common = [...new Set<string>([...CURRENCIES])];
  const all = new Set<string>(Intl.supportedValuesOf("currency"));
  if (current) all.add(current.toUpperCase());
  const rest = [...all].filter((c) => !common.includes(c)).sort();
  return [
    { group: "Common", options: common.map((c) => ({ value: c, label: label(c) })) },
    { group: "All currencies", options: rest.map((c) => ({ value: c, label: label(c) })) },
  ];
}

/** Languages offered, named in English and in themselves ("Français — French"). */
export function languageOptions(current: string): Option[] {
  const english = new Intl.DisplayNames("en", { type: "language" });
  const tags = [...LANGUAGES];
  if (current && !tags.includes(current)) tags.unshift(current);
  return tags.map((tag) => {
    let native: string | undefined;
    let en: string | undefined;
    try {
      native = new Intl.DisplayNames(tag, { type: "language" }).of(tag);
      en = english.of(tag);
    } catch {
      // an odd stored tag: show it as is
    }
    const nativeCap = native ? native.charAt(0).toLocaleUpperCase(tag) + native.slice(1) : undefined;
    const label = nativeCap && en && nativeCap !== en ? `${nativeCap} — ${en}` : (en ?? tag);
    return { value: tag, label };
  });
}

export function preferenceOptions(prefs: { timezone: string; currency: string; language: string }) {
  return {
    timeZones: timeZoneOptions(prefs.timezone),
    currencies: currencyOptions(prefs.currency),
    languages: languageOptions(prefs.language),
  } satisfies PreferenceOptions;
}
