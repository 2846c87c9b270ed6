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

/** ISO 4217 currencies the app formats and converts budgets in. */
export const SUPPORTED_CURRENCIES = ["USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF"] as const;
/** UI languages (BCP 47 primary tags). */
export const SUPPORTED_LANGUAGES = ["en", "es", "fr", "de", "it", "ja", "zh"] as const;
