import type { SegmentResponse } from "@/client/types";
import { BedIcon, NoteIcon, PlaneIcon, TicketIcon, TrainIcon, UsersIcon, UtensilsIcon } from "../ui/icons";

type SegmentType = SegmentResponse["type"];

/** Label, icon and colours of each segment type. */
export const SEGMENT_META: Record<
  SegmentType,
  { label: string; Icon: (p: React.SVGProps<SVGSVGElement>) => React.ReactElement; tone: string }
> = {
  flight: { label: "Flight", Icon: PlaneIcon, tone: "bg-sky-50 text-sky-700 ring-sky-200" },
  hotel: { label: "Hotel", Icon: BedIcon, tone: "bg-violet-50 text-violet-700 ring-violet-200" },
  activity: { label: "Activity", Icon: TicketIcon, tone: "bg-brand-50 text-brand-700 ring-brand-200" },
  transfer: { label: "Transfer", Icon: TrainIcon, tone: "bg-slate-100 text-slate-700 ring-slate-200" },
  meeting: { label: "Meeting", Icon: UsersIcon, tone: "bg-indigo-50 text-indigo-700 ring-indigo-200" },
  meal: { label: "Meal", Icon: UtensilsIcon, tone: "bg-orange-50 text-orange-700 ring-orange-200" },
  note: { label: "Note", Icon: NoteIcon, tone: "bg-yellow-50 text-yellow-800 ring-yellow-200" },
};

export function SegmentTypeIcon({ type }: { type: SegmentType }) {
  const meta = SEGMENT_META[type] ?? SEGMENT_META.note;
  return (
    <span
      className={`inline-flex size-9 shrink-0 items-center justify-center rounded-lg ring-1 ring-inset ${meta.tone}`}
      title={meta.label}
    >
      <meta.Icon className="size-[18px]" aria-hidden />
      <span className="sr-only">{meta.label}</span>
    </span>
  );
}
