/**
 * Draft analysis of a real model's planner reply, as the `/v1/ai` assistant API's planner
 * documents it: the `plannerDraft` comes from the planner context, the user's messages
 * *and* the assistant's response. The reply is read with the same extraction as the user's
 * messages (`extractDraft`), once for the whole reply and once per "Day N" part of a
 * day-by-day outline, and merged under what the user said: the user's own words and the
 * planner context always win; the reply only fills what they left empty, adds activities
 * it proposes, and places them on the days its outline gives.
 */
import type { PlannerDraft } from "./planner-draft";

type DraftItem = PlannerDraft["itinerary"][number];
/** The planner's extraction (`extractDraft` of ./planner.ts), passed in so the two modules do not import each other. */
type Extract = (input: {
  messages: { role: "user"; content: string }[];
  plannerContext?: { destination: string };
}) => PlannerDraft | null;

const NOTE = "Drafted by Agent planner conversation.";

/** The reply split at each "Day N" ("Day 1: …", "day 2 for …"), with its day number. */
function dayParts(reply: string): { day: number; text: string }[] {
  const marks = [...reply.matchAll(/\bday\s+(\d{1,2})\b/gi)];
  return marks.map((m, i) => ({
    day: Number(m[1]),
    text: reply.slice((m.index ?? 0) + m[0].length, marks[i + 1]?.index ?? reply.length),
  }));
}

/** The draft the reply alone describes, in the context of the destination already known. */
function replyDraft(extract: Extract, reply: string, known: PlannerDraft | null): PlannerDraft | null {
  const ctx = known?.destination ? { destination: known.destination } : undefined;
  return extract({ messages: [{ role: "user", content: reply }], plannerContext: ctx });
}

/** Items the reply's outline puts on a day: each activity its "Day N" part mentions. */
function outlineItems(extract: Extract, reply: string, known: PlannerDraft | null): DraftItem[] {
  const items: DraftItem[] = [];
  for (const part of dayParts(reply)) {
    if (part.day < 1) continue;
    const d = replyDraft(extract, part.text, known);
    for (const title of d?.activities ?? []) {
      if (items.some((i) => i.title === title)) continue;
      items.push({ dayIndex: part.day, title, timeBlock: "afternoon", category: "activities", notes: NOTE });
    }
  }
  return items;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Merges the draft read from the user's side (`fromUser`, which already includes the
 * planner context) with what the model's reply describes.
 * - Scalar fields (destination, country, dates, travellers, budget): the user's value, else the reply's
 *   (the budget's currency with it: the user's, else the reply's).
 * - Cities and activities: the user's first, then the reply's new ones.
 * - Itinerary: the user's items, with the day the reply's outline gives them when it names
 *   one; then the reply's other items on their outline days (or one per day).
 * @param extract the planner's `extractDraft`
 * @returns null when neither side says anything trip-like (as the API documents)
 */
export function mergeReplyIntoDraft(
  fromUser: PlannerDraft | null,
  reply: string,
  extract: Extract,
): PlannerDraft | null {
  const fromReply = replyDraft(extract, reply, fromUser);
  if (!fromReply) return fromUser;
  const outline = outlineItems(extract, reply, fromUser ?? fromReply);
  const base: PlannerDraft = fromUser ?? {
    destination: "",
    country: "",
    cities: [],
    startDate: "",
    endDate: "",
    travelers: 0,
    budgetTotal: 0,
    currency: null,
    activities: [],
    itinerary: [],
  };
  const activities = [...base.activities];
  for (const a of [...fromReply.activities, ...outline.map((i) => i.title)]) {
    if (!activities.some((x) => same(x, a))) activities.push(a);
  }
  const outlined = (title: string) => outline.find((i) => same(i.title, title));
  const itinerary: DraftItem[] = base.itinerary.map((item) => {
    const o = outlined(item.title);
    return o ? { ...item, dayIndex: o.dayIndex } : item;
  });
  const usedDays = new Set(itinerary.map((i) => i.dayIndex));
  for (const title of activities) {
    if (itinerary.some((i) => same(i.title, title))) continue;
    const o = outlined(title);
    let dayIndex = o?.dayIndex;
    if (!dayIndex) {
      dayIndex = 1;
      while (usedDays.has(dayIndex)) dayIndex++;
    }
    usedDays.add(dayIndex);
    itinerary.push(o ?? { dayIndex, title, timeBlock: "afternoon", category: "activities", notes: NOTE });
  }
  itinerary.sort((a, b) => a.dayIndex - b.dayIndex);
  const destination = base.destination || fromReply.destination;
  return {
    destination,
    country: base.country || (same(destination, fromReply.destination) ? fromReply.country : ""),
    cities: [...base.cities, ...fromReply.cities.filter((c) => !base.cities.some((b) => same(b, c)))],
    startDate: base.startDate || fromReply.startDate,
    endDate: base.endDate || fromReply.endDate,
    travelers: base.travelers || fromReply.travelers,
    budgetTotal: base.budgetTotal || fromReply.budgetTotal,
    // The currency goes with the budget it was read with: the user's, else the reply's.
    currency: base.budgetTotal ? (base.currency ?? fromReply.currency) : fromReply.currency,
    activities,
    itinerary,
  };
}
