"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch, errorMessage } from "@/client/api";
import { LocalTime } from "./local-time";
import { type DeliveryResponse, settingsKeys } from "./types";

const STATUS_STYLE: Record<DeliveryResponse["status"], string> = {
  delivered: "bg-brand-50 text-brand-700 ring-brand-600/20",
  pending: "bg-amber-50 text-amber-800 ring-amber-600/20",
  failed: "bg-red-50 text-red-700 ring-red-600/20",
};
function statusLabel(d: DeliveryResponse): string {
  if (d.status === "delivered") return "Delivered";
  if (d.status === "failed") return "Failed";
  return d.attempts > 0 ? "Retrying" : "Pending";
}

/** The delivery log of one webhook, newest first; refreshes while deliveries are pending. */
export function WebhookDeliveries({ webhookId }: { webhookId: string }) {
  const q = useQuery({
    queryKey: settingsKeys.deliveries(webhookId),
    queryFn: ({ signal }) =>
      apiFetch<{ deliveries: DeliveryResponse[]; total: number }>(
        `/api/webhooks/${webhookId}/deliveries?limit=50`,
        { signal },
      ),
    refetchInterval: (query) =>
      query.state.data?.deliveries.some((d) => d.status === "pending") ? 10_000 : false,
  });

  if (q.isPending)
    return (
      <p className="py-6 text-center text-sm text-slate-500" role="status">
        Loading deliveries…
      </p>
    );
  if (q.isError)
    return (
      <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
        Could not load deliveries: {errorMessage(q.error)}
      </p>
    );

  const { deliveries, total } = q.data;
  return (
    <div>
      <div className="mb-3 flex items-center justify-between gap-2 text-sm text-slate-500">
        <span>
          {total === 0
            ? "Nothing sent yet."
            : total > deliveries.length
              ? `Latest ${deliveries.length} of ${total}`
              : `${total} ${total === 1 ? "delivery" : "deliveries"}`}
        </span>
        <button
          type="button"
          className="btn-ghost px-2.5 py-1"
          onClick={() => void q.refetch()}
          disabled={q.isFetching}
          data-testid="deliveries-refresh"
        >
          {q.isFetching ? "Refreshing…" : "Refresh"}
        </button>
      </div>
      {deliveries.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-200 px-4 py-8 text-center text-sm text-slate-500">
          Events appear here once one of your trips changes.
        </p>
      ) : (
        <ul
          className="divide-y divide-slate-100 rounded-xl border border-slate-200"
          data-testid="delivery-list"
        >
          {deliveries.map((d) => (
            <li key={d.id} className="px-3 py-3 text-sm" data-testid="delivery" data-status={d.status}>
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span
                  className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_STYLE[d.status]}`}
                >
                  {statusLabel(d)}
                </span>
                <span className="font-mono text-xs font-medium text-slate-900">{d.event_type}</span>
                <span className="ml-auto text-xs text-slate-500">
                  <LocalTime iso={d.created_at} />
                </span>
              </div>
              <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-xs text-slate-500 sm:grid-cols-4">
                <div>
                  <dt>Attempts</dt>
                  <dd className="font-medium text-slate-800 tabular-nums">{d.attempts}</dd>
                </div>
                <div>
                  <dt>Last response</dt>
                  <dd className="font-medium text-slate-800 tabular-nums">
                    {d.last_status_code ?? (d.attempts ? "no response" : "—")}
                  </dd>
                </div>
                <div>
                  <dt>{d.delivered_at ? "Delivered" : "Next attempt"}</dt>
                  <dd className="text-slate-800">
                    <LocalTime iso={d.delivered_at ?? d.next_attempt_at} />
                  </dd>
                </div>
                <div className="min-w-0">
                  <dt>Delivery id</dt>
                  <dd className="truncate font-mono text-slate-800" title={d.id}>
                    {d.id.slice(0, 8)}
                  </dd>
                </div>
              </dl>
              {d.last_error ? (
                <p className="mt-2 rounded-md bg-red-50 px-2 py-1 font-mono text-xs break-words text-red-700">
                  {d.last_error}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
