import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import { LogShipper, type LogShipperArgs } from "../../../components/observability/logShipper";
import {
  TESTED_FLUENT_BIT_CHART,
  TESTED_FLUENT_BIT_IMAGE_TAG,
} from "../../../components/observability/logShipper.logic";
import { isSecret, json, plain, runComponent, type Captured } from "../../helpers/harness";
import { validateKubernetesObjects } from "../../schemas/kubernetesSchemas";

type Args = Omit<LogShipperArgs, "kubeProvider">;
export const SHIPPER_STREAM_ARN =
  "arn:aws:firehose:us-east-1:123456789012:deliverystream/rampart-dev-shipper";
const ARGS: Args = {
  clusterName: "rampart-dev",
  chartVersion: TESTED_FLUENT_BIT_CHART,
  imageTag: TESTED_FLUENT_BIT_IMAGE_TAG,
  imageRepository: "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/fluent",
  streamName: "rampart-dev-shipper",
  streamArn: SHIPPER_STREAM_ARN,
  region: "us-east-1",
  vpcCidrs: ["10.0.0.0/16"],
  tags: { project: "rampart" },
};

async function run(args: Args = ARGS): Promise<Captured> {
  return runComponent(() => {
    const kubeProvider = new k8s.Provider("cluster-k8s", { kubeconfig: "{}" });
    new LogShipper("shipper", { ...args, kubeProvider });
  });
}

const inputs = (r: Captured, name: string) => plain<any>(r.named(name).inputs);

