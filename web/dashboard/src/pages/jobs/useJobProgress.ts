import { useEffect, useState } from "react";
import { getJson } from "../../api/client";
import type { JobInfo, JobProgressEvent } from "../../api/types";
import { finalStatuses } from "../../api/types";
import { progressFeed, type FeedState } from "../../live/ProgressFeed";

export interface RatePoint {
  at: number;
  /** null: the connection was lost here. */
  rowsPerSecond: number | null;
}

export interface JobLive {
  job: JobInfo | undefined;
  latest: JobProgressEvent | undefined;
  rates: RatePoint[];
  lastSequence: number;
  /** Sequences in the order they arrived: the tests read that they only ever increase across a reconnect. */
  sequences: number[];
  feedState: FeedState;
  reconnects: number;
  error: unknown;
  hubError: string | null;
}

/** A job as the REST API gives it, then live over the progress hub (and once more when it ends, for its files). */
export function useJobProgress(jobId: string): JobLive {
  const [job, setJob] = useState<JobInfo>();
  const [latest, setLatest] = useState<JobProgressEvent>();
  const [rates, setRates] = useState<RatePoint[]>([]);
  const [sequences, setSequences] = useState<number[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [hubError, setHubError] = useState<string | null>(null);
  const feed = progressFeed();
  const [feedState, setFeedState] = useState<FeedState>(feed.current);
  const [reconnects, setReconnects] = useState(feed.reconnects);

  useEffect(() => {
    setJob(undefined);
    setLatest(undefined);
    setRates([]);
    setSequences([]);
    getJson<JobInfo>(`/jobs/${jobId}`).then(setJob, setError);
    const stopState = feed.onState((s) => {
      setFeedState(s);
      setReconnects(feed.reconnects);
      // A break in the rows/s line while the server is away (the chart draws no line across it).
      if (s === "reconnecting") setRates((r) => (r.length && r[r.length - 1].rowsPerSecond !== null ? [...r, { at: Date.now(), rowsPerSecond: null }] : r));
    });
    const stop = feed.follow(
      jobId,
      (m) => {
        setLatest(m.event);
        setSequences((s) => [...s, m.sequence]);
        setRates((r) => [...r.slice(-599), { at: Date.parse(m.event.at), rowsPerSecond: m.event.progress.rowsPerSecond }]);
        if (finalStatuses.includes(m.event.status)) getJson<JobInfo>(`/jobs/${jobId}`).then(setJob, setError);
      },
      setHubError,
    );
    return () => {
      stop();
      stopState();
    };
  }, [jobId, feed]);

  return { job, latest, rates, lastSequence: sequences.at(-1) ?? 0, sequences, feedState, reconnects, error, hubError };
}
