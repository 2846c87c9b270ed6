/**
 * Three-way comparison for conflict-safe editing in the browser. A form remembers the item
 * it was opened on (the base), the user edits a draft (mine), and a write refused with 412
 * brings the item as it is now (theirs, from the 412's `details.current`). Both sides are
 * compared as the same flat "body" shape the form would send, field by field.
 *
 * Pure functions: no React, no fetch, so the rules are unit-tested on their own.
 */

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` compare equal; `undefined` ≡ `null`. */
function canonical(v: unknown): string {
  return JSON.stringify(v ?? null, (_k, x: unknown) => {
    if (x && typeof x === "object" && !Array.isArray(x)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(x as object).sort()) out[k] = (x as Record<string, unknown>)[k];
      return out;
    }
    return x;
  });
}

/** True when two field values are the same once key order and undefined/null are ignored. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** Keys (of either object) whose values differ between `from` and `to`, in first-seen order. */
export function changedKeys(from: Record<string, unknown>, to: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
  return keys.filter((k) => !sameValue(from[k], to[k]));
}

/** Only `keys` of `obj` (absent keys are skipped). */
export function pick<T extends Record<string, unknown>>(obj: T, keys: readonly string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in obj) out[k] = obj[k];
  return out as Partial<T>;
}

export interface ThreeWay {
  /** Fields the user changed (base → mine). */
  mine: string[];
  /** Fields the other writer changed (base → theirs). */
  theirs: string[];
  /** Fields both changed to different values: the user must choose. */
  clashes: string[];
}

/**
 * Who changed what since `base`. When `clashes` is empty, sending only `mine`'s changed
 * fields on top of `theirs` loses nothing of either; otherwise the user decides.
 */
export function threeWay(
  base: Record<string, unknown>,
  mine: Record<string, unknown>,
  theirs: Record<string, unknown>,
): ThreeWay {
  const m = changedKeys(base, mine);
  const t = changedKeys(base, theirs);
  return { mine: m, theirs: t, clashes: m.filter((k) => t.includes(k) && !sameValue(mine[k], theirs[k])) };
}

/** One line of the conflict dialog: a field, the user's value and the other version's. */
export interface ConflictRow {
  key: string;
  label: string;
  mine: string;
  theirs: string;
  /** Both changed it, differently. */
  clash: boolean;
}

/**
 * The dialog's rows: every field either side changed (labels from `labels`, values shown by
 * `show`), clashes first. Fields that end up equal on both sides are left out.
 */
export function conflictRows(
  mine: Record<string, unknown>,
  theirs: Record<string, unknown>,
  diff: ThreeWay,
  labels: Record<string, string>,
  show: (key: string, value: unknown) => string,
): ConflictRow[] {
  const keys = [...new Set([...diff.clashes, ...diff.mine, ...diff.theirs])].filter(
    (k) => !sameValue(mine[k], theirs[k]),
  );
  return keys.map((k) => ({
    key: k,
    label: labels[k] ?? k,
    mine: show(k, mine[k]),
    theirs: show(k, theirs[k]),
    clash: diff.clashes.includes(k),
  }));
}
