// Per job, the last progress sequence this page has handled. The hub sends each event after the
// sequence a client joins with, in order; after a reconnect the page joins again with what it has
// here, so the bar goes on from where it was, and anything older (a replay racing the re-join) is dropped.

export class SequenceTracker {
  private readonly last = new Map<string, number>();

  /** Starts following a job from the first event (or from a sequence already seen). */
  follow(jobId: string, after = 0): void {
    if (!this.last.has(jobId)) this.last.set(jobId, after);
  }

  forget(jobId: string): void {
    this.last.delete(jobId);
  }

  /** Whether an event is new for a followed job; if so it becomes the last one seen. */
  accept(jobId: string, sequence: number): boolean {
    const last = this.last.get(jobId);
    if (last === undefined || sequence <= last) return false;
    this.last.set(jobId, sequence);
    return true;
  }

  /** What to join again with after a reconnect: each followed job and its last sequence. */
  joins(): [string, number][] {
    return [...this.last.entries()];
  }

  lastOf(jobId: string): number | undefined {
    return this.last.get(jobId);
  }
}
