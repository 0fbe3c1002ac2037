import { useState, type DragEvent, type FormEvent } from "react";
import { getJson, request } from "../../api/client";
import type { DatasetInfo } from "../../api/types";
import { ProblemView } from "../../components/ProblemView";
import { useAsync } from "../../components/useAsync";
import { formatBytes, formatCount, formatTime } from "../../lib/format";
import { base, Link, navigate } from "../../router";
import { DatasetView } from "./DatasetView";

interface Usage {
  privacyBudget: { datasetId: string }[];
}

/** The caller's datasets: GET /me/usage names them (with their budgets), GET /datasets/{id} describes each. */
async function loadDatasets(): Promise<DatasetInfo[]> {
  const usage = await getJson<Usage>("/me/usage");
  const all = await Promise.all(usage.privacyBudget.map((b) => getJson<DatasetInfo>(`/datasets/${b.datasetId}`).catch(() => null)));
  return all.filter((d): d is DatasetInfo => d !== null).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function DatasetsPage({ datasetId }: { datasetId?: string }) {
  if (datasetId) return <DatasetView datasetId={datasetId} />;
  return (
    <div className="columns">
      <DatasetList />
      <UploadForm />
    </div>
  );
}

function DatasetList() {
  const { value, error } = useAsync(loadDatasets, []);
  return (
    <section className="card" aria-labelledby="datasets-title">
      <h2 id="datasets-title">Datasets</h2>
      <ProblemView error={error} />
      <div className="table-wrap">
        <table>
          <thead><tr><th scope="col">Dataset</th><th scope="col">Rows</th><th scope="col">Columns</th><th scope="col">Size</th><th scope="col">Domain</th><th scope="col">Uploaded</th></tr></thead>
          <tbody>
            {value?.map((d) => (
              <tr key={d.id}>
                <td><Link href={`${base}/datasets/${d.id}`}>{d.name || d.id}</Link></td>
                <td className="num">{formatCount(d.rows)}</td>
                <td className="num">{d.columns.length}</td>
                <td className="num">{formatBytes(d.bytes)}</td>
                <td>{d.domainConfirmed ? "confirmed" : "draft"}</td>
                <td>{formatTime(d.createdAt)}</td>
              </tr>
            ))}
            {value?.length === 0 && <tr><td colSpan={6} className="muted">No datasets yet: upload a CSV.</td></tr>}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** POST /datasets with the CSV as the body: dropped on the zone, or chosen with the file input. */
function UploadForm() {
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState("");
  const [epsilon, setEpsilon] = useState("3");
  const [delta, setDelta] = useState("");
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const take = (f: File | undefined) => {
    if (!f) return;
    setFile(f);
    if (!name) setName(f.name.replace(/\.csv$/i, ""));
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    take(e.dataTransfer.files[0]);
  };
  const upload = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setError(new Error("Choose or drop a CSV file first."));
    setBusy(true);
    setError(null);
    try {
      const q = new URLSearchParams({ name: name || file.name });
      if (epsilon) q.set("epsilon", epsilon);
      if (delta) q.set("delta", delta);
      const created = (await (await request("POST", `/datasets?${q}`, file, "text/csv")).json()) as { dataset: DatasetInfo };
      navigate(`${base}/datasets/${created.dataset.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={upload} aria-labelledby="upload-title">
      <h2 id="upload-title">Upload a CSV</h2>
      <label
        className={dragging ? "dropzone dragging" : "dropzone"}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
      >
        <span>{file ? `${file.name} (${formatBytes(file.size)})` : "Drop a CSV file here, or choose one"}</span>
        <input id="dataset-file" type="file" accept=".csv,text/csv" onChange={(e) => take(e.target.files?.[0])} />
      </label>
      <div className="fields">
        <label>Name <input id="dataset-name" value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label>Budget ε <input id="dataset-epsilon" type="number" step="any" min={0} value={epsilon} onChange={(e) => setEpsilon(e.target.value)} /></label>
        <label>δ <input id="dataset-delta" type="number" step="any" min={0} value={delta} placeholder="server default" onChange={(e) => setDelta(e.target.value)} /></label>
      </div>
      <button type="submit" disabled={busy}>Upload</button>
      <ProblemView error={error} />
    </form>
  );
}
