import { useEffect, useState } from "react";
import { ApiError, sendJson } from "../../api/client";
import { columnKinds, type ColumnDomain, type ColumnKind, type DomainSpec } from "../../api/types";
import { ProblemView } from "../../components/ProblemView";

const binned: ColumnKind[] = ["Integer", "Continuous", "Datetime"];

/** Problems keyed by path ("$.columns[2].bins") → per column index and field ("" for the column as a whole). */
function placeProblems(errors: Record<string, string[]> | undefined): { byColumn: Map<number, Map<string, string[]>>; other: string[] } {
  const byColumn = new Map<number, Map<string, string[]>>();
  const other: string[] = [];
  for (const [path, messages] of Object.entries(errors ?? {})) {
    const m = /^\$\.columns\[(\d+)\](?:\.(\w+))?/.exec(path);
    if (!m) {
      other.push(...messages.map((x) => `${path}: ${x}`));
      continue;
    }
    const column = byColumn.get(Number(m[1])) ?? new Map<string, string[]>();
    column.set(m[2] ?? "", [...(column.get(m[2] ?? "") ?? []), ...messages]);
    byColumn.set(Number(m[1]), column);
  }
  return { byColumn, other };
}

/**
 * The domain, column by column: kind, bounds and bins, or categories, as the draft proposes them;
 * "Confirm domain" sends it (PUT /datasets/{id}/domain). Every problem the server finds is shown on
 * the column and field it names.
 */
export function DomainEditor({ datasetId, initial, onConfirmed }: { datasetId: string; initial: DomainSpec; onConfirmed: () => void }) {
  const [columns, setColumns] = useState<ColumnDomain[]>(initial.columns);
  const [error, setError] = useState<unknown>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => setColumns(initial.columns), [initial]);

  const problems = placeProblems(error instanceof ApiError ? error.problem.errors : undefined);
  const edit = (i: number, change: Partial<ColumnDomain>) => {
    setConfirmed(false);
    setColumns((cs) => cs.map((c, j) => (j === i ? { ...c, ...change } : c)));
  };

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      // A domain edited by hand is no longer the privately derived one: the server decides that by comparing.
      await sendJson("PUT", `/datasets/${datasetId}/domain`, { ...initial, columns });
      setConfirmed(true);
      onConfirmed();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const fieldProblems = (i: number, field: string) => {
    const list = problems.byColumn.get(i)?.get(field);
    return list ? <span className="field-problem" role="alert">{list.join("; ")}</span> : null;
  };

  return (
    <section className="card" aria-labelledby="domain-title">
      <h2 id="domain-title">Domain</h2>
      <p className="muted">The domain is public: synthesizers see nothing else of the columns. Check that no value comes from the data alone.</p>
      <div className="table-wrap">
        <table className="domain">
          <thead><tr><th scope="col">Column</th><th scope="col">Kind</th><th scope="col">Min</th><th scope="col">Max</th><th scope="col">Bins</th><th scope="col">Categories</th><th scope="col">Missing</th></tr></thead>
          <tbody>
            {columns.map((c, i) => {
              const rowProblems = problems.byColumn.get(i);
              return (
                <tr key={i} className={rowProblems ? "has-problem" : undefined} data-column={c.name}>
                  <th scope="row">{c.name}{fieldProblems(i, "name")}{fieldProblems(i, "")}{fieldProblems(i, "form")}</th>
                  <td>
                    <select aria-label={`Kind of ${c.name}`} value={c.kind} onChange={(e) => edit(i, { kind: e.target.value as ColumnKind })}>
                      {columnKinds.map((k) => <option key={k}>{k}</option>)}
                    </select>
                    {fieldProblems(i, "kind")}
                  </td>
                  <td>
                    {binned.includes(c.kind) && <input aria-label={`Minimum of ${c.name}`} value={c.min ?? ""} onChange={(e) => edit(i, { min: e.target.value })} />}
                    {fieldProblems(i, "min")}
                  </td>
                  <td>
                    {binned.includes(c.kind) && <input aria-label={`Maximum of ${c.name}`} value={c.max ?? ""} onChange={(e) => edit(i, { max: e.target.value })} />}
                    {fieldProblems(i, "max")}
                  </td>
                  <td>
                    {binned.includes(c.kind) && (
                      <input aria-label={`Bins of ${c.name}`} type="number" min={1} className="narrow" value={c.bins ?? ""} onChange={(e) => edit(i, { bins: e.target.value === "" ? null : Number(e.target.value) })} />
                    )}
                    {fieldProblems(i, "bins")}
                  </td>
                  <td>
                    {c.kind === "Categorical" && (
                      <textarea
                        aria-label={`Categories of ${c.name}, one per line`}
                        rows={Math.min(4, Math.max(1, c.categories?.length ?? 1))}
                        value={(c.categories ?? []).join("\n")}
                        onChange={(e) => edit(i, { categories: e.target.value.split("\n").filter((x, k, all) => x !== "" || k < all.length - 1) })}
                      />
                    )}
                    {fieldProblems(i, "categories")}
                  </td>
                  <td>
                    <input type="checkbox" aria-label={`${c.name} may be missing`} checked={c.missing ?? false} onChange={(e) => edit(i, { missing: e.target.checked })} />
                    {fieldProblems(i, "missing")}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {problems.other.length > 0 && <ul className="problems">{problems.other.map((p, i) => <li key={i}>{p}</li>)}</ul>}
      <div className="actions">
        <button onClick={confirm} disabled={busy}>Confirm domain</button>
        <button onClick={() => { setColumns(initial.columns); setError(null); }} className="secondary">Reset to the draft</button>
        {confirmed && <span className="ok" role="status">Domain confirmed.</span>}
      </div>
      {error instanceof ApiError && !error.problem.errors && <ProblemView error={error} />}
      {error instanceof ApiError && error.problem.errors && <p className="problem" role="alert">{error.problem.title ?? "The domain cannot be used."} {Object.keys(error.problem.errors).length} problem(s), shown on their columns.</p>}
      {error !== null && !(error instanceof ApiError) && <ProblemView error={error} />}
    </section>
  );
}
