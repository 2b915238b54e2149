import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { run } from "../../../components/observability/bootstrap/index";
import { sign } from "../../../components/observability/bootstrap/sigv4";
import {
  ALLOWED_PATH,
  bootstrapRequests,
  eventHash,
} from "../../../components/observability/siemPipeline.bootstrap.logic";

/**
 * The bootstrap offline: SigV4 against AWS's published signing test suite, the exact requests, and the
 * handler driven through a recording transport (ISM create vs update, refusal of other paths, failure on
 * an error answer).
 */

const SUITE = {
  host: "example.amazonaws.com",
  path: "/",
  region: "us-east-1",
  service: "service",
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  now: new Date(Date.UTC(2015, 7, 30, 12, 36, 0)),
};

describe("SigV4 (aws-sig-v4-test-suite vectors)", () => {
  test("get-vanilla", () => {
    const s = sign({ ...SUITE, method: "GET" });
    assert.equal(s.signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    assert.equal(
      s.headers.authorization,
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    );
  });
  test("post-vanilla", () =>
    assert.equal(
      sign({ ...SUITE, method: "POST" }).signature,
      "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
    ));
  test("get-vanilla-query-order-key-case", () =>
    assert.equal(
      sign({ ...SUITE, method: "GET", query: { Param2: "value2", Param1: "value1" } }).signature,
      "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
    ));
  test("a session token is signed", () => {
    const s = sign({ ...SUITE, method: "GET", sessionToken: "TOKEN" });
    assert.equal(s.headers["x-amz-security-token"], "TOKEN");
    assert.match(s.headers.authorization!, /SignedHeaders=host;x-amz-date;x-amz-security-token,/);
  });
});

const FIREHOSE = "arn:aws:iam::123456789012:role/rampart-dev-siem-firehose";

describe("bootstrap requests", () => {
  test("Firehose's role is mapped to a writer limited to the log indices; readers read only", () => {
    const reqs = bootstrapRequests({
      firehoseRoleArn: FIREHOSE,
      retentionDays: 30,
      readerGroup: "siem-readers",
    });
    assert.deepEqual(
      reqs.map((r) => `${r.kind} ${r.path}`),
      [
        "put _plugins/_security/api/roles/rampart_log_writer",
        "put _plugins/_security/api/rolesmapping/rampart_log_writer",
        "put _plugins/_security/api/roles/rampart_log_reader",
        "put _plugins/_security/api/rolesmapping/rampart_log_reader",
        "put _plugins/_security/api/audit/config",
        "put _index_template/rampart-logs",
        "ism-policy _plugins/_ism/policies/rampart-log-retention",
      ],
    );
    const writer = reqs[0]!.body as any;
    assert.deepEqual(writer.index_permissions[0].index_patterns, [
      "rampart-shipper-*",
      "rampart-cloudwatch-*",
    ]);
    assert.ok(!JSON.stringify(writer).includes('"*"'), "no wildcard index or action");
    assert.deepEqual((reqs[1]!.body as any).backend_roles, [FIREHOSE]);
    assert.deepEqual((reqs[2]!.body as any).index_permissions[0].allowed_actions, ["read"]);
    assert.deepEqual((reqs[3]!.body as any).backend_roles, ["siem-readers"]);
    // No request touches all_access: the master user's own mapping stays as AWS made it.
    assert.ok(reqs.every((r) => !r.path.includes("all_access")));
  });

  test("ISM deletes indices after the retention window and attaches itself to new log indices", () => {
    const ism = bootstrapRequests({ firehoseRoleArn: FIREHOSE, retentionDays: 45 }).at(-1)!.body as any;
    assert.deepEqual(ism.policy.states[0].transitions, [
      { state_name: "delete", conditions: { min_index_age: "45d" } },
    ]);
    assert.deepEqual(ism.policy.states[1].actions, [{ delete: {} }]);
    assert.deepEqual(ism.policy.ism_template, [
      { index_patterns: ["rampart-shipper-*", "rampart-cloudwatch-*"], priority: 100 },
    ]);
  });

  test("a change of any request changes the invocation's hash", () => {
    const a = {
      endpoint: "e",
      region: "us-east-1",
      requests: bootstrapRequests({ firehoseRoleArn: FIREHOSE, retentionDays: 30 }),
    };
    const b = { ...a, requests: bootstrapRequests({ firehoseRoleArn: FIREHOSE, retentionDays: 31 }) };
    assert.notEqual(eventHash(a), eventHash(b));
    assert.equal(eventHash(a), eventHash(JSON.parse(JSON.stringify(a))));
  });

  test("the handler's allow-list is the logic's", async () => {
    const { ALLOWED_PATH: handlerPaths } = await import("../../../components/observability/bootstrap/index");
    assert.equal(handlerPaths.source, ALLOWED_PATH.source);
  });
});

describe("bootstrap handler", () => {
  const env = { AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "SECRET", AWS_SESSION_TOKEN: "TOKEN" };
  const event = (retentionDays = 30) => ({
    endpoint: "vpc-x.us-east-1.es.amazonaws.com",
    region: "us-east-1",
    requests: bootstrapRequests({ firehoseRoleArn: FIREHOSE, retentionDays }),
  });

  test("signs every call for es, creates the ISM policy when absent", async () => {
    const calls: string[] = [];
    const result = await run(event(), env, (o) => {
      assert.match(
        o.headers.authorization!,
        /^AWS4-HMAC-SHA256 Credential=AKID\/\d{8}\/us-east-1\/es\/aws4_request/,
      );
      calls.push(`${o.method} ${o.path}`);
      return Promise.resolve(o.method === "GET" ? { status: 404, body: "{}" } : { status: 200, body: "{}" });
    });
    assert.equal(result.done.length, 5);
    assert.deepEqual(calls.slice(-2), [
      "GET /_plugins/_ism/policies/rampart-log-retention",
      "PUT /_plugins/_ism/policies/rampart-log-retention",
    ]);
  });

  test("updates an existing ISM policy with its sequence numbers", async () => {
    const calls: string[] = [];
    await run(event(), env, (o) => {
      calls.push(`${o.method} ${o.path}`);
      return Promise.resolve(
        o.method === "GET"
          ? { status: 200, body: JSON.stringify({ _seq_no: 7, _primary_term: 2 }) }
          : { status: 200, body: "{}" },
      );
    });
    assert.equal(
      calls.at(-1),
      "PUT /_plugins/_ism/policies/rampart-log-retention?if_seq_no=7&if_primary_term=2",
    );
  });

  test("fails on an error answer and refuses paths outside the allow-list", async () => {
    await assert.rejects(
      run(event(), env, () => Promise.resolve({ status: 403, body: "no permissions" })),
      /PUT _plugins\/_security\/api\/roles\/rampart_log_writer: 403 no permissions/,
    );
    await assert.rejects(
      run(
        {
          ...event(),
          requests: [{ kind: "put", path: "_plugins/_security/api/rolesmapping/all_access/../x", body: {} }],
        },
        env,
        () => Promise.resolve({ status: 200, body: "" }),
      ),
      /refused path/,
    );
  });
});
