import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel, type ISubscription } from "@microsoft/signalr";
import { apiKey } from "../api/client";
import type { ProgressMessage, StreamSample } from "../api/types";
import { SequenceTracker } from "./SequenceTracker";

export type FeedState = "connecting" | "connected" | "reconnecting";

type Listener = (message: ProgressMessage) => void;

/** A page watching a stream (the hub's WatchStream: a sample a second), subscribed again after each reconnect. */
interface StreamWatch {
  streamId: string;
  onSample: (sample: StreamSample) => void;
  onError?: (message: string) => void;
  subscription: ISubscription<StreamSample> | null;
  stopped: boolean;
}

const hubMessage = (e: Error) => e.message.replace(/^.*HubException: /, "");

/**
 * The page's one connection to the progress hub (/hubs/progress). It reconnects by itself, for as
 * long as the page is open (a restarted server comes back within seconds), and then joins every
 * followed job again after the last sequence it handled, so a job's bar continues without a gap.
 */
export class ProgressFeed {
  private readonly connection: HubConnection;
  private readonly sequences = new SequenceTracker();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly stateListeners = new Set<(state: FeedState) => void>();
  private readonly watches = new Set<StreamWatch>();
  private starting: Promise<void> | null = null;
  private state: FeedState = "connecting";
  /** How many times the connection came back after losing the server (shown on the page, read by the tests). */
  reconnects = 0;

  constructor(url = "/hubs/progress") {
    const key = apiKey();
    this.connection = new HubConnectionBuilder()
      .withUrl(url, key ? { accessTokenFactory: () => key } : {})
      // Never gives up: 0.5 s, 1 s, 2 s, then every 2 s.
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (c) => Math.min(500 * 2 ** c.previousRetryCount, 2000) })
      .configureLogging(LogLevel.Warning)
      .build();
    this.connection.on("progress", (m: ProgressMessage) => {
      if (!this.sequences.accept(m.event.jobId, m.sequence)) return;
      this.listeners.get(m.event.jobId)?.forEach((l) => l(m));
    });
    this.connection.onreconnecting(() => this.setState("reconnecting"));
    this.connection.onreconnected(async () => {
      this.reconnects++;
      await this.joinAll();
      this.setState("connected");
    });
    // Automatic reconnection ends only if the first attempts all fail (say, the server stayed down):
    // then start over, again and again, and join as after a reconnect.
    this.connection.onclose(() => {
      this.setState("reconnecting");
      setTimeout(() => void this.restart(), 2000);
    });
  }

  get current(): FeedState {
    return this.state;
  }

  onState(listener: (state: FeedState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  lastSequence(jobId: string): number | undefined {
    return this.sequences.lastOf(jobId);
  }

  /** Follows a job's progress: every event from the first, then the live ones. Returns the way to stop. */
  follow(jobId: string, listener: Listener, onError?: (message: string) => void): () => void {
    let set = this.listeners.get(jobId);
    if (!set) this.listeners.set(jobId, (set = new Set()));
    set.add(listener);
    this.sequences.follow(jobId);
    this.ensureStarted().then(
      () => this.join(jobId).catch((e: Error) => onError?.(hubMessage(e))),
      // The server did not answer (say, it is restarting): keep trying; the job is joined once it does.
      () => {
        this.setState("reconnecting");
        setTimeout(() => void this.restart(), 2000);
      },
    );
    return () => {
      set!.delete(listener);
      if (set!.size > 0) return;
      this.listeners.delete(jobId);
      this.sequences.forget(jobId);
      if (this.connection.state === HubConnectionState.Connected) void this.connection.invoke("Leave", jobId).catch(() => {});
    };
  }

  /** Watches a stream: a sample (rate, made, sinks, last rows) now and every second. Returns the way to stop. */
  watchStream(streamId: string, onSample: (sample: StreamSample) => void, onError?: (message: string) => void): () => void {
    const watch: StreamWatch = { streamId, onSample, onError, subscription: null, stopped: false };
    this.watches.add(watch);
    this.ensureStarted().then(
      () => this.subscribe(watch),
      () => {
        this.setState("reconnecting");
        setTimeout(() => void this.restart(), 2000);
      },
    );
    return () => {
      watch.stopped = true;
      watch.subscription?.dispose();
      this.watches.delete(watch);
    };
  }

  private subscribe(watch: StreamWatch): void {
    if (watch.stopped || this.connection.state !== HubConnectionState.Connected) return;
    watch.subscription = this.connection.stream<StreamSample>("WatchStream", watch.streamId).subscribe({
      next: (sample) => watch.onSample(sample),
      // A lost connection ends the stream too; that one is subscribed again on reconnecting. Anything else is the server's answer.
      error: (e) => {
        if (this.connection.state === HubConnectionState.Connected) watch.onError?.(hubMessage(e));
      },
      complete: () => {},
    });
  }

  private ensureStarted(): Promise<void> {
    if (this.connection.state === HubConnectionState.Connected) return Promise.resolve();
    this.starting ??= this.connection.start().then(
      () => {
        this.starting = null;
        this.setState("connected");
      },
      (e) => {
        this.starting = null;
        throw e;
      },
    );
    return this.starting;
  }

  private async restart(): Promise<void> {
    if (this.connection.state !== HubConnectionState.Disconnected) return;
    try {
      await this.ensureStarted();
      this.reconnects++;
      await this.joinAll();
    } catch {
      setTimeout(() => void this.restart(), 2000);
    }
  }

  private async join(jobId: string): Promise<void> {
    const after = this.sequences.lastOf(jobId);
    if (after === undefined || this.connection.state !== HubConnectionState.Connected) return;
    await this.connection.invoke("Join", jobId, after);
  }

  private async joinAll(): Promise<void> {
    this.watches.forEach((w) => this.subscribe(w));
    await Promise.all(this.sequences.joins().map(([jobId]) => this.join(jobId).catch(() => {})));
  }

  private setState(state: FeedState): void {
    this.state = state;
    this.stateListeners.forEach((l) => l(state));
  }
}

let feed: ProgressFeed | null = null;

/** The page's one feed, made on first use (after the API key is known). */
export function progressFeed(): ProgressFeed {
  return (feed ??= new ProgressFeed());
}
