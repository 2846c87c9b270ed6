import { z } from "zod";
import { buildPageContext, pageKeySchema, saveSnapshot } from "@/lib/domain/chat/page-context";
import { asV1Access, v1Id } from "@/lib/domain/chat/v1";
import { parseBody } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

const body = z.object({ tripId: z.string().min(1, "tripId is required"), pageKey: pageKeySchema });

// POST /v1/ai/context/refresh – rebuild and store the context snapshot of a trip page (the /v1/ai conversations API)
export const POST = withAuth(
  async ({ req, db, caller }) => {
    const input = await parseBody(req, body);
    const tripId = v1Id(input.tripId, "trip");
    const ctx = await asV1Access("trip", () =>
      buildPageContext(db, caller.userId, tripId, input.pageKey, { refresh: true }),
    );
    const updatedAt = await saveSnapshot(db, caller.userId, tripId, ctx);
    return json({ ok: true, data: { updatedAt, pageKey: input.pageKey } });
  },
  { scope: "chat:access", family: "v1", rateClass: "chat" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"], "v1");
