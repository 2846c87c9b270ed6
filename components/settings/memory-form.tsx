"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { ApiClientError, apiFetch, errorMessage } from "@/client/api";
import { Options, SaveBar, SelectField } from "../ui/field";
import { ChipPicker } from "./chip-picker";
import { SavedNotice, SettingsSection } from "./section";
import { type MemoryResponse, settingsKeys } from "./types";
import { useFocusFirstInvalid } from "./use-focus-invalid";

const BUDGET_TIERS = [
  { value: "budget", label: "Budget", hint: "Hostels, street food, public transport" },
  { value: "mid-range", label: "Mid-range", hint: "Comfortable hotels, a nice dinner now and then" },
  { value: "luxury", label: "Luxury", hint: "Top hotels, fine dining, private transfers" },
] as const;
type BudgetTier = (typeof BUDGET_TIERS)[number]["value"];

const INTERESTS = [
  "Museums",
  "Food",
  "History",
  "Art",
  "Nature",
  "Nightlife",
  "Shopping",
  "Beaches",
  "Hiking",
];
const DIETARY = ["Vegetarian", "Vegan", "Gluten-free", "Lactose-free", "Halal", "Kosher", "Nut allergy"];
const TRAVEL_STYLES = ["Relaxed", "Balanced", "Packed", "Adventurous", "Cultural", "Family-friendly"];
const ACCOMMODATION = ["Hotel", "Boutique hotel", "Apartment", "Hostel", "Resort", "Bed & breakfast"];
const TRANSPORT = ["Public transport", "Walking", "Car", "Train", "Taxi / ride-hailing", "Bike"];
const GROUP_SIZES = ["Solo", "Couple", "Family", "Small group", "Large group"];
const AVOID = ["Red-eye flights", "Long layovers", "Hostels"];

const CATEGORY_LABEL: Record<string, string> = {
  dietary_restrictions: "Diet",
  interests: "Interest",
  accommodation_type: "Stays",
  transportation_preference: "Getting around",
  travel_style: "Travel style",
  budget_tier: "Budget",
  avoid: "Avoid",
};
const LIST_FIELDS = new Set(["dietary_restrictions", "interests", "avoid"]);
type Learned = MemoryResponse["learned_from_conversation"][number];

type PresetKey =
  | "travel_style"
  | "accommodation_type"
  | "transportation_preference"
  | "group_size_preference";
/** The preferences picked from presets, in form (and request body) order, keyed by API field. */
const PRESET_FIELDS: { key: PresetKey; label: string; presets: readonly string[]; testId?: string }[] = [
  { key: "travel_style", label: "Travel style", presets: TRAVEL_STYLES, testId: "memory-style" },
  { key: "accommodation_type", label: "Accommodation", presets: ACCOMMODATION },
  { key: "transportation_preference", label: "Getting around", presets: TRANSPORT },
  { key: "group_size_preference", label: "Usually travelling as", presets: GROUP_SIZES },
];

/** A select of presets that also keeps a stored value outside them. */
function PresetSelect({
  label,
  value,
  onChange,
  presets,
  error,
  testId,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  presets: readonly string[];
  error?: string;
  testId?: string;
}) {
  const choices = value && !presets.includes(value) ? [value, ...presets] : presets;
  return (
    <SelectField
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      data-testid={testId}
    >
      <option value="">No preference</option>
      <Options items={choices} />
    </SelectField>
  );
}

