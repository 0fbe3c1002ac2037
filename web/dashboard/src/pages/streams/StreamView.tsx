import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { getJson, sendJson, withAccessToken } from "../../api/client";
import { progressFeed } from "../../live/ProgressFeed";
import type { StreamInfo } from "../../api/types";
import { Chart, type ChartOption } from "../../components/Chart";
import { ProblemView } from "../../components/ProblemView";
import { useInterval } from "../../components/useAsync";
import { driftMarks } from "../../lib/driftMarks";
import { formatBytes, formatCount, formatRate, formatTime } from "../../lib/format";
import { base, Link } from "../../router";

interface RatePoint {
  at: number;
  perSecond: number;
}

const sampleSize = 15;

/** The drift events of the spec's plan until a plan change took over (PATCH), and each change itself. */
function streamMarks(s: StreamInfo) {
  const changes = s.planChanges ?? [];
  const until = changes.length ? changes[0].from : Number.POSITIVE_INFINITY;
  return [
    ...driftMarks(s.spec.driftPlanText, s.spec.rate).filter((m) => m.record < until),
    ...changes.map((c) => ({ record: c.from, label: "new plan" })),
  ].sort((a, b) => a.record - b.record);
}

/**
 * One stream live: records/s from the hub's WatchStream (a sample a second), with its drift events
 * marked when the stream reaches them; recent records from its SSE endpoint; its sinks' health;
 * its controls (pause, resume, stop, rate). GET /streams/{id} gives what samples do not carry (the definition, files).
 */
export function StreamView({ streamId }: { streamId: string }) {
  const [stream, setStream] = useState<StreamInfo>();
  const [error, setError] = useState<unknown>(null);
  const [hubError, setHubError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [rates, setRates] = useState<RatePoint[]>([]);
  const [reached, setReached] = useState<{ at: number; label: string }[]>([]);
  const info = useRef<StreamInfo | null>(null);
  const lastMade = useRef<number | null>(null);

  const load = useCallback(async () => {
    try {
      const s = await getJson<StreamInfo>(`/streams/${streamId}`);
      info.current = s;
      setStream(s);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [streamId]);
  useEffect(() => void load(), [load]);
  useInterval(load, 5000);

  useEffect(() => {
    lastMade.current = null;
    setRates([]);
    setReached([]);
    return progressFeed().watchStream(
      streamId,
      (sample) => {
        const at = Date.parse(sample.at);
        if (sample.recordsPerSecond !== null) setRates((r) => [...r.slice(-299), { at, perSecond: Math.max(0, sample.recordsPerSecond!) }]);
        const previous = lastMade.current;
        if (info.current) {
          // From the second sample on: the events passed since the last one, now. In the first: those passed
          // before the page opened, at the time the schedule puts them (those of the last minute are drawn).
          const rate = sample.rate ?? info.current.spec.rate;
          const crossed = streamMarks(info.current).filter((m) => (previous === null || m.record > previous) && m.record <= sample.made);
          const when = (record: number) => (previous === null && rate ? at - ((sample.made - record) / rate) * 1000 : at);
          if (crossed.length) setReached((r) => [...r, ...crossed.map((m) => ({ at: when(m.record), label: m.label }))]);
        } else if (previous === null) {
          return; // the definition is not loaded yet: the next sample looks back over everything passed
        }
        lastMade.current = sample.made;
        // What the sample says now wins over the last GET.
        setStream((s) => (s ? { ...s, status: sample.status, rate: sample.rate, made: sample.made, emitted: sample.emitted, behind: sample.behind, latenessP99Ms: sample.latenessP99Ms, error: sample.error, sinks: sample.sinks } : s));
        setHubError(null);
      },
      setHubError,
    );
  }, [streamId]);

  const command = async (what: "pause" | "resume" | "stop") => {
    setActionError(null);
    try {
      setStream(await sendJson<StreamInfo>("POST", `/streams/${streamId}/${what}`));
    } catch (e) {
      setActionError(e);
    }
  };

  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      grid: { left: 60, right: 16, top: 24, bottom: 30 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "time" },
      yAxis: { type: "value", name: "records/s" },
      series: [
        {
          type: "line",
          name: "records/s",
          showSymbol: false,
          data: rates.map((r) => [r.at, +r.perSecond.toFixed(2)]),
          markLine: { symbol: "none", label: { formatter: "{b}" }, data: reached.filter((m) => m.at >= (rates[0]?.at ?? 0) - 60_000).map((m) => ({ name: m.label, xAxis: m.at })) },
        },
      ],
    }),
    [rates, reached],
  );

  const upcoming = stream ? streamMarks(stream).filter((m) => m.record > stream.made).slice(0, 3) : [];
  const lastRate = rates.at(-1)?.perSecond ?? 0;
  return (
    <div className="stack">
      <section className="card" aria-labelledby="stream-title">
        <p><Link href={`${base}/streams`}>← All streams</Link></p>
        <h2 id="stream-title">{stream?.spec.name ?? streamId}</h2>
        <ProblemView error={error} />
        {hubError && <div role="alert" className="problem">Live samples: {hubError}</div>}
        {stream && (
          <dl className="facts">
            <dt>Status</dt><dd><span id="stream-status" className={`status status-${stream.status.toLowerCase()}`}>{stream.status}</span></dd>
            <dt>Rate</dt><dd id="stream-rate-now">{stream.rate === null ? "max" : `${stream.rate} records/s`}</dd>
            <dt>Made</dt><dd>{formatCount(stream.made)} records ({formatCount(stream.emitted)} in closed files)</dd>
            <dt>Measured</dt><dd>{formatRate(lastRate)}</dd>
            <dt>Drift</dt><dd>{reached.length ? `${reached.length} event(s) reached` : "none reached"}{upcoming.length ? `; next at record ${formatCount(upcoming[0].record)} (${upcoming[0].label})` : ""}</dd>
          </dl>
        )}
        <Chart option={option} label={`Records per second over time, now ${formatRate(lastRate)}; drift events marked`} data={{ points: rates.length, "last-rate": lastRate.toFixed(2), drifts: reached.length }} className="stream-rate-chart" />
        {stream && <Controls stream={stream} onCommand={command} onChanged={setStream} onError={setActionError} />}
        <ProblemView error={actionError} />
      </section>
      <div className="columns">
        {stream && <SinkHealthPanel stream={stream} />}
        <SampleRows streamId={streamId} />
      </div>
    </div>
  );
}

