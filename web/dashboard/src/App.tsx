import { useState, type FormEvent } from "react";
import { apiKey, setApiKey } from "./api/client";
import { base, Link, usePath } from "./router";
import { ClusterPage } from "./pages/cluster/ClusterPage";
import { DatasetsPage } from "./pages/datasets/DatasetsPage";
import { JobsPage } from "./pages/jobs/JobsPage";
import { StreamsPage } from "./pages/streams/StreamsPage";

const pages = [
  { path: "jobs", title: "Jobs" },
  { path: "datasets", title: "Datasets" },
  { path: "streams", title: "Streams" },
  { path: "cluster", title: "Cluster" },
];

/** /ui/{page}[/{id}]; anything else is the jobs page. */
function route(path: string): { page: string; id?: string } {
  const [, ui, page, id] = path.split("/");
  if (ui !== base.slice(1) || !pages.some((p) => p.path === page)) return { page: "jobs" };
  return { page, id: id || undefined };
}

export function App() {
  const { page, id } = route(usePath());
  const title = pages.find((p) => p.path === page)!.title;
  document.title = `${title} · Synth`;
  return (
    <>
      <a className="skip" href="#main">Skip to content</a>
      <header className="top">
        <span className="brand">Synth</span>
        <nav aria-label="Pages">
          {pages.map((p) => (
            <Link key={p.path} href={`${base}/${p.path}`} aria-current={p.path === page ? "page" : undefined}>{p.title}</Link>
          ))}
        </nav>
        <KeyField />
      </header>
      <main id="main" tabIndex={-1}>
        {page === "jobs" && <JobsPage key={id ?? ""} jobId={id} />}
        {page === "datasets" && <DatasetsPage key={id ?? ""} datasetId={id} />}
        {page === "streams" && <StreamsPage key={id ?? ""} streamId={id} />}
        {page === "cluster" && <ClusterPage />}
      </main>
    </>
  );
}

/**
 * The API key, for a server run with --auth keys: kept in this tab's sessionStorage and sent as a
 * bearer token (and to the hub as its access token). Saving reloads the page so every connection uses it.
 */
function KeyField() {
  const [key, setKey] = useState(apiKey());
  const save = (e: FormEvent) => {
    e.preventDefault();
    setApiKey(key.trim());
    location.reload();
  };
  return (
    <form className="key" onSubmit={save}>
      <label>
        <span className="visually-hidden">API key</span>
        <input type="password" autoComplete="off" placeholder={apiKey() ? "key set" : "API key (optional)"} value={key} onChange={(e) => setKey(e.target.value)} aria-label="API key" />
      </label>
      <button type="submit" className="secondary">{key ? "Use key" : "No key"}</button>
    </form>
  );
}
