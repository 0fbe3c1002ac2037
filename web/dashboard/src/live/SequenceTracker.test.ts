import { describe, expect, it } from "vitest";
import { SequenceTracker } from "./SequenceTracker";

describe("SequenceTracker", () => {
  it("accepts each newer event once and drops older or repeated ones", () => {
    const t = new SequenceTracker();
    t.follow("j1");
    expect(t.accept("j1", 1)).toBe(true);
    expect(t.accept("j1", 2)).toBe(true);
    expect(t.accept("j1", 2)).toBe(false);
    expect(t.accept("j1", 1)).toBe(false);
    expect(t.lastOf("j1")).toBe(2);
  });

  it("ignores jobs it does not follow", () => {
    const t = new SequenceTracker();
    expect(t.accept("j2", 1)).toBe(false);
  });

  it("re-joins every followed job after its last sequence (a failover's numbers jump ahead)", () => {
    const t = new SequenceTracker();
    t.follow("j1");
    t.follow("j2");
    t.accept("j1", 5);
    t.accept("j1", 300);
    expect(t.joins()).toEqual([["j1", 300], ["j2", 0]]);
  });

  it("starts again from the first event after forgetting a job", () => {
    const t = new SequenceTracker();
    t.follow("j1");
    t.accept("j1", 4);
    t.forget("j1");
    t.follow("j1");
    expect(t.accept("j1", 1)).toBe(true);
  });
});
