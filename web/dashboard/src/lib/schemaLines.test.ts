import { describe, expect, it } from "vitest";
import { lineOfProblem, splitPath } from "./schemaLines";

const json = `{
  "id": {"type": "int", "min": 1000, "max": 9999},
  "income": {
    "type": "float",
    "std": "wide"
  }
}`;

const yaml = `fields:
  id: {type: int}
  status:
    type: category
    categories: [a, b]
    probabilities: [0.5, 0.7]
`;

describe("lineOfProblem", () => {
  it("finds a JSON schema's field at the line of its key", () => {
    expect(lineOfProblem(json, "$.income.std")).toBe(5);
    expect(lineOfProblem(json, "$.id")).toBe(2);
  });

  it("finds a YAML schema's list item", () => {
    expect(lineOfProblem(yaml, "$.fields.status.probabilities[1]")).toBe(6);
  });

  it("stops at the deepest part of the path that exists", () => {
    expect(lineOfProblem(json, "$.income.mean")).toBe(3);
  });

  it("takes the line a syntax error names", () => {
    expect(lineOfProblem("{", "$", "invalid JSON at line 7, column 2: …")).toBe(7);
  });

  it("puts a problem of the whole schema on its first line", () => {
    expect(lineOfProblem(json, "$")).toBe(1);
  });
});

describe("splitPath", () => {
  it("splits keys and indexes", () => {
    expect(splitPath("$.tables.orders.fields[3].x")).toEqual(["tables", "orders", "fields", "3", "x"]);
    expect(splitPath("$")).toEqual([]);
  });
});
