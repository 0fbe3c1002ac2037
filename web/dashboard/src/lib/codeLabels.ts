import type { ColumnDomain } from "../api/types";

/** Labels of equal-width bins over [min, max], numbers or (when `dates`) ISO dates. */
export function binLabels(min: string | null | undefined, max: string | null | undefined, bins: number, dates: boolean): string[] {
  const read = (v: string | null | undefined) => (v === null || v === undefined ? NaN : dates ? Date.parse(v) : Number(v));
  const low = read(min);
  const width = (read(max) - low) / bins;
  if (!Number.isFinite(low) || !Number.isFinite(width)) return Array.from({ length: bins }, (_, i) => `bin ${i + 1}`);
  const show = (x: number) => (dates ? new Date(x).toISOString().slice(0, 10) : Number(x.toPrecision(4)).toString());
  return Array.from({ length: bins }, (_, i) => `${show(low + i * width)} … ${show(low + (i + 1) * width)}`);
}

/**
 * What each code of a synthesised column stands for, in the codec's order (docs/datasets.md):
 * its categories, then "other" when allowed, or its bins; then "missing" when it has that code.
 * A count that does not match (a domain changed since) falls back to the codes themselves.
 */
export function codeLabels(column: ColumnDomain | undefined, codes: number): string[] {
  let labels: string[] = [];
  if (column?.kind === "Categorical") labels = [...(column.categories ?? []), ...(column.other ? ["other"] : [])];
  else if (column && ["Integer", "Continuous", "Datetime"].includes(column.kind) && column.bins) labels = binLabels(column.min, column.max, column.bins, column.kind === "Datetime");
  if (column?.missing) labels.push("missing");
  return labels.length === codes ? labels : Array.from({ length: codes }, (_, i) => `code ${i}`);
}
