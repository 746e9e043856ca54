/**
 * Waiting for something a source of happenings produces (events on a stream,
 * entries in a session log): each waiter probes again whenever the source
 * says something happened, and settles once its probe finds a value, once the
 * source has ended, or after its timeout.
 */
export class Waiters {
  private readonly checks = new Set<() => void>();

  /** @param ended why nothing more will happen (e.g. "the stream ended"), or undefined while something may */
  constructor(private readonly ended: () => string | undefined = () => undefined) {}

  /** Resolves with the first value `probe` finds (it is probed now and after every {@link wake}). */
  waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string | (() => string)): Promise<T> {
    const describe = typeof what === "string" ? () => what : what;
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const found = probe();
        if (found !== undefined) {
          done();
          resolve(found);
          return;
        }
        const ended = this.ended();
        if (ended !== undefined) {
          done();
          reject(new Error(`${ended} while waiting for ${describe()}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.checks.delete(check);
      };
      this.checks.add(check);
      check();
    });
  }

  /** Something happened (or the source ended): every waiter probes again. */
  wake(): void {
    for (const check of [...this.checks]) check();
  }
}
