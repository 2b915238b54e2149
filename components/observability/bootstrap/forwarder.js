"use strict";
// The SIEM's CloudWatch Logs forwarder (Lambda, Node.js 22, CommonJS). CloudWatch Logs delivers a
// subscription as one gzip batch of many events; Firehose cannot deliver such batches to an OpenSearch
// destination ("OpenSearch Service cannot accept multiple log events in one record"), so this function
// splits each batch into one Firehose record per event (one OpenSearch document each) and puts them into
// the `cloudwatch` stream, which indexes them, retries and backs failures up to the archive.
// @see https://docs.aws.amazon.com/firehose/latest/dev/writing-with-cloudwatch-logs.html
// @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#LambdaFunctionExample
// The Firehose client is the AWS SDK for JavaScript v3 the Node.js runtimes include.
// @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html
const { gunzipSync } = require("node:zlib");

/** PutRecordBatch limits: 500 records and 4 MiB per call, 1,000 KiB per record. */
const MAX_RECORDS = 500;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;
const MAX_RECORD_BYTES = 1000 * 1024;
/** Room for the document's other fields when a message must be cut. */
const MAX_MESSAGE_BYTES = MAX_RECORD_BYTES - 4096;

/** The subscription payload: base64 of gzip of JSON. */
function decode(data) {
  return JSON.parse(gunzipSync(Buffer.from(data, "base64")).toString("utf8"));
}

/** One OpenSearch document per log event, as Firehose record data. CONTROL_MESSAGE batches carry none. */
function toDocuments(payload) {
  if (payload.messageType !== "DATA_MESSAGE") return [];
  return payload.logEvents.map((e) => {
    let message = String(e.message);
    let truncated = false;
    if (Buffer.byteLength(message, "utf8") > MAX_MESSAGE_BYTES) {
      message = Buffer.from(message, "utf8").subarray(0, MAX_MESSAGE_BYTES).toString("utf8");
      truncated = true;
    }
    return JSON.stringify({
      "@timestamp": new Date(e.timestamp).toISOString(),
      message,
      ...(truncated ? { truncated: true } : {}),
      log_group: payload.logGroup,
      log_stream: payload.logStream,
      account: payload.owner,
      event_id: e.id,
    });
  });
}

/** Splits documents into PutRecordBatch calls within the service's limits. */
function batches(documents) {
  const out = [];
  let current = [];
  let bytes = 0;
  for (const d of documents) {
    const size = Buffer.byteLength(d, "utf8");
    if (current.length === MAX_RECORDS || (current.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(d);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Puts every document, retrying the records Firehose reports as failed (throttling) up to `attempts`
 * times; throws when some still fail, so Lambda retries the invocation (CloudWatch Logs invokes
 * asynchronously).
 * @param {(records: string[]) => Promise<{FailedPutCount?: number, RequestResponses: {ErrorCode?: string}[]}>} put
 */
async function forward(payload, put, attempts = 3) {
  let sent = 0;
  for (const batch of batches(toDocuments(payload))) {
    let pending = batch;
    for (let i = 0; i < attempts && pending.length > 0; i++) {
      const res = await put(pending);
      pending = res.FailedPutCount ? pending.filter((_, j) => res.RequestResponses[j]?.ErrorCode) : [];
    }
    if (pending.length > 0) throw new Error(`${pending.length} records of ${payload.logGroup} not accepted`);
    sent += batch.length;
  }
  return { sent };
}

let client;
function firehosePut(records) {
  // Loaded on first use: tests exercise everything above without the SDK.
  // eslint-disable-next-line
  const { FirehoseClient, PutRecordBatchCommand } = require("@aws-sdk/client-firehose");
  client ??= new FirehoseClient({});
  return client.send(
    new PutRecordBatchCommand({
      DeliveryStreamName: process.env.STREAM_NAME,
      Records: records.map((r) => ({ Data: Buffer.from(r, "utf8") })),
    }),
  );
}

exports.handler = async (event) => forward(decode(event.awslogs.data), firehosePut);
exports.decode = decode;
exports.toDocuments = toDocuments;
exports.batches = batches;
exports.forward = forward;
exports.LIMITS = { MAX_RECORDS, MAX_BATCH_BYTES, MAX_RECORD_BYTES };
