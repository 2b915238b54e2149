import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import type { StackExport } from "../../../cli/export";
import { verifyImages } from "../../../cli/verify/images";
import { verifyExitCode, verifyResources } from "../../../cli/verify/report";
import { rampart } from "../../helpers/cli";
import { tempDir } from "../../helpers/cli";

/**
 * The image check on the real plan exports of dev and prod: every image the stacks deploy comes from a
 * registry their nodes reach (the NVIDIA images from the ECR mirror of `rampart:images.mirror`, the EKS
 * add-ons from the Region's add-on registry), and the same export with the mirror taken out of the chart
 * values (the images then come from nvcr.io, as they did before issue #11) fails.
 */

const tmp = tempDir("rampart-img-");
const MIRROR = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror";

const planned = new Map<string, StackExport>();
/** `rampart plan --export-out` for a stack, once per stack (each plan takes seconds). */
function planExport(stack: string): StackExport {
  const done = planned.get(stack);
  if (done) return done;
  const file = path.join(tmp, `${stack}.json`);
  const run = rampart(["plan", "--stack", stack, "--export-out", file]);
  // The export is written before the checks run; 2 would be bad input.
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const doc = JSON.parse(fs.readFileSync(file, "utf8")) as StackExport;
  planned.set(stack, doc);
  return doc;
}

/** The export as the stacks would write it without `rampart:images.mirror`: chart images from nvcr.io. */
function withoutMirror(doc: StackExport): StackExport {
  const copy = JSON.parse(JSON.stringify(doc)) as StackExport;
  let edited = 0;
  for (const r of copy.deployment.resources) {
    if (r.type !== "kubernetes:helm.sh/v3:Release") continue;
    for (const side of [r.inputs, r.outputs]) {
      const image = (side?.values as { image?: { repository?: string } } | undefined)?.image;
      if (image?.repository?.startsWith(`${MIRROR}/nvidia/`)) {
        image.repository = `nvcr.io/${image.repository.slice(MIRROR.length + 1)}`;
        edited++;
      }
    }
  }
  assert.equal(edited, 4, "both NVIDIA releases, inputs and outputs");
  return copy;
}

const urnName = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