function Controls({ stream, onCommand, onChanged, onError }: { stream: StreamInfo; onCommand: (c: "pause" | "resume" | "stop") => void; onChanged: (s: StreamInfo) => void; onError: (e: unknown) => void }) {
  const [rate, setRate] = useState(stream.rate === null ? "max" : String(stream.rate));
  const stopped = stream.status === "Stopped";
  const change = async (e: FormEvent) => {
    e.preventDefault();
    onError(null);
    try {
      onChanged(await sendJson<StreamInfo>("PATCH", `/streams/${stream.id}`, { rate: rate.trim() === "max" ? "max" : Number(rate) }));
    } catch (err) {
      onError(err);
    }
  };
  return (
    <div className="actions">
      {stream.status === "Paused" ? (
        <button onClick={() => onCommand("resume")}>Resume</button>
      ) : (
        <button onClick={() => onCommand("pause")} disabled={stopped}>Pause</button>
      )}
      <button onClick={() => onCommand("stop")} disabled={stopped} className="danger">Stop</button>
      <form onSubmit={change} className="inline">
        <label>Rate (records/s or max) <input id="stream-new-rate" className="narrow" value={rate} onChange={(e) => setRate(e.target.value)} /></label>
        <button type="submit" disabled={stopped}>Set rate</button>
      </form>
    </div>
  );
}

