/**
 * `npm run bench -- redaction [--rounds 200] [--runs 5]`: records per second through redaction.lua, run
 * by LuaJIT (the engine Fluent Bit embeds) through the test harness, which calls the filter's callback as
 * Fluent Bit does. The records are the sample transcripts and request logs of test/fixtures/transcripts
 * (most carry something to mask), and records with nothing to mask (typical traffic), copied before
 * each call since the filter edits in place. Time is LuaJIT's os.clock (CPU) around the loop only: no process start-up, no JSON. Also a
 * long record (a 32 KiB transcript) to show the cost per byte. Medians of --runs runs are printed.
 */
import {
  benchFilter,
  loadTranscripts,
  requireLuajit,
  type FilterInput,
} from "../test/components/observability/redactionHarness";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const rounds = arg("--rounds", 200);
const runs = arg("--runs", 5);
const KEY = "bench-redaction-key-0123456789abcdef";

requireLuajit();
const samples = loadTranscripts();
const bytes = (records: readonly FilterInput[]) =>
  records.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r.record)), 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function measure(label: string, records: FilterInput[], n: number): void {
  const rates: number[] = [];
  const mbs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { records: count, seconds } = benchFilter(records, n, KEY);
    rates.push(count / seconds);
    mbs.push((bytes(records) * n) / seconds / 2 ** 20);
  }
  const avg = bytes(records) / records.length;
  console.log(
    `${label.padEnd(34)} ${String(records.length * n).padStart(7)} records  ` +
      `${Math.round(median(rates)).toLocaleString("en").padStart(9)} records/s  ` +
      `${median(mbs).toFixed(2).padStart(6)} MiB/s  (${Math.round(avg)} B/record, median of ${runs})`,
  );
}

const long = samples.find((s) => s.id === "chat-email-phone")!;
const text = (long.record.messages as { content: string }[]).map((m) => m.content).join(" ");
const longRecord: FilterInput = {
  ...long,
  record: {
    ...long.record,
    messages: [{ role: "user", content: text.repeat(Math.ceil(32768 / text.length)) }],
  },
};

// Typical traffic: records with nothing to mask (an Istio access log line without personal data in its
// path, and the benign-numbers transcript).
const istio = samples.find((s) => s.id === "istio-access-merged")!;
const benign: FilterInput[] = [
  { ...istio, record: { ...istio.record, path: "/v1/chat/completions" } },
  ...samples.filter((s) => s.masked.length === 0),
];

measure("sample transcripts and request logs", samples, rounds);
measure("records with nothing to mask", benign, rounds * 5);
measure("one 32 KiB transcript", [longRecord], Math.max(1, Math.round(rounds / 10)));
