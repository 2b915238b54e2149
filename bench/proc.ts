import * as fs from "node:fs";

/**
 * Memory of a command and the processes it starts (its pack processes), read from /proc: no `ps` spawned
 * ten times a second on a 2-core machine.
 */

/** VmRSS and VmHWM (peak) of a process, in kB; zeros once it is gone. */
function memKb(pid: number): { rss: number; hwm: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    return { rss: rss ? Number(rss[1]) : 0, hwm: hwm ? Number(hwm[1]) : 0 };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

/** A process's children (those its main thread started, as node's child_process does). */
function childrenOf(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .split(" ")
      .map(Number)
      .filter((x) => x > 0);
  } catch {
    return [];
  }
}

export interface TreeMemory {
  /** The children's own peaks (VmHWM), added up, in MB. */
  readonly childrenMb: number;
  /** The largest sum of the command's and its children's resident sizes seen at one moment, in MB. */
  readonly togetherMb: number;
}

/** Samples `pid` and its children every `everyMs` until `stop()`. */
export function watchMemory(pid: number, everyMs = 50): { stop(): TreeMemory } {
  if (!fs.existsSync(`/proc/${process.pid}/task/${process.pid}/children`)) {
    // Without it every pack would read as 0 MB: refuse rather than print a wrong figure.
    throw new Error(
      "this kernel has no /proc/<pid>/task/<tid>/children (CONFIG_PROC_CHILDREN): cannot see the packs",
    );
  }
  const hwm = new Map<number, number>();
  let together = 0;
  const timer = setInterval(() => {
    let sum = memKb(pid).rss;
    for (const child of childrenOf(pid)) {
      const m = memKb(child);
      hwm.set(child, Math.max(hwm.get(child) ?? 0, m.hwm));
      sum += m.rss;
    }
    together = Math.max(together, sum);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return {
        childrenMb: [...hwm.values()].reduce((a, b) => a + b, 0) / 1024,
        togetherMb: together / 1024,
      };
    },
  };
}
