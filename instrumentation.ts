/**
 * Next.js start-up hook: starts the webhook dispatcher, which drains the durable outbox
 * (`webhook_deliveries`) every few seconds, and the flight price checker (every minute), in
 * the Node.js runtime.
 */
export async function register() {
  // Not while `next build` prerenders: the build must never open the database.
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build") {
    const { startWebhookDispatcher } = await import("@/lib/domain/webhooks/dispatcher");
    startWebhookDispatcher();
    const { startPriceChecker } = await import("@/lib/domain/travel/checker");
    startPriceChecker();
  }
}
