"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { ApiClientError, apiFetch, errorMessage } from "@/client/api";
import { OptionGroups, Options, SaveBar, SelectField, TextAreaField, TextField } from "../ui/field";
import { SavedNotice, SettingsSection } from "./section";
import { Switch } from "./switch";
import { type MeResponse, type PreferenceOptions, settingsKeys } from "./types";
import { useFocusFirstInvalid } from "./use-focus-invalid";

type Notifications = MeResponse["preferences"]["notifications"];

const NOTIFICATIONS: { key: keyof Notifications; label: string; description: string }[] = [
  { key: "email", label: "Email", description: "Messages about your account and trips by email." },
  { key: "push", label: "Push notifications", description: "Alerts on this device when something changes." },
  { key: "price_alerts", label: "Price alerts", description: "When a flight you follow changes price." },
  { key: "trip_updates", label: "Trip updates", description: "When collaborators change a shared trip." },
];

/** The one-line public-profile inputs, after the bio. */
const LINK_FIELDS = [
  {
    key: "location",
    label: "Location",
    autoComplete: "address-level2",
    maxLength: 200,
    placeholder: "Lisbon, Portugal",
  },
  {
    key: "website",
    label: "Website",
    type: "url",
    inputMode: "url",
    autoComplete: "url",
    maxLength: 500,
    placeholder: "https://example.com",
  },
] as const;

/** The zone this browser is in, once mounted (null on the server). */
function useDeviceTimeZone(): string | null {
  const [tz, setTz] = useState<string | null>(null);
  useEffect(() => {
    try {
      setTz(Intl.DateTimeFormat().resolvedOptions().timeZone ?? null);
    } catch {
      setTz(null);
    }
  }, []);
  return tz;
}

/** Name, public profile, regional preferences and notification switches (`PUT /api/users/me`). */
export function ProfileForm({ initial, options }: { initial: MeResponse; options: PreferenceOptions }) {
  const client = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState(initial.name);
  const [profile, setProfile] = useState({
    bio: initial.profile.bio ?? "",
    location: initial.profile.location ?? "",
    website: initial.profile.website ?? "",
  });
  const [timezone, setTimezone] = useState(initial.preferences.timezone);
  const [currency, setCurrency] = useState(initial.preferences.currency);
  const [language, setLanguage] = useState(initial.preferences.language);
  const [notifications, setNotifications] = useState<Notifications>(initial.preferences.notifications);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, errors);
  const deviceTz = useDeviceTimeZone();
  const knownZone = (tz: string) => options.timeZones.some((g) => g.options.some((o) => o.value === tz));

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(null);
    setFormError(null);
    if (!name.trim()) {
      setErrors({ name: "Name is required" });
      return;
    }
    setErrors({});
    setBusy(true);
    const site = profile.website.trim();
    try {
      const me = await apiFetch<MeResponse>("/api/users/me", {
        method: "PUT",
        body: {
          name: name.trim(),
          profile: { bio: profile.bio, location: profile.location.trim(), ...(site && { website: site }) },
          preferences: { timezone, currency, language, notifications },
        },
      });
      client.setQueryData(settingsKeys.me, me);
      setSaved("Profile saved");
      router.refresh(); // the top bar shows the name
    } catch (err) {
      if (err instanceof ApiClientError && err.fieldErrors.length) {
        setErrors(err.byField());
        setFormError("Please correct the highlighted fields.");
      } else {
        setFormError(errorMessage(err));
      }
    }
    setBusy(false);
  }

  /** Props of a public-profile input: its name, value, setter, error and test id. */
  const profileField = (key: keyof typeof profile) => ({
    name: key,
    value: profile[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      setProfile((prev) => ({ ...prev, [key]: e.target.value })),
    error: errors[`profile.${key}`],
    "data-testid": `profile-${key}`,
  });
  /** Props of a regional-preference select: its name, value, setter, error and test id. */
  const preference = (
    key: "timezone" | "currency" | "language",
    value: string,
    set: (v: string) => void,
  ) => ({
    name: key,
    value,
    onChange: (e: React.ChangeEvent<HTMLSelectElement>) => set(e.target.value),
    error: errors[`preferences.${key}`],
    "data-testid": `pref-${key}`,
  });

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-6" data-testid="profile-form">
      <SettingsSection title="Profile" description="How you appear to people you plan trips with.">
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Name"
            name="name"
            autoComplete="name"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={errors.name}
            data-testid="profile-name"
          />
          <TextField
            label="Email"
            name="email"
            value={initial.email}
            disabled
            hint="Your sign-in email can’t be changed here."
          />
          <TextAreaField
            className="sm:col-span-2"
            label="Bio"
            maxLength={1000}
            rows={3}
            {...profileField("bio")}
            placeholder="Slow traveller, coffee snob, always looking for the next hike."
          />
          {LINK_FIELDS.map(({ key, ...f }) => (
            <TextField key={key} {...f} {...profileField(key)} />
          ))}
        </div>
      </SettingsSection>

      <SettingsSection
        title="Regional preferences"
        description="Used for times, prices and the language of the trip designer."
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <SelectField label="Time zone" {...preference("timezone", timezone, setTimezone)}>
              <OptionGroups groups={options.timeZones} />
            </SelectField>
            {deviceTz && deviceTz !== timezone && knownZone(deviceTz) ? (
              <button
                type="button"
                className="mt-1 text-xs font-medium text-brand-700 hover:underline"
                onClick={() => setTimezone(deviceTz)}
              >
                Use this device’s time zone ({deviceTz.replaceAll("_", " ")})
              </button>
            ) : null}
          </div>
          <SelectField label="Currency" {...preference("currency", currency, setCurrency)}>
            <OptionGroups groups={options.currencies} />
          </SelectField>
          <SelectField label="Language" {...preference("language", language, setLanguage)}>
            <Options items={options.languages} />
          </SelectField>
        </div>
      </SettingsSection>

      <SettingsSection title="Notifications" description="Choose what TripSage may tell you about.">
        <div className="divide-y divide-slate-100">
          {NOTIFICATIONS.map((n) => (
            <Switch
              key={n.key}
              label={n.label}
              description={n.description}
              checked={notifications[n.key] ?? true}
              onChange={(v) => setNotifications((prev) => ({ ...prev, [n.key]: v }))}
              testId={`notify-${n.key}`}
            />
          ))}
        </div>
        {errors["preferences.notifications"] ? (
          <p className="field-error">{errors["preferences.notifications"]}</p>
        ) : null}
      </SettingsSection>

      <SaveBar error={formError} pending={busy} label="Save profile" testId="profile-save">
        <SavedNotice message={saved} />
      </SaveBar>
    </form>
  );
}