describe("LogShipper under mocks", async () => {
  const r = await run();

  test("exactly these children, each parented to the component", () => {
    const component = r.one("rampart:observability:LogShipper");
    assert.deepEqual(
      r
        .childrenOf(component)
        .map((c) => `${c.type} ${c.name}`)
        .sort(),
      [
        "aws:eks/podIdentityAssociation:PodIdentityAssociation shipper-pod-identity",
        "aws:iam/role:Role shipper-role",
        "aws:iam/rolePolicy:RolePolicy shipper-firehose",
        "kubernetes:core/v1:Namespace shipper-ns",
        "kubernetes:core/v1:Secret shipper-redaction-key-secret",
        "kubernetes:helm.sh/v3:Release shipper-fluent-bit",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy shipper-np-allow-dns",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy shipper-np-allow-egress-api-server",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy shipper-np-allow-egress-firehose-endpoint",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy shipper-np-allow-egress-pod-identity-agent",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy shipper-np-allow-metrics-from-scraper",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy shipper-np-default-deny-all",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy shipper-np-quarantine",
        "random:index/randomBytes:RandomBytes shipper-redaction-key",
      ],
    );
  });

  test("the role: Pod Identity trust from our account, PutRecordBatch on the stream only", () => {
    const trust = json(r.named("shipper-role").inputs.assumeRolePolicy);
    assert.deepEqual(trust.Statement[0].Principal, { Service: "pods.eks.amazonaws.com" });
    assert.deepEqual(trust.Statement[0].Action, ["sts:AssumeRole", "sts:TagSession"]);
    assert.deepEqual(trust.Statement[0].Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
    const policy = json(r.named("shipper-firehose").inputs.policy);
    assert.deepEqual(policy.Statement, [
      {
        Sid: "PutRecordBatchOnItsStream",
        Effect: "Allow",
        Action: ["firehose:PutRecordBatch"],
        Resource: SHIPPER_STREAM_ARN,
      },
    ]);
    assert.equal(inputs(r, "shipper-firehose").role, r.named("shipper-role").id);
    assert.equal(inputs(r, "shipper-role").maxSessionDuration, 3600);
  });

  test("the association binds the role to logging/fluent-bit in the cluster", () => {
    const a = inputs(r, "shipper-pod-identity");
    assert.equal(a.clusterName, "rampart-dev");
    assert.equal(a.namespace, "logging");
    assert.equal(a.serviceAccount, "fluent-bit");
    assert.equal(a.roleArn, "arn:aws:iam::123456789012:role/shipper-role");
  });

  test("the key: 32 random bytes, stored as a secret in the namespace's Secret", () => {
    assert.equal(inputs(r, "shipper-redaction-key").length, 32);
    const secret = r.ofType("kubernetes:core/v1:Secret")[0]!;
    assert.deepEqual(plain<any>(secret.inputs).metadata, {
      name: "fluent-bit-redaction-key",
      namespace: "logging",
    });
    // The Kubernetes SDK marks the whole stringData secret; its value comes from the RandomBytes.
    assert.ok(isSecret(secret.inputs.stringData), "the key stays a Pulumi secret");
    assert.deepEqual(secret.propertyDependencies.stringData, [r.named("shipper-redaction-key").urn]);
  });

  test("the release: the official chart, pinned, in its namespace, values that decide security", () => {
    const rel = inputs(r, "shipper-fluent-bit");
    assert.equal(rel.chart, "fluent-bit");
    assert.equal(rel.version, "0.58.1");
    assert.equal(rel.repositoryOpts.repo, "https://fluent.github.io/helm-charts");
    assert.equal(rel.namespace, "logging");
    assert.equal(rel.name, "fluent-bit");
    assert.equal(rel.atomic, true);
    assert.equal(rel.values.image.repository, `${ARGS.imageRepository}/fluent-bit`);
    assert.equal(rel.values.image.tag, "5.1.1");
    assert.equal(rel.values.securityContext.readOnlyRootFilesystem, true);
    assert.deepEqual(rel.values.securityContext.capabilities, { drop: ["ALL"] });
    assert.deepEqual(rel.values.tolerations, [{ operator: "Exists" }]);
    assert.match(rel.values.config.outputs, /delivery_stream rampart-dev-shipper\n/);
    assert.match(rel.values.config.outputs, /region us-east-1\n/);
    assert.match(rel.values.luaScripts["redaction.lua"], /function rampart_redact\(/);
  });

  test("the release waits for the namespace's policies, the key and the Pod Identity association", () => {
    const deps = r.named("shipper-fluent-bit").dependencies;
    for (const name of [
      "shipper-ns",
      "shipper-pod-identity",
      "shipper-np-default-deny-all",
      "shipper-np-allow-egress-firehose-endpoint",
    ])
      assert.ok(deps.includes(r.named(name).urn), `depends on ${name}`);
    assert.ok(deps.includes(r.ofType("kubernetes:core/v1:Secret")[0]!.urn), "depends on the key Secret");
  });

  test("every Kubernetes object is valid against its schema", async () => {
    const { validated, failures } = await validateKubernetesObjects(r);
    assert.deepEqual(failures, []);
    assert.equal(validated.length, 9);
  });
});

describe("LogShipper arguments", () => {
  test("a caller's key replaces the generated one", async () => {
    const r = await run({ ...ARGS, redactionKey: "caller-provided-key-0123456789abcdef" });
    assert.equal(r.ofType("random:index/randomBytes:RandomBytes").length, 0);
    const secret = r.ofType("kubernetes:core/v1:Secret")[0]!;
    assert.ok(isSecret(secret.inputs.stringData), "the caller's key is made a secret too");
    assert.equal(plain<any>(secret.inputs).stringData.key, "caller-provided-key-0123456789abcdef");
  });

  test("bad arguments fail before any child, naming every problem", async () => {
    await assert.rejects(
      run({ ...ARGS, chartVersion: "latest", vpcCidrs: [], namespace: "default" }),
      (e: Error) =>
        /LogShipper shipper: invalid arguments \(3 problems\)/.test(e.message) &&
        /chartVersion: "latest"/.test(e.message) &&
        /vpcCidrs: \[\]/.test(e.message) &&
        /namespace: "default" is a shared namespace/.test(e.message),
    );
  });
});
