// The shapes the dashboard reads, as the OpenAPI document (/openapi/v1.json) describes them
// (camelCase, enums as strings). Only the fields the pages use.

export type JobStatus = "Queued" | "Running" | "Succeeded" | "Failed" | "Cancelled";

export const finalStatuses: readonly JobStatus[] = ["Succeeded", "Failed", "Cancelled"];

export interface JobProgress {
  rowsDone: number;
  rowsTotal: number;
  rowsPerSecond: number;
  etaSeconds: number | null;
  shardsQueued: number;
  shardsRunning: number;
  shardsDone: number;
  shardsFailed: number;
  stage?: string | null;
  stageFraction?: number | null;
  message?: string | null;
}

export interface JobFile {
  fileName: string;
  contentType: string;
  length: number;
}

export interface JobInfo {
  id: string;
  status: JobStatus;
  spec: { name?: string | null; rows: number; format: string; seed: number; kind?: string; requiredTags: string[]; owner?: string | null };
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: JobProgress;
  error: string | null;
  files: JobFile[];
}

export interface JobListing {
  id: string;
  status: JobStatus;
  name: string | null;
  format: string;
  rows: number;
  owner: string | null;
  createdAt: string;
  finishedAt: string | null;
  kind: string;
}

export interface JobPage {
  jobs: JobListing[];
  next: string | null;
}

export interface JobProgressEvent {
  jobId: string;
  status: JobStatus;
  progress: JobProgress;
  error: string | null;
  at: string;
}

export interface ProgressMessage {
  sequence: number;
  event: JobProgressEvent;
}

export interface SchemaProblem {
  path: string;
  message: string;
}

export interface SchemaValidation {
  valid: boolean;
  problems: SchemaProblem[];
}

export type ColumnKind = "Categorical" | "Integer" | "Continuous" | "Datetime" | "Identifier" | "Text";

export const columnKinds: readonly ColumnKind[] = ["Categorical", "Integer", "Continuous", "Datetime", "Identifier", "Text"];

export interface DatasetInfo {
  id: string;
  name: string;
  owner: string | null;
  createdAt: string;
  rows: number;
  columns: string[];
  bytes: number;
  domainConfirmed: boolean;
}

export interface ColumnProfile {
  name: string;
  kind: ColumnKind;
  missing: number;
  distinct: number;
  topValues: { value: string; count: number }[];
  min: string | null;
  max: string | null;
  suggestedBins: number | null;
  /** Numbers and dates: counts in `suggestedBins` equal-width bins from min to max. */
  histogram?: number[] | null;
}

export interface DatasetProfile {
  rows: number;
  columns: ColumnProfile[];
}

export interface ColumnDomain {
  name: string;
  kind: ColumnKind;
  categories?: string[] | null;
  other?: boolean;
  min?: string | null;
  max?: string | null;
  bins?: number | null;
  missing?: boolean;
  form?: unknown;
}

export interface DomainSpec {
  columns: ColumnDomain[];
  derivation?: unknown;
}

export interface LedgerEntry {
  id: string;
  kind: string;
  at: string;
  who: string;
  mechanism: string;
  rho: number;
  epsilonEquivalent: number;
  jobId: string | null;
  reason: string | null;
}

export interface DatasetBudget {
  epsilon: number;
  delta: number;
  rho: number;
  spentRho: number;
  remainingRho: number;
  spentEpsilon: number;
  remainingEpsilon: number;
  ledger: LedgerEntry[];
}

export interface ModelInfo {
  id: string;
  datasetId: string;
  method: string;
  private: boolean;
  epsilon: number | null;
  fitJobId: string;
  status: "Fitting" | "Ready" | "Failed" | "Cancelled";
  error: string | null;
  createdAt: string;
  hasEvaluation: boolean;
  evaluationError: string | null;
  trainRows: number | null;
  holdoutRows: number | null;
}

export interface EvaluationReport {
  trainRows: number;
  holdoutRows: number;
  syntheticRows: number;
  marginals: { meanOneWay: number; maxOneWay: number; meanTwoWay: number; maxTwoWay: number; oneWayCount: number; twoWayCount: number };
  worstPairs: { a: string; b: string; distance: number }[];
  associations: { meanAbsoluteDifference: number; maxAbsoluteDifference: number; worstPairs: { a: string; b: string; measure: string; real: number; synthetic: number }[] };
  utility: {
    target: string;
    majorityAccuracy: number;
    real: { accuracy: number; macroF1: number };
    synthetic: { accuracy: number; macroF1: number };
  } | null;
  privacyRisk: {
    syntheticRowsCompared: number;
    medianDistanceToTrain: number;
    medianDistanceToHoldout: number | null;
    shareCloserToTrain: number | null;
    shareCloserToHoldout: number | null;
    shareTied: number | null;
    exactMatchRate: number;
    holdoutExactMatchRate: number | null;
  };
  /** Each column's marginal, real (train) vs synthetic: shares per code, in the domain's order. */
  columns?: { name: string; real: number[]; synthetic: number[]; distance: number }[] | null;
  /** Every pair's 2-way TV distance. */
  pairs?: { a: string; b: string; distance: number }[] | null;
}

export type StreamStatus = "Running" | "Paused" | "Degraded" | "Stopped";

export interface StreamInfo {
  id: string;
  status: StreamStatus;
  spec: { name?: string | null; rate: number | null; format: string; driftPlanText: string | null; batchSize: number; limit: number | null };
  rate: number | null;
  emitted: number;
  made: number;
  behind: number;
  latenessP99Ms: number | null;
  createdAt: string;
  stoppedAt: string | null;
  error: string | null;
  files: { key: string; first: number; count: number; bytes: number }[];
  /** Each sink's health and checkpoint. */
  sinks?: SinkHealth[] | null;
  /** Drift plans that took over after the spec's (PATCH), from a record on. */
  planChanges?: { from: number; planText: string | null }[] | null;
}

export interface SinkHealth {
  name: string;
  kind: string;
  acked: number;
  delivered: number;
  /** Deliveries that failed in a row (0: healthy); from 3 on the stream is degraded. */
  failures: number;
  error: string | null;
  errorAt: string | null;
}

/** One second of a stream, from the hub's WatchStream. */
export interface StreamSample {
  id: string;
  status: StreamStatus;
  rate: number | null;
  /** Records made per second since the previous sample (null in the first). */
  recordsPerSecond: number | null;
  made: number;
  emitted: number;
  behind: number;
  latenessP99Ms: number | null;
  error: string | null;
  sinks: SinkHealth[];
  /** The last records made (up to five), each as its JSON. */
  rows: string[];
  at: string;
}

export interface SiloView {
  id: string;
  name: string;
  address: string;
  tags: string[];
  status: string;
  startedAt: string;
  heartbeatAt: string;
  activations: number;
}

export interface ServerStatus {
  service: string;
  version: string;
  mode: string;
  startedAt: string;
  uptimeSeconds: number;
  silos: SiloView[];
}
