import { useEffect, useState, type FormEvent } from "react";
import { getJson, sendJson } from "../../api/client";
import type { DomainSpec, EvaluationReport, JobInfo, ModelInfo } from "../../api/types";
import { ProblemView } from "../../components/ProblemView";
import { useAsync } from "../../components/useAsync";
import { formatTime } from "../../lib/format";
import { base, navigate } from "../../router";
import { EvaluationCharts } from "./EvaluationCharts";

/** The dataset's models; the chosen one's evaluation report drawn (the newest evaluated one to begin with). */
export function ModelsPanel({ models, error }: { models: ModelInfo[] | undefined; error: unknown }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const evaluated = models?.filter((m) => m.hasEvaluation) ?? [];
  const shown = chosen ?? evaluated.at(-1)?.id ?? null;
  useEffect(() => setChosen(null), [models?.length]);

  return (
    <section className="card" aria-labelledby="models-title">
      <h2 id="models-title">Models</h2>
      <ProblemView error={error} />
      <div className="table-wrap">
        <table>
          <thead><tr><th scope="col">Model</th><th scope="col">Method</th><th scope="col">ε</th><th scope="col">Status</th><th scope="col">Fitted</th><th scope="col">Evaluation</th><th scope="col">Sample</th></tr></thead>
          <tbody>
            {models?.map((m) => (
              <tr key={m.id} aria-selected={m.id === shown}>
                <td><code>{m.id}</code></td>
                <td>{m.method}</td>
                <td className="num">{m.epsilon ?? "–"}</td>
                <td><span className={`status status-${m.status.toLowerCase()}`}>{m.status}</span>{m.error && <span className="field-problem">{m.error}</span>}</td>
                <td>{formatTime(m.createdAt)}</td>
                <td>
                  {m.hasEvaluation ? <button className="secondary" onClick={() => setChosen(m.id)} aria-pressed={m.id === shown}>Show</button> : (m.evaluationError ?? "–")}
                </td>
                <td>{m.status === "Ready" && <SampleForm model={m} />}</td>
              </tr>
            ))}
            {models?.length === 0 && <tr><td colSpan={7} className="muted">No models yet.</td></tr>}
          </tbody>
        </table>
      </div>
      {shown && <Evaluation modelId={shown} datasetId={models!.find((m) => m.id === shown)!.datasetId} />}
    </section>
  );
}

/** POST /models/{id}/samples: any number of rows, for free (no budget); the job's page follows it and downloads the file. */
function SampleForm({ model }: { model: ModelInfo }) {
  const [rows, setRows] = useState(String(model.trainRows ?? 1000));
  const [error, setError] = useState<unknown>(null);
  const sample = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const job = await sendJson<JobInfo>("POST", `/models/${model.id}/samples`, { rows: Number(rows), format: "csv" });
      navigate(`${base}/jobs/${job.id}`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="inline" onSubmit={sample}>
      <input className="narrow" type="number" min={1} aria-label={`Rows to sample from model ${model.id}`} value={rows} onChange={(e) => setRows(e.target.value)} />
      <button type="submit" className="secondary">Sample</button>
      <ProblemView error={error} />
    </form>
  );
}

function Evaluation({ modelId, datasetId }: { modelId: string; datasetId: string }) {
  const { value, error } = useAsync(() => getJson<EvaluationReport>(`/models/${modelId}/evaluation`), [modelId]);
  // The confirmed domain names the codes of each column's marginal (a deleted dataset's: codes only).
  const domain = useAsync(() => getJson<DomainSpec>(`/datasets/${datasetId}/domain`).catch(() => undefined), [datasetId]);
  return (
    <div className="evaluation" aria-label={`Evaluation of model ${modelId}`}>
      <ProblemView error={error} />
      {value && <EvaluationCharts report={value} domain={domain.value} />}
    </div>
  );
}