/** Travel memory the trip designer personalises with (`PUT /api/memory/preferences`). */
export function MemoryForm({ initial }: { initial: MemoryResponse }) {
  const client = useQueryClient();
  const p = initial.preferences;
  const [budgetTier, setBudgetTier] = useState<BudgetTier | null>(p.budget_tier ?? null);
  const [interests, setInterests] = useState<string[]>(p.interests);
  const [dietary, setDietary] = useState<string[]>(p.dietary_restrictions);
  const [avoid, setAvoid] = useState<string[]>(p.avoid);
  const [learned, setLearned] = useState<Learned[]>(initial.learned_from_conversation);
  const [forgetting, setForgetting] = useState<string | null>(null);
  const [presetChoices, setPresetChoices] = useState(
    () =>
      Object.fromEntries(PRESET_FIELDS.map(({ key }) => [key, p[key] ?? ""])) as Record<PresetKey, string>,
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, errors);
  const [insight, setInsight] = useState(initial.ai_insights.personality_profile);

  function applyMemory(memory: MemoryResponse) {
    client.setQueryData(settingsKeys.memory, memory);
    setInterests(memory.preferences.interests);
    setDietary(memory.preferences.dietary_restrictions);
    setAvoid(memory.preferences.avoid);
    setBudgetTier(memory.preferences.budget_tier ?? null);
    setPresetChoices(
      (prev) =>
        Object.fromEntries(
          PRESET_FIELDS.map(({ key }) => [key, memory.preferences[key] ?? prev[key]]),
        ) as Record<PresetKey, string>,
    );
    setLearned(memory.learned_from_conversation);
    setInsight(memory.ai_insights.personality_profile);
  }

  /** Deletes one learned item: its value leaves the list (or the single value is cleared). */
  async function forget(item: Learned) {
    const id = `${item.category}:${item.value}`;
    setForgetting(id);
    setSaved(null);
    setFormError(null);
    const same = (v: string) => v.trim().toLowerCase() === item.value.trim().toLowerCase();
    const lists: Record<string, string[]> = { dietary_restrictions: dietary, interests, avoid };
    const body = LIST_FIELDS.has(item.category)
      ? { [item.category]: (lists[item.category] ?? []).filter((v) => !same(v)) }
      : { [item.category]: null };
    try {
      const memory = await apiFetch<MemoryResponse>("/api/memory/preferences", { method: "PUT", body });
      if (!LIST_FIELDS.has(item.category)) {
        setPresetChoices((prev) => ({ ...prev, [item.category]: "" }));
      }
      applyMemory(memory);
      setSaved(`Forgot “${item.value}”`);
    } catch (err) {
      setFormError(errorMessage(err));
    }
    setForgetting(null);
  }

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(null);
    setFormError(null);
    setErrors({});
    setBusy(true);
    try {
      const memory = await apiFetch<MemoryResponse>("/api/memory/preferences", {
        method: "PUT",
        body: {
          ...(budgetTier && { budget_tier: budgetTier }),
          interests,
          dietary_restrictions: dietary,
          avoid,
          ...presetChoices,
        },
      });
      applyMemory(memory);
      setSaved("Travel preferences saved");
    } catch (err) {
      if (err instanceof ApiClientError && err.fieldErrors.length) {
        const map = err.byField();
        const first = (prefix: string) => Object.entries(map).find(([k]) => k.startsWith(prefix))?.[1];
        setErrors({
          budget_tier: map.budget_tier ?? "",
          interests: first("interests") ?? "",
          dietary_restrictions: first("dietary_restrictions") ?? "",
          avoid: first("avoid") ?? "",
          ...Object.fromEntries(PRESET_FIELDS.map(({ key }) => [key, map[key] ?? ""])),
        });
        setFormError("Please correct the highlighted fields.");
      } else {
        setFormError(errorMessage(err));
      }
    }
    setBusy(false);
  }

  const chipPickers = [
    {
      legend: "Interests",
      presets: INTERESTS,
      value: interests,
      onChange: setInterests,
      placeholder: "Add an interest, e.g. Jazz",
      error: errors.interests,
      max: 30,
      testId: "memory-interests",
    },
    {
      legend: "Dietary restrictions",
      presets: DIETARY,
      value: dietary,
      onChange: setDietary,
      placeholder: "Add a restriction",
      error: errors.dietary_restrictions,
      max: 20,
      testId: "memory-dietary",
    },
    {
      legend: "Never offer me",
      presets: AVOID,
      value: avoid,
      onChange: setAvoid,
      placeholder: "Add something to avoid",
      error: errors.avoid,
      max: 30,
      testId: "memory-avoid",
    },
  ];

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate data-testid="memory-form">
      <SettingsSection
        title="Travel memory"
        description="The trip designer uses these when it suggests places. Interests from your trips are added automatically."
      >
        <div className="space-y-6">
          <div data-testid="memory-learned">
            <h3 className="field-label">Learned from your conversations</h3>
            {learned.length === 0 ? (
              <p className="text-sm text-slate-500">
                Nothing yet. Tell the trip designer things like “I'm vegetarian” or “never red-eye flights”
                and they appear here.
              </p>
            ) : (
              <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200">
                {learned.map((item) => {
                  const id = `${item.category}:${item.value}`;
                  return (
                    <li
                      key={id}
                      className="flex items-center justify-between gap-3 px-3 py-2 text-sm"
                      data-testid="memory-learned-item"
                    >
                      <span>
                        <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-600">
                          {CATEGORY_LABEL[item.category] ?? item.category}
                        </span>
                        {item.value}
                      </span>
                      <button
                        type="button"
                        className="btn-ghost px-2 text-sm"
                        onClick={() => forget(item)}
                        disabled={forgetting === id}
                        aria-label={`Forget ${item.value}`}
                        data-testid="memory-forget"
                      >
                        {forgetting === id ? "Forgetting…" : "Forget"}
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </div>

          <fieldset aria-describedby={errors.budget_tier ? "budget-tier-error" : undefined}>
            <legend className="field-label">Budget</legend>
            <div className="grid gap-2 sm:grid-cols-3">
              {BUDGET_TIERS.map((t) => {
                const checked = budgetTier === t.value;
                return (
                  <label
                    key={t.value}
                    className={`flex cursor-pointer flex-col rounded-xl border px-3 py-2.5 transition-colors has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500 ${
                      checked
                        ? "border-brand-500 bg-brand-50"
                        : "border-slate-300 bg-white hover:border-slate-400"
                    }`}
                  >
                    <input
                      type="radio"
                      name="budget_tier"
                      value={t.value}
                      className="sr-only"
                      checked={checked}
                      onChange={() => setBudgetTier(t.value)}
                      data-testid={`budget-${t.value}`}
                    />
                    <span
                      className={`text-sm font-semibold ${checked ? "text-brand-800" : "text-slate-800"}`}
                    >
                      {t.label}
                    </span>
                    <span className="text-xs text-slate-500">{t.hint}</span>
                  </label>
                );
              })}
            </div>
            {errors.budget_tier ? (
              <p id="budget-tier-error" className="field-error" role="alert">
                {errors.budget_tier}
              </p>
            ) : null}
          </fieldset>

          {chipPickers.map((c) => (
            <ChipPicker key={c.testId} {...c} />
          ))}

          <div className="grid gap-4 sm:grid-cols-2">
            {PRESET_FIELDS.map(({ key, label, presets, testId }) => (
              <PresetSelect
                key={key}
                label={label}
                value={presetChoices[key]}
                onChange={(v) => setPresetChoices((prev) => ({ ...prev, [key]: v }))}
                presets={presets}
                error={errors[key]}
                testId={testId}
              />
            ))}
          </div>

          {insight ? (
            <p className="rounded-lg bg-brand-50/70 px-3 py-2 text-sm text-brand-900">
              <span className="font-semibold">The trip designer sees you as:</span> {insight}
            </p>
          ) : null}

          <SaveBar error={formError} pending={busy} label="Save travel preferences" testId="memory-save">
            <SavedNotice message={saved} />
          </SaveBar>
        </div>
      </SettingsSection>
    </form>
  );
}
