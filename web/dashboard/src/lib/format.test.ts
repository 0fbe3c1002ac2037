import { describe, expect, it } from "vitest";
import { formatBytes, formatEta, formatRate, percentDone } from "./format";

describe("formatEta", () => {
  it("says seconds, minutes and hours as people do", () => {
    expect(formatEta(12.4)).toBe("12 s");
    expect(formatEta(245)).toBe("4 min 05 s");
    expect(formatEta(7620)).toBe("2 h 07 min");
  });

  it("shows an unknown ETA as a dash", () => {
    expect(formatEta(null)).toBe("–");
    expect(formatEta(Number.POSITIVE_INFINITY)).toBe("–");
  });
});

describe("percentDone", () => {
  it("rounds down so a running job never shows 100 %", () => {
    expect(percentDone(999, 1000, false)).toBe(99);
    expect(percentDone(1000, 1000, true)).toBe(100);
    expect(percentDone(0, 0, false)).toBe(0);
  });
});

describe("formatRate and formatBytes", () => {
  it("scale their units", () => {
    expect(formatRate(2_500_000)).toBe("2.50 M/s");
    expect(formatRate(1500)).toBe("1.5 k/s");
    expect(formatBytes(1536)).toBe("1.5 KB");
  });
});
