/**
 * A progress line for people watching a long check on a terminal: written on stderr only when stderr is
 * a TTY (a log or a pipe would collect every redraw), first after `delayMs` so that a quick check prints
 * nothing, then at most every `intervalMs`, and erased before anything else is printed.
 */

export interface ProgressOptions {
  readonly write: (s: string) => void;
  /** Whether the stream is a terminal; nothing is ever written otherwise. */
  readonly isTTY: boolean;
  readonly delayMs?: number;
  readonly intervalMs?: number;
  readonly now?: () => number;
}

export interface Progress {
  update(done: number, total: number): void;
  /** Erases the line, if one was drawn. */
  clear(): void;
}

const ERASE = "\r\u001b[K";

export function progress(opts: ProgressOptions): Progress {
  const now = opts.now ?? Date.now;
  const start = now();
  const delay = opts.delayMs ?? 1000;
  const interval = opts.intervalMs ?? 250;
  let last = -Infinity;
  let drawn = false;
  return {
    update(done, total) {
      if (!opts.isTTY) return;
      const t = now();
      if (t - start < delay || (t - last < interval && done < total)) return;
      last = t;
      drawn = true;
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      opts.write(
        `${ERASE}rampart: checked ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} resources (${pct}%)`,
      );
    },
    clear() {
      if (drawn) opts.write(ERASE);
      drawn = false;
    },
  };
}
