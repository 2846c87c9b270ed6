import { STATUS_LABEL, STATUS_STYLE } from "@/client/format";

export function StatusBadge({ status }: { status: string }) {
  return (
    <span
      className={`inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${
        STATUS_STYLE[status] ?? STATUS_STYLE.planning
      }`}
    >
      {STATUS_LABEL[status] ?? status}
    </span>
  );
}
