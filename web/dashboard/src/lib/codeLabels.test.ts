import { describe, expect, it } from "vitest";
import { binLabels, codeLabels } from "./codeLabels";

describe("codeLabels", () => {
  it("names categories, other and missing in the codec's order", () => {
    expect(codeLabels({ name: "sex", kind: "Categorical", categories: ["F", "M"], other: true, missing: true }, 4)).toEqual(["F", "M", "other", "missing"]);
  });

  it("names the bins of a numeric column by their bounds", () => {
    expect(codeLabels({ name: "age", kind: "Integer", min: "0", max: "100", bins: 4 }, 4)).toEqual(["0 … 25", "25 … 50", "50 … 75", "75 … 100"]);
  });

  it("falls back to the codes when the domain does not match their number", () => {
    expect(codeLabels({ name: "x", kind: "Categorical", categories: ["a"] }, 2)).toEqual(["code 0", "code 1"]);
    expect(codeLabels(undefined, 1)).toEqual(["code 0"]);
  });
});

describe("binLabels", () => {
  it("shows dates as days", () => {
    expect(binLabels("2020-01-01T00:00:00Z", "2020-01-03T00:00:00Z", 2, true)).toEqual(["2020-01-01 … 2020-01-02", "2020-01-02 … 2020-01-03"]);
  });
});
