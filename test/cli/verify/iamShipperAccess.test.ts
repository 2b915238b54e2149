import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { PROJECT } from "../../../cli/plan";
import { toStackExport } from "../../../cli/export";
import { parseAccessCases, verifyAccess } from "../../../cli/verify/iam";
import { shipperAccess } from "../../../cli/verify/iam/shipperAccess";
import { LogShipper } from "../../../components/observability/logShipper";
import {
  TESTED_FLUENT_BIT_CHART,
  TESTED_FLUENT_BIT_IMAGE_TAG,
} from "../../../components/observability/logShipper.logic";
import { flattenConfig, runComponent, stackConfig } from "../../helpers/harness";

// The shipper's access cases on an export of the shipper built under mocks next to the resources it
// must not touch: a second Firehose stream, the archive bucket and the OpenSearch domain.

async function exportOf() {
  const r = await runComponent(() => {
    const kubeProvider = new k8s.Provider("cluster-k8s", { kubeconfig: "{}" });
    const stream = new aws.kinesis.FirehoseDeliveryStream("siem-shipper-stream", {
      name: "rampart-dev-shipper",
      destination: "opensearch",
    });
    new aws.kinesis.FirehoseDeliveryStream("siem-cwl-stream", {
      name: "rampart-dev-cwl",
      destination: "opensearch",
    });
    new aws.s3.BucketV2("siem-archive", { bucket: "rampart-dev-siem-archive" });
    new aws.opensearch.Domain("siem-domain", { domainName: "rampart-dev-siem" });
    new LogShipper("shipper", {
      kubeProvider,
      clusterName: "rampart-dev",
      chartVersion: TESTED_FLUENT_BIT_CHART,
      imageTag: TESTED_FLUENT_BIT_IMAGE_TAG,
      streamName: stream.name,
      streamArn: stream.arn,
      region: "us-east-1",
      vpcCidrs: ["10.0.0.0/16"],
    });
  });
  const config = flattenConfig(stackConfig("dev"));
  return toStackExport(r.resources, { project: PROJECT, stack: "dev", config }).deployment.resources;
}

describe("shipper access cases", async () => {
  const resources = await exportOf();
  const cases = shipperAccess(resources);
  const verdicts = verifyAccess(resources, cases);

  test("the cases are data in the documented format, each citing its source", () => {
    assert.deepEqual(parseAccessCases(JSON.parse(JSON.stringify(cases))), JSON.parse(JSON.stringify(cases)));
    assert.ok(cases.every((c) => /^https:\/\//.test(c.cite)));
  });

  test("the shipper may PutRecordBatch on its stream, and only that", () => {
    const ids = cases.map((c) => c.id.replace(/^([^/]+)\/[^/]+\//, "$1/"));
    assert.deepEqual(ids.sort(), [
      "shipper-forbidden/bucket/rampart-dev-siem-archive/s3:GetObject",
      "shipper-forbidden/bucket/rampart-dev-siem-archive/s3:PutObject",
      "shipper-forbidden/domain/siem-domain/es:ESHttpGet",
      "shipper-forbidden/domain/siem-domain/es:ESHttpPost",
      "shipper-forbidden/firehose:DeleteDeliveryStream",
      "shipper-forbidden/firehose:PutRecord",
      "shipper-forbidden/firehose:UpdateDestination",
      "shipper-forbidden/stream/rampart-dev-cwl",
      "shipper-trust/other-account",
      "shipper-trust/own-account",
      "shipper/firehose:PutRecordBatch",
    ]);
    const allow = cases.find((c) => c.id.startsWith("shipper/"))!;
    const stream = resources.find((r) => r.urn.endsWith("::siem-shipper-stream"))!;
    assert.equal(allow.resource, stream.outputs.arn, "the stream the pipeline names, by its ARN");
  });

  test("every case gets the expected verdict", () => {
    const failed = verdicts
      .filter((v) => !v.pass)
      .map((v) => `${v.id}: expected ${v.expect}, got ${v.verdict} (${v.reason})`);
    assert.deepEqual(failed, []);
    assert.ok(verdicts.some((v) => v.expect === "allow") && verdicts.some((v) => v.expect === "deny"));
  });

  test("a role widened to every stream fails the forbidden-stream cases", () => {
    const widened = resources.map((r) =>
      r.type === "aws:iam/rolePolicy:RolePolicy" && r.urn.includes("LogShipper")
        ? {
            ...r,
            inputs: {
              ...r.inputs,
              policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: "firehose:*", Resource: "*" }],
              }),
            },
          }
        : r,
    );
    const failed = verifyAccess(widened, shipperAccess(widened))
      .filter((v) => !v.pass)
      .map((v) => v.id.replace(/^([^/]+)\/[^/]+\//, "$1/"))
      .sort();
    assert.deepEqual(failed, [
      "shipper-forbidden/firehose:DeleteDeliveryStream",
      "shipper-forbidden/firehose:PutRecord",
      "shipper-forbidden/firehose:UpdateDestination",
      "shipper-forbidden/stream/rampart-dev-cwl",
    ]);
  });

  test("a trust without the account condition fails the other-account cases", () => {
    const open = resources.map((r) =>
      r.type === "aws:iam/role:Role" && r.urn.includes("LogShipper")
        ? {
            ...r,
            inputs: {
              ...r.inputs,
              assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                  {
                    Effect: "Allow",
                    Principal: { Service: "pods.eks.amazonaws.com" },
                    Action: ["sts:AssumeRole", "sts:TagSession"],
                  },
                ],
              }),
            },
          }
        : r,
    );
    const failed = verifyAccess(open, shipperAccess(open))
      .filter((v) => !v.pass)
      .map((v) => v.id.replace(/^([^/]+)\/[^/]+\//, "$1/"))
      .sort();
    assert.deepEqual(failed, ["shipper-trust/other-account"]);
  });
});
