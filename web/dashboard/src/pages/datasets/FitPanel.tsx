import { useEffect, useState, type FormEvent } from "react";
import { sendJson } from "../../api/client";
import type { JobInfo, JobProgressEvent, ModelInfo } from "../../api/types";
import { finalStatuses } from "../../api/types";
import { ProblemView } from "../../components/ProblemView";
import { ProgressBar } from "../../components/ProgressBar";
import { progressFeed } from "../../live/ProgressFeed";

const methods = ["mst", "aim", "privsyn", "independent", "nonprivate"];

interface Props {
  datasetId: string;
  confirmed: boolean;
  columns: string[];
  onSubmitted: () => void;
  onFitted: () => void;
}

/** Fit a model (POST /datasets/{id}/fits): method and ε; the fit job's stages live over the hub. */
export function FitPanel({ datasetId, confirmed, columns, onSubmitted, onFitted }: Props) {
  const [method, setMethod] = useState("mst");
  const [epsilon, setEpsilon] = useState("1");
  const [target, setTarget] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [job, setJob] = useState<JobInfo | null>(null);
  const [latest, setLatest] = useState<JobProgressEvent | null>(null);
  const [hubError, setHubError] = useState<string | null>(null);

  useEffect(() => {
    if (!job) return;
    return progressFeed().follow(
      job.id,
      (m) => {
        setLatest(m.event);
        if (finalStatuses.includes(m.event.status)) onFitted();
      },
      setHubError,
    );
  }, [job?.id]);

  const fit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setLatest(null);
    try {
      const body: Record<string, unknown> = { method };
      if (method !== "nonprivate") body.epsilon = Number(epsilon);
      if (target) body.target = target;
      const accepted = await sendJson<{ model: ModelInfo; job: JobInfo }>("POST", `/datasets/${datasetId}/fits`, body);
      setJob(accepted.job);
      onSubmitted();
    } catch (err) {
      setError(err);
    }
  };

  const p = latest?.progress ?? job?.progress;
  const status = latest?.status ?? job?.status;
  const fraction = status === "Succeeded" ? 1 : (p?.stageFraction ?? 0);
  return (
    <form className="card" onSubmit={fit} aria-labelledby="fit-title">
      <h2 id="fit-title">Fit a model</h2>
      {!confirmed && <p className="muted">Confirm the domain first: a fit uses the confirmed domain only.</p>}
      <div className="fields">
        <label>
          Method
          <select id="fit-method" value={method} onChange={(e) => setMethod(e.target.value)}>
            {methods.map((m) => <option key={m}>{m}</option>)}
          </select>
        </label>
        <label>
          ε <input id="fit-epsilon" type="number" step="any" min={0} disabled={method === "nonprivate"} value={epsilon} onChange={(e) => setEpsilon(e.target.value)} />
        </label>
        <label>
          Target
          <select id="fit-target" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">last column</option>
            {columns.map((c) => <option key={c}>{c}</option>)}
          </select>
        </label>
      </div>
      <button type="submit">Fit</button>
      <ProblemView error={error} />
      {hubError && <div role="alert" className="problem">Live progress: {hubError}</div>}
      {job && (
        <div className="fit-progress" data-job-id={job.id}>
          <p>
            Fit job <code>{job.id}</code>: <span id="fit-status" className={`status status-${status?.toLowerCase()}`}>{status}</span>
            {p?.stage && <> · stage <strong>{p.stage}</strong>{p.message ? `: ${p.message}` : ""}</>}
          </p>
          <ProgressBar percent={Math.round(fraction * 100)} label="Progress of the fit's stage" />
          {latest?.error && <div role="alert" className="problem">{latest.error}</div>}
        </div>
      )}
    </form>
  );
}
