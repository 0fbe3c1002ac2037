import { useState, type FormEvent } from "react";
import { sendJson } from "../../api/client";
import type { JobInfo } from "../../api/types";
import { ProblemView } from "../../components/ProblemView";
import { navigate, base } from "../../router";
import { SchemaEditor } from "./SchemaEditor";

const example = `{
  "id": {"type": "int", "min": 1000, "max": 9999},
  "name": {"type": "name"},
  "email": {"type": "email"},
  "income": {"type": "float", "mean": 50000, "std": 20000, "min": 0},
  "created_at": {"type": "datetime", "start_date": "2020-01-01", "end_date": "2023-12-31"},
  "status": {"type": "category", "categories": ["active", "inactive", "pending"], "probabilities": [0.7, 0.2, 0.1]}
}
`;

const formats = ["csv", "tsv", "json", "jsonl", "sql", "xml", "parquet"];

/** Submit a job (POST /jobs): a schema, rows, format, seed; then its page follows it. */
export function JobForm() {
  const [schema, setSchema] = useState(example);
  const [rows, setRows] = useState("100000");
  const [format, setFormat] = useState("csv");
  const [seed, setSeed] = useState("42");
  const [name, setName] = useState("");
  const [valid, setValid] = useState<boolean | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { schemaText: schema, rows: Number(rows), format, seed: Number(seed) };
      if (name.trim()) body.name = name.trim();
      const job = await sendJson<JobInfo>("POST", "/jobs", body);
      navigate(`${base}/jobs/${job.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-job-title">
      <h2 id="new-job-title">New job</h2>
      <SchemaEditor text={schema} onChange={setSchema} onValidity={setValid} />
      <div className="fields">
        <label>
          Rows <input id="job-rows" type="number" min={1} required value={rows} onChange={(e) => setRows(e.target.value)} />
        </label>
        <label>
          Format
          <select id="job-format" value={format} onChange={(e) => setFormat(e.target.value)}>
            {formats.map((f) => <option key={f}>{f}</option>)}
          </select>
        </label>
        <label>
          Seed <input id="job-seed" type="number" min={0} value={seed} onChange={(e) => setSeed(e.target.value)} />
        </label>
        <label>
          Name <input id="job-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="optional" />
        </label>
      </div>
      <button type="submit" disabled={busy || valid === false}>Submit job</button>
      <ProblemView error={error} />
    </form>
  );
}
