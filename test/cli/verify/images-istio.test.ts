import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { verifyImages, type ExportResource, type ImageVerdict } from "../../../cli/verify/images";
import { SECRET_SIG, SIG_KEY } from "../../../cli/sdk/pulumiInternals";

/** Istio's charts on a small export: one VPC in us-east-1 of 123456789012, a node group, the ECR endpoints. */
const ACCT = "123456789012";
const ECR = `${ACCT}.dkr.ecr.us-east-1.amazonaws.com`;
const ISTIO_REPO = "https://istio-release.storage.googleapis.com/charts";

const res = (
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  extra: Partial<ExportResource> = {},
) => ({
  urn: `urn:pulumi:test::img::${type}::${name}`,
  type,
  id: `${name}-id`,
  inputs,
  ...extra,
});
const endpoint = (service: string, type = "Interface") =>
  res("aws:ec2/vpcEndpoint:VpcEndpoint", `${service}-endpoint`, {
    vpcId: "vpc-id",
    serviceName: `com.amazonaws.us-east-1.${service}`,
    vpcEndpointType: type,
    ...(type === "Interface" ? { privateDnsEnabled: true } : {}),
  });

function exportWith(extra: ExportResource[]): ExportResource[] {
  return [
    {
      urn: "urn:pulumi:test::img::pulumi:providers:aws::default",
      type: "pulumi:providers:aws",
      inputs: { region: "us-east-1" },
    },
    res(
      "aws:ec2/vpc:Vpc",
      "vpc",
      { cidrBlock: "10.0.0.0/16" },
      { outputs: { arn: `arn:aws:ec2:us-east-1:${ACCT}:vpc/vpc-id` } },
    ),
    res("aws:ec2/subnet:Subnet", "nodes", { vpcId: "vpc-id", cidrBlock: "10.0.1.0/24" }),
    res("aws:eks/nodeGroup:NodeGroup", "ng", { subnetIds: ["nodes-id"] }),
    endpoint("ecr.api"),
    endpoint("ecr.dkr"),
    endpoint("s3", "Gateway"),
    ...extra,
  ];
}

const istio = (chart: string, values: unknown, version: string | null = "1.30.3", repo = ISTIO_REPO) =>
  res("kubernetes:helm.sh/v3:Release", `istio-${chart}`, {
    chart,
    ...(version ? { version } : {}),
    repositoryOpts: { repo },
    values,
  });
const summary = (vs: ImageVerdict[]) => vs.map((v) => `${v.path} ${v.image} ${v.verdict}`);

describe("Istio's charts", () => {
  test("istiod from a mirror: pilot and the injected proxyv2, both from global.hub/global.tag, pullable through ECR", () => {
    const vs = verifyImages(
      exportWith([istio("istiod", { global: { hub: `${ECR}/istio`, tag: "1.30.3" } })]),
    );
    assert.deepEqual(summary(vs), [
      `values.image ${ECR}/istio/pilot:1.30.3 allow`,
      `values.global.proxy.image ${ECR}/istio/proxyv2:1.30.3 allow`,
    ]);
  });

  test("no hub or tag: the published chart's docker.io/istio and the chart version, denied without an allow-list", () => {
    const vs = verifyImages(exportWith([istio("istiod", {}), istio("cni", {})]));
    assert.deepEqual(summary(vs), [
      "values.image docker.io/istio/pilot:1.30.3 deny",
      "values.global.proxy.image docker.io/istio/proxyv2:1.30.3 deny",
      "values.image docker.io/istio/install-cni:1.30.3 deny",
    ]);
  });

  test("a chart's own hub, tag and variant override the globals; an image with a slash is taken verbatim", () => {
    const cni = istio("cni", {
      hub: `${ECR}/cni`,
      tag: "1.30.3",
      variant: "distroless",
      global: { hub: "docker.io/istio" },
    });
    const pilot = istio("istiod", {
      image: `${ECR}/custom/pilot:1`,
      global: { hub: `${ECR}/istio`, variant: "distroless" },
    });
    assert.deepEqual(summary(verifyImages(exportWith([cni, pilot]))), [
      `values.image ${ECR}/cni/install-cni:1.30.3-distroless allow`,
      `values.image ${ECR}/custom/pilot:1 allow`,
      `values.global.proxy.image ${ECR}/istio/proxyv2:1.30.3-distroless allow`,
    ]);
  });

  test("the gateway and base charts deploy no image of their own (istiod injects the gateway's proxy)", () => {
    assert.deepEqual(verifyImages(exportWith([istio("gateway", {}), istio("base", {})])), []);
  });

  test("a chart called gateway from another repository is not Istio's: its values name no image, undecidable", () => {
    const vs = verifyImages(exportWith([istio("gateway", {}, "1.0.0", "https://charts.example.com")]));
    assert.deepEqual(
      vs.map((v) => v.verdict),
      ["undecidable"],
    );
  });

  test("no tag and no version, or a secret hub: undecidable, never guessed", () => {
    const noTag = verifyImages(exportWith([istio("cni", {}, null)]));
    assert.equal(noTag[0]!.verdict, "undecidable");
    assert.match(noTag[0]!.reason, /neither the tag values nor the release's version/);
    const secret = { [SIG_KEY]: SECRET_SIG, ciphertext: "x" };
    const hidden = verifyImages(exportWith([istio("istiod", { global: { hub: secret } })]));
    assert.deepEqual(
      hidden.map((v) => v.verdict),
      ["undecidable", "undecidable"],
    );
    assert.match(hidden[1]!.reason, /values\.global\.hub is a secret/);
  });
});
