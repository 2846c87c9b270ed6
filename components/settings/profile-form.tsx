"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { ApiClientError, apiFetch, errorMessage } from "@/lib/client/api";
import { FormError, SelectField, TextAreaField, TextField } from "../ui/field";
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
  const [bio, setBio] = useState(initial.profile.bio ?? "");
  const [location, setLocation] = useState(initial.profile.location ?? "");
  const [website, setWebsite] = useState(initial.profile.website ?? "");
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
    const site = website.trim();
    try {
      const me = await apiFetch<MeResponse>("/api/users/me", {
        method: "PUT",
        body: {
          name: name.trim(),
          profile: { bio, location: location.trim(), ...(site && { website: site }) },
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
            name="bio"
            maxLength={1000}
            rows={3}
            value={bio}
            onChange={(e) => setBio(e.target.value)}
            error={errors["profile.bio"]}
            placeholder="Slow traveller, coffee snob, always looking for the next hike."
            data-testid="profile-bio"
          />
          <TextField
            label="Location"
            name="location"
            autoComplete="address-level2"
            maxLength={200}
            value={location}
            onChange={(e) => setLocation(e.target.value)}
            error={errors["profile.location"]}
            placeholder="Lisbon, Portugal"
            data-testid="profile-location"
          />
          <TextField
            label="Website"
            name="website"
            type="url"
            inputMode="url"
            autoComplete="url"
            maxLength={500}
            value={website}
            onChange={(e) => setWebsite(e.target.value)}
            error={errors["profile.website"]}
            placeholder="https://example.com"
            data-testid="profile-website"
          />
        </div>
      </SettingsSection>

      <SettingsSection
        title="Regional preferences"
        description="Used for times, prices and the language of the trip designer."
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <SelectField
              label="Time zone"
              name="timezone"
              value={timezone}
              onChange={(e) => setTimezone(e.target.value)}
              error={errors["preferences.timezone"]}
              data-testid="pref-timezone"
            >
              {options.timeZones.map((g) => (
                <optgroup key={g.group} label={g.group}>
                  {g.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </optgroup>
              ))}
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
          <SelectField
            label="Currency"
            name="currency"
            value={currency}
            onChange={(e) => setCurrency(e.target.value)}
            error={errors["preferences.currency"]}
            data-testid="pref-currency"
          >
            {options.currencies.map((g) => (
              <optgroup key={g.group} label={g.group}>
                {g.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </SelectField>
          <SelectField
            label="Language"
            name="language"
            value={language}
            onChange={(e) => setLanguage(e.target.value)}
            error={errors["preferences.language"]}
            data-testid="pref-language"
          >
            {options.languages.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
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

      <div className="flex flex-wrap items-center justify-end gap-3">
        <div className="mr-auto min-w-0">
          <FormError message={formError} />
          <SavedNotice message={saved} />
        </div>
        <button type="submit" className="btn-primary" disabled={busy} data-testid="profile-save">
          {busy ? "Saving…" : "Save profile"}
        </button>
      </div>
    </form>
  );
}
