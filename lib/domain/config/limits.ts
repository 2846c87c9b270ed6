/**
 * Deployment limits published by `GET /api/config` (the TripSage REST API "System Configuration") and
 * enforced by the services.
 */
export const LIMITS = {
  max_trips_per_user: 100,
  max_collaborators_per_trip: 10,
  max_destinations_per_trip: 20,
  file_upload_max_size_mb: 10,
} as const;

/**
 * The ISO 4217 currencies `GET /api/config` lists and the budget and price pickers offer
 * first (the one list of them; browser-safe). The API accepts any ISO 4217 code the runtime
 * knows (`currencyCode` in db/schema/shapes.ts, from `Intl.supportedValuesOf("currency")`).
 */
export const SUPPORTED_CURRENCIES = [
  "USD",
  "EUR",
  "GBP",
  "JPY",
  "CAD",
  "AUD",
  "CHF",
  "SEK",
  "NOK",
  "DKK",
] as const;
/** UI languages (BCP 47 primary tags). */
export const SUPPORTED_LANGUAGES = ["en", "es", "fr", "de", "it", "ja", "zh"] as const;