for (const stack of ["dev", "prod"]) {
  describe(`images of the ${stack} plan export`, () => {
    // The stack's own repositories (rampart:supplyChain) and the sample YAMLs' placeholder digest.
    const OWN = `123456789012.dkr.ecr.us-east-1.amazonaws.com/rampart-${stack}`;
    const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;
    const doc = planExport(stack);
    const resources = doc.deployment.resources;

    test("every image passes: the NVIDIA and Istio charts from the ECR mirror, the add-ons from the add-on registry", () => {
      const verdicts = verifyImages(resources);
      assert.deepEqual(
        verdicts.map((v) => [urnName(v.urn), v.path, v.image, v.verdict]).sort(),
        [
          ...["aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"].map((a) => [
            `cluster-${a}`,
            "addonName",
            "602401143452.dkr.ecr.us-east-1.amazonaws.com/*",
            "allow",
          ]),
          [
            "cluster-dcgm-exporter",
            "values.image",
            `${MIRROR}/nvidia/k8s/dcgm-exporter:4.5.3-4.8.2-distroless`,
            "allow",
          ],
          [
            "cluster-nvidia-device-plugin",
            "values.image",
            `${MIRROR}/nvidia/k8s-device-plugin:v0.17.1`,
            "allow",
          ],
          // Istio's images from the same mirror: the CNI agent, istiod, and the proxy istiod injects.
          ["mesh-cni", "values.image", `${MIRROR}/istio/install-cni:1.30.5`, "allow"],
          // The proxy istiod injects: Istio's proxyv2 in the stack's own registry, by digest and signed
          // (rampart:mesh.proxyImage), since image admission checks the sidecars of inference pods.
          ["mesh-istiod", "values.global.proxy.image", `${OWN}/istio-proxyv2@${DIGEST}`, "allow"],
          ["mesh-istiod", "values.image", `${MIRROR}/istio/pilot:1.30.5`, "allow"],
          // Kyverno (image admission) from the mirror: reg.kyverno.io has no ECR pull-through cache.
          ...[
            ["admissionController.container.image", "kyverno"],
            ["admissionController.initContainer.image", "kyvernopre"],
            ["crds.migration.image", "kyverno-cli"],
            ["webhooksCleanup.image", "readiness-checker"],
          ].map(([at, repo]) => [
            "supply-chain-kyverno",
            `values.${at}`,
            `${MIRROR}/kyverno/${repo}:v1.19.0`,
            "allow",
          ]),
          // The model server and its init steps (fetch, verify-signature, verify-files): our registry, by digest.
          [
            "model-vllm-deployment",
            "spec.template.spec.containers[0].image",
            `${OWN}/vllm@${DIGEST}`,
            "allow",
          ],
          ...[
            [0, "aws-cli"],
            [1, "cosign"],
            [2, "aws-cli"],
          ].map(([i, repo]) => [
            "model-vllm-deployment",
            `spec.template.spec.initContainers[${i}].image`,
            `${OWN}/${repo}@${DIGEST}`,
            "allow",
          ]),
          // Vault in the cluster (VaultServer), from the same mirror.
          ["vault-server-vault", "values.server.image", `${MIRROR}/hashicorp/vault:2.0.4`, "allow"],
          // The log shipper and the monitoring stack (Grafana only where SSO is configured: prod).
          ["log-shipper-fluent-bit", "values.image", `${MIRROR}/fluent/fluent-bit:5.1.1`, "allow"],
          ...[
            ["prometheusOperator.image", "prometheus-operator/prometheus-operator:v0.93.1"],
            [
              "prometheusOperator.prometheusConfigReloader.image",
              "prometheus-operator/prometheus-config-reloader:v0.93.1",
            ],
            ["prometheus.prometheusSpec.image", "prometheus/prometheus:v3.14.0-distroless"],
            ["alertmanager.alertmanagerSpec.image", "prometheus/alertmanager:v0.34.0"],
            ["kube-state-metrics.image", "kube-state-metrics/kube-state-metrics:v2.20.0"],
            ...(stack === "prod" ? [["grafana.image", "grafana/grafana:13.2.0"]] : []),
          ].map(([at, image]) => [
            "monitoring-kube-prometheus-stack",
            `values.${at}`,
            `${MIRROR}/${image}`,
            "allow",
          ]),
        ].sort(),
      );
      for (const v of verdicts)
        assert.match(v.reason, /through the ecr\.api, ecr\.dkr and S3 endpoints of network-vpc/);
    });

    test("with the mirror removed from the chart values, the NVIDIA images come from nvcr.io and fail", () => {
      const edited = withoutMirror(doc).deployment.resources;
      const failing = verifyImages(edited).filter((v) => !v.pass);
      assert.deepEqual(failing.map((v) => [urnName(v.urn), v.image, v.verdict]).sort(), [
        ["cluster-dcgm-exporter", "nvcr.io/nvidia/k8s/dcgm-exporter:4.5.3-4.8.2-distroless", "deny"],
        ["cluster-nvidia-device-plugin", "nvcr.io/nvidia/k8s-device-plugin:v0.17.1", "deny"],
      ]);
      for (const v of failing) assert.match(v.reason, /^not verified: NVIDIA publishes no list/);
      // The verdict of the whole verify follows: exit 1.
      const report = verifyResources(edited.map((r) => ({ ...r, inputs: r.inputs ?? {} })));
      assert.equal(verifyExitCode(report), 1);
    });
  });
}

test("rampart verify on the prod export without the mirror prints each failing image and exits 1", () => {
  const doc = planExport("prod");
  const file = path.join(tmp, "prod-nvcr.json");
  fs.writeFileSync(file, JSON.stringify(withoutMirror(doc)));
  const run = rampart(["verify", "--export", file]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /^FAIL image nvcr\.io\/nvidia\/k8s-device-plugin:v0\.17\.1: deny$/m);
  assert.match(
    run.stdout,
    /^ {5}at urn:pulumi:prod::rampart::rampart:compute:HardenedCluster\$kubernetes:helm\.sh\/v3:Release::cluster-dcgm-exporter values\.image$/m,
  );
  assert.match(
    run.stdout,
    /\nFAIL: 0 of \d+ flows failed, 0 of \d+ access cases failed, 2 of 26 images failed, 0 of \d+ cluster cases failed, 0 of \d+ RBAC cases failed, 0 lint problems\n$/,
  );
});
