import type { Metadata } from "next";
import { PlannerWorkspace } from "@/components/planner/planner-workspace";
import { requireCaller } from "../_lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Trip planner" };

export default async function PlannerPage() {
  await requireCaller("/planner");
  return (
    <div className="mx-auto max-w-7xl px-4 py-8 sm:px-6 sm:py-10">
      <h1 className="text-2xl font-semibold tracking-tight">Plan a trip by talking it through</h1>
      <p className="mt-1 text-sm text-slate-600">
        Say where, when, who is coming, your budget and what you love. The draft fills in beside the chat;
        change anything, then create the trip with its days.
      </p>
      <PlannerWorkspace />
    </div>
  );
}
