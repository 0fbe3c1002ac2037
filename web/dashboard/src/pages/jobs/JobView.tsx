import { useMemo, useState, type MouseEvent } from "react";
import { apiKey, request, sendJson } from "../../api/client";
import type { JobInfo } from "../../api/types";
import { finalStatuses } from "../../api/types";
import { Chart, type ChartOption } from "../../components/Chart";
import { ProblemView } from "../../components/ProblemView";
import { ProgressBar } from "../../components/ProgressBar";
import { formatBytes, formatCount, formatEta, formatRate, formatTime, percentDone } from "../../lib/format";
import { base, Link } from "../../router";
import { useJobProgress } from "./useJobProgress";

/** One job live: its bar, rows/s over time, ETA, shards; cancel; download when it has succeeded. */
export function JobView({ jobId }: { jobId: string }) {
  const live = useJobProgress(jobId);
  const [actionError, setActionError] = useState<unknown>(null);
  const status = live.latest?.status ?? live.job?.status;
  const progress = live.latest?.progress ?? live.job?.progress;
  const finished = status !== undefined && finalStatuses.includes(status);
  const percent = progress ? percentDone(progress.rowsDone, progress.rowsTotal, status === "Succeeded") : 0;

  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      grid: { left: 60, right: 16, top: 16, bottom: 30 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "time" },
      yAxis: { type: "value", name: "rows/s", axisLabel: { formatter: (v: number) => formatRate(v) } },
      series: [{ type: "line", showSymbol: false, areaStyle: { opacity: 0.15 }, data: live.rates.map((r) => [r.at, r.rowsPerSecond]) }],
    }),
    [live.rates],
  );

  const cancel = async () => {
    setActionError(null);
    try {
      await sendJson<JobInfo>("POST", `/jobs/${jobId}/cancel`);
    } catch (e) {
      setActionError(e);
    }
  };

  return (
    <section className="card" aria-labelledby="job-title" data-job-id={jobId} data-last-sequence={live.lastSequence} data-sequences={live.sequences.join(",")}>
      <p><Link href={`${base}/jobs`}>← All jobs</Link></p>
      <h2 id="job-title">{live.job?.spec.name ?? jobId}</h2>
      <ProblemView error={live.error} />
      {live.hubError && <div role="alert" className="problem">Live progress: {live.hubError}</div>}
      <dl className="facts">
        <dt>Status</dt><dd><span id="job-status" className={`status status-${status?.toLowerCase()}`}>{status ?? "…"}</span></dd>
        <dt>Rows</dt><dd>{progress ? `${formatCount(progress.rowsDone)} of ${formatCount(progress.rowsTotal)}` : "…"}</dd>
        <dt>Rate</dt><dd>{progress ? formatRate(progress.rowsPerSecond) : "…"}</dd>
        <dt>ETA</dt><dd id="job-eta">{finished ? "done" : formatEta(progress?.etaSeconds)}</dd>
        {progress && <><dt>Shards</dt><dd>{progress.shardsDone} done, {progress.shardsRunning} running, {progress.shardsQueued} queued{progress.shardsFailed ? `, ${progress.shardsFailed} failed` : ""}</dd></>}
        {progress?.stage && <><dt>Stage</dt><dd>{progress.stage}{progress.message ? `: ${progress.message}` : ""}</dd></>}
        <dt>Live</dt><dd id="feed-state" data-reconnects={live.reconnects}>{live.feedState}{live.reconnects ? ` (reconnected ${live.reconnects}×)` : ""}</dd>
      </dl>
      <ProgressBar percent={percent} label={`Progress of job ${jobId}`} />
      <Chart option={option} label="Rows per second over time" data={{ points: live.rates.length }} />
      {(live.latest?.error ?? live.job?.error) && <div role="alert" className="problem">{live.latest?.error ?? live.job?.error}</div>}
      <div className="actions">
        {!finished && <button onClick={cancel}>Cancel job</button>}
        {status === "Succeeded" && live.job?.files.map((f, i) => <DownloadLink key={i} jobId={jobId} index={i} fileName={f.fileName} length={f.length} />)}
      </div>
      <ProblemView error={actionError} />
      {live.job && <p className="muted">Created {formatTime(live.job.createdAt)} · format {live.job.spec.format} · seed {live.job.spec.seed}</p>}
    </section>
  );
}

/**
 * Without an API key the browser downloads the file itself (streamed to disk); with one, the request
 * must carry it, so the page fetches the file and hands it over as a blob.
 */
function DownloadLink({ jobId, index, fileName, length }: { jobId: string; index: number; fileName: string; length: number }) {
  const href = `/jobs/${jobId}/download?file=${index}`;
  const [error, setError] = useState<unknown>(null);
  const withKey = async (e: MouseEvent) => {
    if (!apiKey()) return;
    e.preventDefault();
    try {
      const blob = await (await request("GET", href)).blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <a className="button" href={href} download={fileName} onClick={withKey}>Download {fileName} ({formatBytes(length)})</a>
      <ProblemView error={error} />
    </>
  );
}
