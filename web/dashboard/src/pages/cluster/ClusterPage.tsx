import { useCallback } from "react";
import { getJson } from "../../api/client";
import type { ServerStatus } from "../../api/types";
import { ProblemView } from "../../components/ProblemView";
import { useAsync, useInterval } from "../../components/useAsync";
import { formatCount, formatTime } from "../../lib/format";

/** GET /status every few seconds: the silos of the membership table with tags, status and activations. */
export function ClusterPage() {
  const { value, error, reload } = useAsync(() => getJson<ServerStatus>("/status"), []);
  useInterval(useCallback(() => reload(), [reload]), 5000);
  return (
    <section className="card" aria-labelledby="cluster-title">
      <h2 id="cluster-title">Cluster</h2>
      <ProblemView error={error} />
      {value && (
        <p>
          {value.service} {value.version} · {value.mode} mode · up since {formatTime(value.startedAt)} ·{" "}
          <a href="/orleans" target="_blank" rel="noreferrer">Orleans dashboard</a> (grains, calls; admins)
        </p>
      )}
      <div className="table-wrap">
        <table id="silos">
          <thead><tr><th scope="col">Silo</th><th scope="col">Address</th><th scope="col">Status</th><th scope="col">Tags</th><th scope="col">Activations</th><th scope="col">Started</th><th scope="col">Heartbeat</th></tr></thead>
          <tbody>
            {value?.silos.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td><code>{s.address}</code></td>
                <td><span className={`status status-${s.status.toLowerCase()}`}>{s.status}</span></td>
                <td>{s.tags.length ? s.tags.map((t) => <span key={t} className="tag">{t}</span>) : <span className="muted">none</span>}</td>
                <td className="num">{formatCount(s.activations)}</td>
                <td>{formatTime(s.startedAt)}</td>
                <td>{formatTime(s.heartbeatAt)}</td>
              </tr>
            ))}
            {value?.silos.length === 0 && <tr><td colSpan={7} className="muted">No silo has joined.</td></tr>}
          </tbody>
        </table>
      </div>
    </section>
  );
}
