import { parse } from "yaml";

/** A drift event of a stream's plan, at the record where it begins. */
export interface DriftMark {
  record: number;
  label: string;
}

type Position = number | { records?: number; seconds?: number } | undefined;

function recordOf(at: Position, rate: number | null): number | null {
  if (typeof at === "number") return at;
  if (at && typeof at.records === "number") return at.records;
  // A position in seconds is on the stream's schedule: record n at n / rate seconds.
  if (at && typeof at.seconds === "number" && rate) return at.seconds * rate;
  return null;
}

/**
 * Where a drift plan (JSON or YAML, as docs/streams.md writes it) changes the data, as record
 * numbers, to mark on the stream's chart. The simple drift moves every `interval` seconds: its
 * first `count` moves are marked. A plan that does not read gives no marks (the server checked it).
 */
export function driftMarks(planText: string | null | undefined, rate: number | null, count = 20): DriftMark[] {
  if (!planText) return [];
  let plan: { events?: { kind?: string; at?: Position; concept?: number }[]; simple?: { interval?: Position } };
  try {
    plan = parse(planText) ?? {};
  } catch {
    return [];
  }
  const marks: DriftMark[] = [];
  for (const e of plan.events ?? []) {
    const record = recordOf(e.at, rate);
    if (record !== null) marks.push({ record, label: e.kind ?? "drift" });
  }
  const every = recordOf(plan.simple?.interval, rate);
  if (every && every > 0) for (let k = 1; k <= count; k++) marks.push({ record: k * every, label: `simple ${k}` });
  return marks.sort((a, b) => a.record - b.record);
}
