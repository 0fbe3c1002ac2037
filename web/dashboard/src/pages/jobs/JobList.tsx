import { useCallback, useState } from "react";
import { getJson } from "../../api/client";
import type { JobPage, JobStatus } from "../../api/types";
import { ProblemView } from "../../components/ProblemView";
import { useAsync, useInterval } from "../../components/useAsync";
import { formatCount, formatTime } from "../../lib/format";
import { base, Link } from "../../router";

const statuses: JobStatus[] = ["Queued", "Running", "Succeeded", "Failed", "Cancelled"];

/** GET /jobs, newest first, filtered by status and kind, refreshed every few seconds. */
export function JobList() {
  const [status, setStatus] = useState("");
  const [kind, setKind] = useState("");
  const [cursor, setCursor] = useState<string | null>(null);
  const query = `/jobs?limit=50${status ? `&status=${status}` : ""}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
  const { value, error, reload } = useAsync(() => getJson<JobPage>(query), [query]);
  useInterval(useCallback(() => reload(), [reload]), 3000);
  const jobs = (value?.jobs ?? []).filter((j) => !kind || j.kind === kind);

  return (
    <section className="card" aria-labelledby="jobs-title">
      <h2 id="jobs-title">Jobs</h2>
      <div className="filters">
        <label>
          Status
          <select id="job-status-filter" value={status} onChange={(e) => { setStatus(e.target.value); setCursor(null); }}>
            <option value="">any</option>
            {statuses.map((s) => <option key={s}>{s}</option>)}
          </select>
        </label>
        <label>
          Kind
          <select id="job-kind-filter" value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">any</option>
            <option>Generate</option>
            <option>Fit</option>
            <option>Sample</option>
          </select>
        </label>
      </div>
      <ProblemView error={error} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr><th scope="col">Job</th><th scope="col">Status</th><th scope="col">Kind</th><th scope="col">Rows</th><th scope="col">Format</th><th scope="col">Created</th></tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.id}>
                <td><Link href={`${base}/jobs/${j.id}`}>{j.name ?? j.id}</Link></td>
                <td><span className={`status status-${j.status.toLowerCase()}`}>{j.status}</span></td>
                <td>{j.kind}</td>
                <td className="num">{formatCount(j.rows)}</td>
                <td>{j.format}</td>
                <td>{formatTime(j.createdAt)}</td>
              </tr>
            ))}
            {value && jobs.length === 0 && <tr><td colSpan={6} className="muted">No jobs{status || kind ? " match these filters" : " yet"}.</td></tr>}
          </tbody>
        </table>
      </div>
      {value?.next && <button onClick={() => setCursor(value.next)}>Older jobs</button>}
      {cursor && <button onClick={() => setCursor(null)}>Newest jobs</button>}
    </section>
  );
}
