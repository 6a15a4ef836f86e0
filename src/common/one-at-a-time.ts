/**
 * Runs work one piece after another, in the order it was handed in: each piece starts once the one
 * before has settled, and a failure does not stop the pieces after it.
 */
export class OneAtATime {
  private last: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** Whether a piece is running or waiting its turn. */
  get busy(): boolean {
    return this.pending > 0;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    this.pending++;
    const next = this.last.then(work).finally(() => this.pending--);
    this.last = next.catch(() => undefined);
    return next;
  }
}
