import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { verifyImages, type ExportResource, type ImageVerdict } from "../../../cli/verify/images";
import { SECRET_SIG, SIG_KEY } from "../../../cli/sdk/pulumiInternals";
import { ECR, ECR_ENDPOINTS, exportWith as baseExport, res } from "./imagesFixture";

/** Istio's charts on a small export: one VPC in us-east-1 of 123456789012, a node group, the ECR endpoints. */
const ISTIO_REPO = "https://istio-release.storage.googleapis.com/charts";

/** The base export with our account's ECR endpoints, plus `extra`. */
const istioExport = (extra: ExportResource[]) => baseExport([...ECR_ENDPOINTS, ...extra]);

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
      istioExport([istio("istiod", { global: { hub: `${ECR}/istio`, tag: "1.30.3" } })]),
    );
    assert.deepEqual(summary(vs), [
      `values.image ${ECR}/istio/pilot:1.30.3 allow`,
      `values.global.proxy.image ${ECR}/istio/proxyv2:1.30.3 allow`,
    ]);
  });

  test("no hub or tag: the published chart's docker.io/istio and the chart version, denied without an allow-list", () => {
    const vs = verifyImages(istioExport([istio("istiod", {}), istio("cni", {})]));
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
    assert.deepEqual(summary(verifyImages(istioExport([cni, pilot]))), [
      `values.image ${ECR}/cni/install-cni:1.30.3-distroless allow`,
      `values.image ${ECR}/custom/pilot:1 allow`,
      `values.global.proxy.image ${ECR}/istio/proxyv2:1.30.3-distroless allow`,
    ]);
  });

  test("the gateway and base charts deploy no image of their own (istiod injects the gateway's proxy)", () => {
    assert.deepEqual(verifyImages(istioExport([istio("gateway", {}), istio("base", {})])), []);
  });

  test("a chart called gateway from another repository is not Istio's: its values name no image, undecidable", () => {
    const vs = verifyImages(istioExport([istio("gateway", {}, "1.0.0", "https://charts.example.com")]));
    assert.deepEqual(
      vs.map((v) => v.verdict),
      ["undecidable"],
    );
  });

  test("no tag and no version, or a secret hub: undecidable, never guessed", () => {
    const noTag = verifyImages(istioExport([istio("cni", {}, null)]));
    assert.equal(noTag[0]!.verdict, "undecidable");
    assert.match(noTag[0]!.reason, /neither the tag values nor the release's version/);
    const secret = { [SIG_KEY]: SECRET_SIG, ciphertext: "x" };
    const hidden = verifyImages(istioExport([istio("istiod", { global: { hub: secret } })]));
    assert.deepEqual(
      hidden.map((v) => v.verdict),
      ["undecidable", "undecidable"],
    );
    assert.match(hidden[1]!.reason, /values\.global\.hub is a secret/);
  });
});