/** How the stream's sink is doing, as GET /streams/{id} reports it (and each sink's own state when the API lists sinks). */
function SinkHealthPanel({ stream }: { stream: StreamInfo }) {
  const lastFile = stream.files.at(-1);
  return (
    <section className="card" aria-labelledby="sink-title">
      <h2 id="sink-title">Sink health</h2>
      <dl className="facts">
        <dt>State</dt><dd className={stream.status === "Degraded" ? "bad" : undefined}>{stream.status === "Degraded" ? "degraded: retrying from the checkpoint" : stream.status.toLowerCase()}</dd>
        {stream.error && <><dt>Error</dt><dd className="bad" role="alert">{stream.error}</dd></>}
        <dt>Behind schedule</dt><dd>{formatCount(stream.behind)} records</dd>
        <dt>Lateness p99</dt><dd>{stream.latenessP99Ms === null ? "–" : `${stream.latenessP99Ms.toFixed(0)} ms`}</dd>
        <dt>Files</dt><dd>{stream.files.length} closed{lastFile ? `; last: records ${formatCount(lastFile.first)}–${formatCount(lastFile.first + lastFile.count - 1)}, ${formatBytes(lastFile.bytes)}` : ""}</dd>
        {stream.stoppedAt && <><dt>Stopped</dt><dd>{formatTime(stream.stoppedAt)}</dd></>}
      </dl>
      {stream.sinks && stream.sinks.length > 0 && (
        <div className="table-wrap">
          <table aria-label="Sinks">
            <thead><tr><th scope="col">Sink</th><th scope="col">Kind</th><th scope="col">Health</th><th scope="col">Delivered</th><th scope="col">Acknowledged</th><th scope="col">Error</th></tr></thead>
            <tbody>
              {stream.sinks.map((s) => (
                <tr key={s.name} data-sink={s.name}>
                  <td>{s.name}</td>
                  <td>{s.kind}</td>
                  <td className={s.failures > 0 ? "bad" : "ok"}>{s.failures === 0 ? "healthy" : `${s.failures} failure${s.failures > 1 ? "s" : ""} in a row`}</td>
                  <td className="num">{formatCount(s.delivered)}</td>
                  <td className="num">{formatCount(s.acked)}</td>
                  <td>{s.error ? <span className="bad">{s.error}{s.errorAt ? ` (${formatTime(s.errorAt)})` : ""}</span> : "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The latest records from GET /streams/{id}/events (SSE), redrawn at most four times a second. */
function SampleRows({ streamId }: { streamId: string }) {
  const [rows, setRows] = useState<{ seq: string; record: Record<string, unknown> }[]>([]);
  const [state, setState] = useState("connecting");
  useEffect(() => {
    const buffer: { seq: string; record: Record<string, unknown> }[] = [];
    let dirty = false;
    const source = new EventSource(withAccessToken(`/streams/${streamId}/events`));
    source.addEventListener("record", (e) => {
      const m = e as MessageEvent<string>;
      buffer.push({ seq: m.lastEventId, record: JSON.parse(m.data) as Record<string, unknown> });
      if (buffer.length > sampleSize) buffer.splice(0, buffer.length - sampleSize);
      dirty = true;
    });
    source.onopen = () => setState("live");
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? "closed" : "reconnecting");
    const timer = setInterval(() => {
      if (!dirty) return;
      dirty = false;
      setRows([...buffer].reverse());
    }, 250);
    return () => {
      clearInterval(timer);
      source.close();
    };
  }, [streamId]);
  const columns = rows[0] ? Object.keys(rows[0].record) : [];
  return (
    <section className="card" aria-labelledby="sample-title">
      <h2 id="sample-title">Recent records <span className="muted small">({state})</span></h2>
      <div className="table-wrap">
        <table id="stream-sample">
          <thead><tr><th scope="col">#</th>{columns.map((c) => <th scope="col" key={c}>{c}</th>)}</tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.seq}><td className="num">{r.seq}</td>{columns.map((c) => <td key={c}>{String(r.record[c] ?? "")}</td>)}</tr>
            ))}
            {rows.length === 0 && <tr><td colSpan={columns.length + 1} className="muted">Waiting for records…</td></tr>}
          </tbody>
        </table>
      </div>
    </section>
  );
}
