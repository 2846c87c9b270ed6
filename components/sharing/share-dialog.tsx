"use client";

import type { ItineraryResponse } from "@/client/types";
import { Dialog } from "../ui/dialog";
import { InviteForm } from "./invite-form";
import { PeopleList } from "./people-list";
import { ShareLinks } from "./share-links";

function SectionHeading({ id, children, hint }: { id: string; children: React.ReactNode; hint?: string }) {
  return (
    <div className="mb-3">
      <h3 id={id} className="text-sm font-semibold text-slate-900">
        {children}
      </h3>
      {hint ? <p className="mt-0.5 text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}

/**
 * Sharing a trip. Admins and the owner invite by email, manage roles and create join links;
 * everyone else sees who is on the trip. Data is loaded when the dialog opens and refetched
 * after each change.
 */
export function ShareDialog({
  trip,
  open,
  onClose,
}: {
  trip: ItineraryResponse;
  open: boolean;
  onClose: () => void;
}) {
  const manage = trip.role === "admin" || trip.role === "owner";
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={manage ? `Share “${trip.title}”` : "People on this trip"}
      description={
        manage
          ? "Invite people by email or create a link anyone can use to join."
          : "Who can see and plan this trip."
      }
      size="lg"
      testId="share-dialog"
    >
      <div className="space-y-6">
        {manage ? (
          <section aria-labelledby="share-invite-heading">
            <SectionHeading id="share-invite-heading">Invite people</SectionHeading>
            <InviteForm tripId={trip.id} />
          </section>
        ) : null}
        <section aria-labelledby="share-people-heading">
          <SectionHeading id="share-people-heading">People with access</SectionHeading>
          <PeopleList trip={trip} />
        </section>
        {manage ? (
          <section aria-labelledby="share-links-heading">
            <SectionHeading
              id="share-links-heading"
              hint="Anyone with a join link can sign in and join with the link’s role, until you revoke it."
            >
              Links
            </SectionHeading>
            <ShareLinks tripId={trip.id} />
          </section>
        ) : null}
      </div>
    </Dialog>
  );
}
