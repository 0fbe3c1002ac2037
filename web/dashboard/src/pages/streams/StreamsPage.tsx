import { useCallback, useState, type FormEvent } from "react";
import { getJson, sendJson } from "../../api/client";
import type { StreamInfo } from "../../api/types";
import { ProblemView } from "../../components/ProblemView";
import { useAsync, useInterval } from "../../components/useAsync";
import { formatCount, formatTime } from "../../lib/format";
import { base, Link, navigate } from "../../router";
import { StreamView } from "./StreamView";

export function StreamsPage({ streamId }: { streamId?: string }) {
  if (streamId) return <StreamView streamId={streamId} />;
  return (
    <div className="columns">
      <StreamList />
      <StreamForm />
    </div>
  );
}

function StreamList() {
  const { value, error, reload } = useAsync(() => getJson<StreamInfo[]>("/streams"), []);
  useInterval(useCallback(() => reload(), [reload]), 3000);
  return (
    <section className="card" aria-labelledby="streams-title">
      <h2 id="streams-title">Streams</h2>
      <ProblemView error={error} />
      <div className="table-wrap">
        <table>
          <thead><tr><th scope="col">Stream</th><th scope="col">Status</th><th scope="col">Rate</th><th scope="col">Made</th><th scope="col">Created</th></tr></thead>
          <tbody>
            {[...(value ?? [])].reverse().map((s) => (
              <tr key={s.id}>
                <td><Link href={`${base}/streams/${s.id}`}>{s.spec.name ?? s.id}</Link></td>
                <td><span className={`status status-${s.status.toLowerCase()}`}>{s.status}</span></td>
                <td className="num">{s.rate === null ? "max" : `${s.rate}/s`}</td>
                <td className="num">{formatCount(s.made)}</td>
                <td>{formatTime(s.createdAt)}</td>
              </tr>
            ))}
            {value?.length === 0 && <tr><td colSpan={5} className="muted">No streams yet.</td></tr>}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const exampleSchema = `{
  "id": {"type": "int", "min": 1, "max": 1000000},
  "income": {"type": "float", "mean": 50000, "std": 20000, "min": 0},
  "status": {"type": "category", "categories": ["active", "inactive", "pending"], "probabilities": [0.7, 0.2, 0.1]}
}
`;

const examplePlan = `events:
  - {kind: sudden, at: 3000, fields: {income: {mean: 65000}}}
`;

const sinksHint = `[{"kind": "webhook", "url": "https://…", "secret": "…"}, {"kind": "files"}]`;

/** POST /streams: a schema, a rate, an optional drift plan and sinks (docs/streams.md, "Sinks"). */
function StreamForm() {
  const [schema, setSchema] = useState(exampleSchema);
  const [plan, setPlan] = useState(examplePlan);
  const [sinks, setSinks] = useState("");
  const [rate, setRate] = useState("100");
  const [name, setName] = useState("");
  const [error, setError] = useState<unknown>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const body: Record<string, unknown> = { schemaText: schema, rate: rate === "max" ? "max" : Number(rate) };
      if (plan.trim()) body.driftPlan = plan;
      if (sinks.trim()) {
        try {
          body.sinks = JSON.parse(sinks);
        } catch (err) {
          setError(new Error(`sinks: not valid JSON (${(err as Error).message})`));
          return;
        }
      }
      if (name.trim()) body.name = name.trim();
      const s = await sendJson<StreamInfo>("POST", "/streams", body);
      navigate(`${base}/streams/${s.id}`);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form className="card" onSubmit={create} aria-labelledby="new-stream-title">
      <h2 id="new-stream-title">New stream</h2>
      <label className="block">Schema (JSON or YAML)<textarea id="stream-schema" rows={8} spellCheck={false} value={schema} onChange={(e) => setSchema(e.target.value)} /></label>
      <label className="block">Drift plan (JSON or YAML, optional)<textarea id="stream-plan" rows={4} spellCheck={false} value={plan} onChange={(e) => setPlan(e.target.value)} /></label>
      <label className="block">Sinks (a JSON list, optional; default: rolling files)<textarea id="stream-sinks" rows={3} spellCheck={false} value={sinks} placeholder={sinksHint} onChange={(e) => setSinks(e.target.value)} /></label>
      <div className="fields">
        <label>Rate (records/s or max) <input id="stream-rate" value={rate} onChange={(e) => setRate(e.target.value)} /></label>
        <label>Name <input id="stream-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="optional" /></label>
      </div>
      <button type="submit">Start stream</button>
      <ProblemView error={error} />
    </form>
  );
}
