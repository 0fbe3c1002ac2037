import { describe, expect, it } from "vitest";
import { driftMarks } from "./driftMarks";

describe("driftMarks", () => {
  it("places each event at its record, seconds read on the rate's schedule", () => {
    const plan = `events:
  - {kind: sudden, at: 10000, fields: {income: {mean: 65000}}}
  - {kind: gradual, at: {seconds: 600}, window: {seconds: 120}, fields: {}}
  - {kind: incremental, at: {records: 500}, window: 20, fields: {}}`;
    expect(driftMarks(plan, 200)).toEqual([
      { record: 500, label: "incremental" },
      { record: 10000, label: "sudden" },
      { record: 120000, label: "gradual" },
    ]);
  });

  it("marks the simple drift's moves", () => {
    expect(driftMarks('{"simple": {"interval": {"seconds": 10}, "magnitude": 0.5}}', 5, 2)).toEqual([
      { record: 50, label: "simple 1" },
      { record: 100, label: "simple 2" },
    ]);
  });

  it("gives nothing for no plan or one that does not read", () => {
    expect(driftMarks(null, 1)).toEqual([]);
    expect(driftMarks("events: [", 1)).toEqual([]);
  });
});
