"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch, errorMessage } from "@/client/api";
import { type ItineraryResponse, itineraryKey } from "@/client/types";
import { TrashIcon } from "../ui/icons";
import { ConfirmAction } from "./confirm-action";
import { useCollaborators, useMe } from "./hooks";
import { type CollaboratorResponse, collaboratorsKey, type PermissionLevel, ROLE_LABEL } from "./types";

function initials(nameOrEmail: string): string {
  const parts =
    nameOrEmail
      .split("@")[0]
      ?.trim()
      .split(/[\s._-]+/)
      .filter(Boolean) ?? [];
  const first = parts[0]?.[0] ?? "?";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "";
  return `${first}${last}`.toUpperCase();
}

function Avatar({ label, muted }: { label: string; muted?: boolean }) {
  return (
    <span
      aria-hidden
      className={`inline-flex size-9 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${
        muted
          ? "border border-dashed border-slate-300 bg-white text-slate-400"
          : "bg-brand-100 text-brand-800"
      }`}
    >
      {initials(label)}
    </span>
  );
}

function Badge({
  children,
  tone = "slate",
}: {
  children: React.ReactNode;
  tone?: "slate" | "amber" | "brand";
}) {
  const tones = {
    slate: "bg-slate-100 text-slate-600",
    amber: "bg-amber-50 text-amber-800 ring-1 ring-amber-600/20 ring-inset",
    brand: "bg-brand-50 text-brand-800 ring-1 ring-brand-600/20 ring-inset",
  };
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${tones[tone]}`}>
      {children}
    </span>
  );
}

type Pending =
  | { kind: "remove"; c: CollaboratorResponse }
  | { kind: "transfer"; c: CollaboratorResponse }
  | { kind: "leave"; c: CollaboratorResponse };

/**
 * The people on a trip: the owner, collaborators and pending invitations. Admins and the
 * owner change roles, remove people and withdraw invitations; the owner can hand the trip
 * over; everyone else sees the list read-only (and can leave).
 */
export function PeopleList({ trip }: { trip: ItineraryResponse }) {
  const client = useQueryClient();
  const router = useRouter();
  const tripId = trip.id;
  const manage = trip.role === "admin" || trip.role === "owner";
  const isOwner = trip.role === "owner";
  const collaborators = useCollaborators(tripId);
  const me = useMe();
  const [busyRow, setBusyRow] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [confirmBusy, setConfirmBusy] = useState(false);
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");

  const refresh = () => client.invalidateQueries({ queryKey: collaboratorsKey(tripId) });
  const who = (c: CollaboratorResponse) => c.name ?? c.email;

  async function changeRole(c: CollaboratorResponse, level: PermissionLevel) {
    if (!c.user_id) return;
    setRowError(null);
    setBusyRow(c.email);
    try {
      await apiFetch(`/api/trips/${tripId}/collaborators/${c.user_id}`, {
        method: "PUT",
        body: { permission_level: level },
      });
      setAnnouncement(`${who(c)} is now ${ROLE_LABEL[level].toLowerCase()}`);
    } catch (err) {
      setRowError(`Could not change ${who(c)}’s role: ${errorMessage(err)}`);
    }
    await refresh();
    setBusyRow(null);
  }

  async function withdraw(c: CollaboratorResponse) {
    setRowError(null);
    setBusyRow(c.email);
    try {
      await apiFetch(`/api/trips/${tripId}/invitations?email=${encodeURIComponent(c.email)}`, {
        method: "DELETE",
      });
      setAnnouncement(`Invitation to ${c.email} withdrawn`);
    } catch (err) {
      setRowError(`Could not withdraw the invitation: ${errorMessage(err)}`);
    }
    await refresh();
    setBusyRow(null);
  }

  async function confirm() {
    if (!pending?.c.user_id) return;
    const { kind, c } = pending;
    setConfirmBusy(true);
    setConfirmError(null);
    try {
      if (kind === "transfer") {
        await apiFetch(`/api/trips/${tripId}/transfer`, { method: "POST", body: { user_id: c.user_id } });
        setAnnouncement(`${who(c)} now owns this trip`);
        await Promise.all([refresh(), client.invalidateQueries({ queryKey: itineraryKey(tripId) })]);
        router.refresh();
      } else {
        await apiFetch(`/api/trips/${tripId}/collaborators/${c.user_id}`, { method: "DELETE" });
        if (kind === "leave") {
          client.removeQueries({ queryKey: itineraryKey(tripId) });
          router.push("/trips");
          router.refresh();
          return;
        }
        setAnnouncement(`${who(c)} removed from the trip`);
        await refresh();
      }
      setPending(null);
    } catch (err) {
      setConfirmError(errorMessage(err));
    }
    setConfirmBusy(false);
  }

  const list = collaborators.data?.collaborators ?? [];
  const myId = me.data?.id;

  return (
    <div>
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
      {rowError ? (
        <div
          role="alert"
          className="mb-3 flex items-start justify-between gap-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700"
        >
          <span>{rowError}</span>
          <button type="button" className="font-medium underline" onClick={() => setRowError(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
      {collaborators.isPending ? (
        <p className="py-4 text-sm text-slate-500" role="status">
          Loading people…
        </p>
      ) : collaborators.isError ? (
        <div role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          Could not load the people on this trip: {errorMessage(collaborators.error)}{" "}
          <button
            type="button"
            className="font-medium underline"
            onClick={() => void collaborators.refetch()}
          >
            Try again
          </button>
        </div>
      ) : (
        <ul
          className="divide-y divide-slate-100 rounded-xl border border-slate-200"
          data-testid="collaborator-list"
        >
          <li className="flex items-center gap-3 px-3 py-2.5" data-testid="collaborator-owner">
            <Avatar label={isOwner ? (me.data?.name ?? "You") : "Owner"} />
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm font-medium text-slate-900">
                {isOwner ? (me.data?.name ?? "You") : "Trip owner"}
                {isOwner ? <span className="font-normal text-slate-500"> (you)</span> : null}
              </p>
              {isOwner && me.data ? <p className="truncate text-xs text-slate-500">{me.data.email}</p> : null}
            </div>
            <Badge tone="brand">Owner</Badge>
          </li>
          {list.map((c) => {
            const self = !!myId && c.user_id === myId;
            const label = who(c);
            const rowBusy = busyRow === c.email;
            return (
              <li
                key={`${c.user_id ?? "invite"}:${c.email}`}
                className="flex flex-wrap items-center gap-x-3 gap-y-2 px-3 py-2.5"
                data-testid="collaborator"
                data-email={c.email}
                data-role={c.permission_level}
                data-active={c.is_active}
              >
                <div className="flex min-w-0 flex-1 basis-48 items-center gap-3">
                  <Avatar label={label} muted={!c.is_active} />
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-sm font-medium text-slate-900">
                      <span className="truncate">{c.is_active ? label : c.email}</span>
                      {self ? <span className="font-normal text-slate-500">(you)</span> : null}
                      {!c.is_active ? <Badge tone="amber">Invited</Badge> : null}
                    </p>
                    {c.is_active && c.name ? (
                      <p className="truncate text-xs text-slate-500">{c.email}</p>
                    ) : null}
                    {!c.is_active ? (
                      <p className="text-xs text-slate-500">Gets access on signing up with this email</p>
                    ) : null}
                  </div>
                </div>
                <div className="ml-12 flex items-center gap-1.5 sm:ml-0">
                  {manage && !self && c.is_active ? (
                    <>
                      <label className="sr-only" htmlFor={`role-${c.email}`}>
                        Role of {label}
                      </label>
                      <select
                        id={`role-${c.email}`}
                        className="field-input w-auto py-1.5 pr-8"
                        value={c.permission_level}
                        disabled={rowBusy}
                        onChange={(e) => void changeRole(c, e.target.value as PermissionLevel)}
                        data-testid="collaborator-role"
                      >
                        {(["viewer", "editor", "admin"] as const).map((r) => (
                          <option key={r} value={r}>
                            {ROLE_LABEL[r]}
                          </option>
                        ))}
                      </select>
                    </>
                  ) : (
                    <Badge>{ROLE_LABEL[c.permission_level]}</Badge>
                  )}
                  {manage && !c.is_active ? (
                    <button
                      type="button"
                      className="btn-ghost px-2 py-1 text-xs"
                      disabled={rowBusy}
                      onClick={() => void withdraw(c)}
                      data-testid="withdraw-invitation"
                    >
                      Withdraw
                    </button>
                  ) : null}
                  {isOwner && c.is_active && !self ? (
                    <button
                      type="button"
                      className="btn-ghost px-2 py-1 text-xs"
                      onClick={() => setPending({ kind: "transfer", c })}
                      data-testid="transfer-ownership"
                    >
                      Make owner
                    </button>
                  ) : null}
                  {manage && c.is_active && !self ? (
                    <button
                      type="button"
                      className="btn-icon hover:bg-red-50 hover:text-red-700"
                      aria-label={`Remove ${label}`}
                      title="Remove"
                      onClick={() => setPending({ kind: "remove", c })}
                      data-testid="remove-collaborator"
                    >
                      <TrashIcon />
                    </button>
                  ) : null}
                  {self && c.is_active ? (
                    <button
                      type="button"
                      className="btn-ghost px-2 py-1 text-xs text-red-700 hover:bg-red-50 hover:text-red-800"
                      onClick={() => setPending({ kind: "leave", c })}
                      data-testid="leave-trip"
                    >
                      Leave
                    </button>
                  ) : null}
                </div>
              </li>
            );
          })}
          {list.length === 0 ? (
            <li className="px-3 py-3 text-sm text-slate-500">
              {manage ? "Nobody else yet. Invite someone or share a link." : "Nobody else yet."}
            </li>
          ) : null}
        </ul>
      )}

      <ConfirmAction
        open={!!pending}
        onCancel={() => {
          setPending(null);
          setConfirmError(null);
        }}
        onConfirm={() => void confirm()}
        busy={confirmBusy}
        error={confirmError}
        tone={pending?.kind === "transfer" ? "primary" : "danger"}
        title={
          pending?.kind === "transfer"
            ? `Make ${pending ? who(pending.c) : ""} the owner?`
            : pending?.kind === "leave"
              ? "Leave this trip?"
              : `Remove ${pending ? who(pending.c) : ""}?`
        }
        description={
          pending?.kind === "transfer"
            ? "They will own the trip, including deleting it and handing it on. You stay on as an admin."
            : pending?.kind === "leave"
              ? `You will lose access to “${trip.title}” until someone invites you again.`
              : "They will lose access to this trip. You can invite them again later."
        }
        confirmLabel={
          pending?.kind === "transfer"
            ? "Transfer ownership"
            : pending?.kind === "leave"
              ? "Leave trip"
              : "Remove"
        }
        busyLabel={
          pending?.kind === "transfer"
            ? "Transferring…"
            : pending?.kind === "leave"
              ? "Leaving…"
              : "Removing…"
        }
        testId="share-confirm-dialog"
      />
    </div>
  );
}
