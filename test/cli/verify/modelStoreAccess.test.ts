import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { lintPolicyDocuments, verifyAccess, type ExportResource } from "../../../cli/verify/iam";
import { modelStoreAccess } from "../../../cli/verify/iam/modelStoreAccess";
import { defaultAccess } from "../../../cli/verify/defaultCases";
import { IAM_GRANTS } from "../../../components/identity/accessControl.iam.logic";
import { KeyRing } from "../../../components/security/keyRing";
import { createModelStore } from "../../../components/supplychain/supplyChain.modelStore";
import { plain, runComponent } from "../../helpers/harness";

// A small export: the model store built by our builder with a real KeyRing, model-management's access
// role with AccessControl's own models.publish grant, one model server role reading `llama/v1/`, and
// inference-only's role (no AWS grant). Then the cases derived from it, evaluated against its policies.

const ACCOUNT = "123456789012";
let resources: ExportResource[];

class Scope extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:supplychain:Scope", name, {}, {});
  }
}

const trust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "pods.eks.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession"],
    },
  ],
});

before(async () => {
  const run = await runComponent(() => {
    const ring = new KeyRing("ring", { stack: "prod", logGroupPrefixes: ["/rampart/prod/"] });
    const scope = new Scope("sc");
    const role = (name: string, accessRole?: string) =>
      new aws.iam.Role(
        name,
        {
          name,
          assumeRolePolicy: trust,
          tags: accessRole ? { "rampart:access-role": accessRole } : {},
        },
        { parent: scope },
      );
    const manager = role("rampart-prod-access-model-management", "model-management");
    new aws.iam.RolePolicy(
      "mm-policy",
      {
        role: manager.name,
        policy: pulumi.output(ring.keyArns.models).apply((modelsKeyArn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: IAM_GRANTS["models.publish"]({
              partition: "aws",
              region: "us-east-1",
              accountId: ACCOUNT,
              clusterName: "rampart-prod",
              logGroupPrefix: "/rampart/prod/",
              modelBucketNamePrefix: "rampart-prod-models-",
              modelsKeyArn: String(modelsKeyArn),
            }),
          }),
        ),
      },
      { parent: scope },
    );
    role("rampart-prod-access-inference-only", "inference-only");
    const server = role("rampart-prod-model-llama");
    // Named so the mocked bucket (`<name>-models-bucket`) has the real name shape `<namePrefix>-models-…`.
    const store = createModelStore(scope, "rampart-prod", {
      namePrefix: "rampart-prod",
      modelsKeyArn: ring.keyArns.models,
      objectLock: { mode: "COMPLIANCE", days: 30 },
      accessLogRetentionDays: 365,
      writerRoleArns: [manager.arn],
    });
    new aws.iam.RolePolicy(
      "llama-policy",
      {
        role: server.name,
        policy: pulumi.all([store.bucketArn, ring.keyArns.models]).apply(([bucketArn, key]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "ReadOwnModel",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:GetObjectVersion"],
                Resource: `${bucketArn}/llama/v1/*`,
              },
              {
                Sid: "ModelsKeyThroughS3",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: key,
                Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
              },
            ],
          }),
        ),
      },
      { parent: scope },
    );
  });
  resources = run.registered.map((r) => ({
    urn: r.urn,
    type: r.type,
    id: r.id,
    inputs: plain(r.inputs),
    outputs: plain(r.outputs),
  }));
});

type Stmt = { Sid: string } & Record<string, unknown>;
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
function withoutStatement(sid: string): ExportResource[] {
  return resources.map((r) => {
    if (r.type !== BUCKET_POLICY || !String(r.inputs.policy).includes("DenyWritesExceptWriters")) return r;
    const doc = JSON.parse(String(r.inputs.policy)) as { Statement: Stmt[] };
    return {
      ...r,
      inputs: {
        ...r.inputs,
        policy: JSON.stringify({ ...doc, Statement: doc.Statement.filter((s) => s.Sid !== sid) }),
      },
    };
  });
}
const failures = (rs: readonly ExportResource[]) =>
  verifyAccess(rs, modelStoreAccess(rs))
    .filter((v) => v.verdict !== v.expect)
    .map((v) => v.id.replace(/^model-store\/[^/]+\//, ""))
    .sort();

describe("model store access cases", () => {
  test("the policies are well-formed, with actions and condition keys AWS knows", () => {
    assert.deepEqual(lintPolicyDocuments(resources), []);
  });

  test("the cases: writer, the model server's own and another prefix, inference-only, the bucket policy alone", () => {
    const ids = modelStoreAccess(resources).map((c) => c.id.replace(/^model-store\/[^/]+\//, ""));
    assert.deepEqual(ids.sort(), [
      "backup/get",
      "backup/put",
      "inference-only/get",
      "inference-only/put",
      "model-management/put-default-encryption",
      "model-management/put-models-key",
      "model-management/put-no-tls",
      "model-management/put-other-key",
      "model-management/put-sse-s3",
      "model-server/llama/delete-own-prefix/llama/v1/",
      "model-server/llama/get-other-prefix",
      "model-server/llama/get-own-prefix/llama/v1/",
      "model-server/llama/kms:Decrypt",
      "model-server/llama/put-own-prefix/llama/v1/",
      "other-account/get",
      "other-account/put",
      "outside-readers/get",
      "outside-writers/bypass-governance",
      "outside-writers/delete-version",
      "outside-writers/put",
      "service/put",
    ]);
    assert.ok(modelStoreAccess(resources).every((c) => /^https:\/\//.test(c.cite)));
  });

  test("every case gets the verdict it expects", () => {
    for (const v of verifyAccess(resources, modelStoreAccess(resources)))
      assert.equal(v.verdict, v.expect, `${v.id}: ${v.reason}`);
  });

  test("the cases catch a loosened bucket policy", () => {
    assert.deepEqual(failures(withoutStatement("DenyWritesExceptWriters")), [
      "backup/put",
      "outside-writers/bypass-governance",
      "outside-writers/delete-version",
      "outside-writers/put",
    ]);
    assert.deepEqual(failures(withoutStatement("DenyReadsExceptWritersModelServersAndBackup")), [
      "outside-readers/get",
    ]);
    assert.deepEqual(failures(withoutStatement("DenyOtherEncryption")), ["model-management/put-sse-s3"]);
    assert.deepEqual(failures(withoutStatement("DenyOtherKmsKey")), ["model-management/put-other-key"]);
    assert.deepEqual(failures(withoutStatement("DenyInsecureTransport")), ["model-management/put-no-tls"]);
  });

  test("rampart verify's default cases include them", () => {
    const ids = defaultAccess(resources).map((c) => c.id);
    assert.ok(ids.some((id) => id.startsWith("model-store/")));
  });

  test("an export without a model bucket adds no case", () => {
    assert.deepEqual(modelStoreAccess(resources.filter((r) => r.type !== "aws:s3/bucket:Bucket")), []);
  });
});
