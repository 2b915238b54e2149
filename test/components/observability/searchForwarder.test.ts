import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { describe, test } from "node:test";
import {
  batches,
  decode,
  forward,
  LIMITS,
  toDocuments,
  type SubscriptionPayload,
} from "../../../components/observability/bootstrap/forwarder";

/**
 * The forwarder offline: a CloudWatch Logs subscription payload (base64 of gzip of JSON, as CloudWatch
 * Logs sends it) becomes one OpenSearch document per event, in PutRecordBatch calls within Firehose's
 * limits, with throttled records retried and a persistent failure thrown (so Lambda retries).
 */

const PAYLOAD: SubscriptionPayload = {
  messageType: "DATA_MESSAGE",
  owner: "123456789012",
  logGroup: "/aws/eks/rampart-prod/cluster",
  logStream: "kube-apiserver-audit-0123",
  subscriptionFilters: ["rampart-prod-siem"],
  logEvents: [
    { id: "1", timestamp: Date.UTC(2026, 11, 2, 3, 0, 0), message: '{"kind":"Event","verb":"create"}' },
    { id: "2", timestamp: Date.UTC(2026, 11, 2, 3, 0, 1), message: "plain text line" },
  ],
};
const encoded = (p: unknown) => gzipSync(Buffer.from(JSON.stringify(p))).toString("base64");

describe("forwarder", () => {
  test("decodes CloudWatch Logs' base64 gzip payload", () => {
    assert.deepEqual(decode(encoded(PAYLOAD)), PAYLOAD);
  });

  test("one document per event, with its group, stream and account; control messages carry none", () => {
    const docs = toDocuments(PAYLOAD).map((d) => JSON.parse(d));
    assert.deepEqual(docs, [
      {
        "@timestamp": "2026-12-02T03:00:00.000Z",
        message: '{"kind":"Event","verb":"create"}',
        log_group: "/aws/eks/rampart-prod/cluster",
        log_stream: "kube-apiserver-audit-0123",
        account: "123456789012",
        event_id: "1",
      },
      {
        "@timestamp": "2026-12-02T03:00:01.000Z",
        message: "plain text line",
        log_group: "/aws/eks/rampart-prod/cluster",
        log_stream: "kube-apiserver-audit-0123",
        account: "123456789012",
        event_id: "2",
      },
    ]);
    assert.deepEqual(toDocuments({ ...PAYLOAD, messageType: "CONTROL_MESSAGE" }), []);
  });

  test("an oversized message is cut below Firehose's record limit and marked", () => {
    const big = { ...PAYLOAD, logEvents: [{ id: "3", timestamp: 0, message: "x".repeat(2 * 1024 * 1024) }] };
    const [doc] = toDocuments(big);
    assert.ok(Buffer.byteLength(doc!) <= LIMITS.MAX_RECORD_BYTES);
    assert.equal(JSON.parse(doc!).truncated, true);
  });

  test("batches stay within 500 records and 4 MiB", () => {
    const many = Array.from({ length: 1201 }, (_, i) => `{"n":${i}}`);
    assert.deepEqual(
      batches(many).map((b) => b.length),
      [500, 500, 201],
    );
    const large = Array.from({ length: 10 }, () => "y".repeat(900 * 1024));
    const sized = batches(large);
    assert.ok(sized.every((b) => b.reduce((n, d) => n + Buffer.byteLength(d), 0) <= LIMITS.MAX_BATCH_BYTES));
    assert.equal(sized.flat().length, 10);
  });

  test("retries only the records Firehose refused, and fails when they keep failing", async () => {
    const calls: number[] = [];
    const result = await forward(PAYLOAD, (records) => {
      calls.push(records.length);
      return Promise.resolve(
        calls.length === 1
          ? { FailedPutCount: 1, RequestResponses: [{}, { ErrorCode: "ServiceUnavailableException" }] }
          : { FailedPutCount: 0, RequestResponses: records.map(() => ({})) },
      );
    });
    assert.deepEqual(calls, [2, 1]);
    assert.deepEqual(result, { sent: 2 });
    await assert.rejects(
      forward(PAYLOAD, (records) =>
        Promise.resolve({
          FailedPutCount: records.length,
          RequestResponses: records.map(() => ({ ErrorCode: "ServiceUnavailableException" })),
        }),
      ),
      /2 records of \/aws\/eks\/rampart-prod\/cluster not accepted/,
    );
  });
});
