import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { collectImages, readEgress } from "../../../cli/verify/images";
import { toStackExport } from "../../../cli/export";
import { PROJECT } from "../../../cli/plan";
import { createAdmission } from "../../../components/supplychain/supplyChain.admission";
import {
  KYVERNO_NAMES,
  TESTED_KYVERNO_CHART,
} from "../../../components/supplychain/supplyChain.admission.logic";
import { flattenConfig, plain, runComponent, stackConfig, type Captured } from "../../helpers/harness";
import { validateKubernetesObject, validateKubernetesObjects } from "../../schemas/kubernetesSchemas";

const HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
const MIRROR = `${HOST}/mirror`;
const PEM = "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n";

async function run(mode: "enforce" | "audit" = "enforce"): Promise<Captured> {
  return runComponent(() => {
    const parent = new pulumi.ComponentResource("rampart:supplychain:SupplyChain", "sc", {});
    createAdmission(parent, "sc", {
      kubeProvider: new k8s.Provider("cluster-k8s", { kubeconfig: "{}" }),
      chartVersion: TESTED_KYVERNO_CHART,
      mode,
      namespaces: ["inference"],
      imageRegistry: MIRROR,
      controlPlaneCidrs: pulumi.output(["10.0.32.0/24", "10.0.33.0/24"]),
      vpcCidrs: ["10.0.0.0/16"],
      clusterName: "rampart-dev",
      namePrefix: "rampart-dev",
      registryHost: HOST,
      signingPublicKeyPem: PEM,
      modelsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/models",
      repositoryArns: ["arn:aws:ecr:us-east-1:123456789012:repository/rampart-dev/vllm"],
      tags: { team: "platform" },
    });
  });
}

const inputs = (r: Captured, name: string) => plain<any>(r.named(name).inputs);

describe("createAdmission under mocks", async () => {
  const r = await run();
  const parent = r.one("rampart:supplychain:SupplyChain");

  test("exactly the expected children, all under SupplyChain", () => {
    const np = [
      "default-deny-all",
      "allow-webhook-from-api-server",
      "allow-dns",
      "allow-egress-api-server",
      "allow-egress-endpoints-in-vpc",
      "allow-egress-s3-outside-vpc",
      "allow-egress-pod-identity-agent",
      "quarantine",
    ].map((n) => `kubernetes:networking.k8s.io/v1:NetworkPolicy sc-kyverno-np-${n}`);
    assert.deepEqual(
      r
        .childrenOf(parent)
        .map((c) => `${c.type} ${c.name}`)
        .sort(),
      [
        ...np,
        "aws:eks/podIdentityAssociation:PodIdentityAssociation sc-kyverno-pod-identity",
        "aws:iam/role:Role sc-kyverno-role",
        "aws:iam/rolePolicy:RolePolicy sc-kyverno-ecr-read",
        "kubernetes:core/v1:Namespace sc-kyverno-ns",
        "kubernetes:helm.sh/v3:Release sc-kyverno",
        "kubernetes:kyverno.io/v1:ClusterPolicy sc-kyverno-policy",
      ].sort(),
    );
  });

  test("the namespace is Pod Security restricted", () => {
    const labels = inputs(r, "sc-kyverno-ns").metadata.labels;
    for (const mode of ["enforce", "audit", "warn"])
      assert.equal(labels[`pod-security.kubernetes.io/${mode}`], "restricted");
  });

  test("the webhook policy admits the API server's CIDRs once resolved", () => {
    const spec = inputs(r, "sc-kyverno-np-allow-webhook-from-api-server").spec;
    assert.deepEqual(spec.ingress[0].from, [
      { ipBlock: { cidr: "10.0.32.0/24" } },
      { ipBlock: { cidr: "10.0.33.0/24" } },
    ]);
  });

  test("the pinned chart from Kyverno's repository, after the policies and the Pod Identity", () => {
    const rel = r.named("sc-kyverno");
    const i = plain<any>(rel.inputs);
    assert.equal(i.chart, "kyverno");
    assert.equal(i.version, TESTED_KYVERNO_CHART);
    assert.equal(i.repositoryOpts.repo, "https://kyverno.github.io/kyverno");
    assert.equal(i.namespace, KYVERNO_NAMES.namespace);
    assert.ok(rel.dependencies.includes(r.named("sc-kyverno-pod-identity").urn));
    assert.ok(rel.dependencies.includes(r.named("sc-kyverno-np-default-deny-all").urn));
  });

  test("the ClusterPolicy waits for the release and enforces", () => {
    const p = r.named("sc-kyverno-policy");
    assert.ok(p.dependencies.includes(r.named("sc-kyverno").urn));
    const spec = plain<any>(p.inputs).spec;
    assert.equal(spec.rules[0].validate.failureAction, "Enforce");
    assert.equal(spec.rules[2].verifyImages[0].attestors[0].entries[0].keys.publicKeys, PEM);
  });

  test("the role is bound to the admission controller's service account", () => {
    const a = inputs(r, "sc-kyverno-pod-identity");
    assert.equal(a.namespace, "kyverno");
    assert.equal(a.serviceAccount, "kyverno-admission-controller");
    assert.equal(inputs(r, "sc-kyverno-role").name, "rampart-dev-kyverno");
    const doc = JSON.parse(inputs(r, "sc-kyverno-ecr-read").policy);
    assert.deepEqual(doc.Statement[1].Resource, [
      "arn:aws:ecr:us-east-1:123456789012:repository/rampart-dev/vllm",
    ]);
  });

  test("every Kubernetes object passes its published schema", async () => {
    const { failures } = await validateKubernetesObjects(r);
    assert.deepEqual(failures, []);
  });

  test("the vendored ClusterPolicy schema refuses a misspelt field (the API server would prune it)", async () => {
    const p = r.named("sc-kyverno-policy");
    const inputs = plain<any>(p.inputs);
    inputs.spec.rules[2].verifyImages[0].verifyDigests = true;
    const problem = await validateKubernetesObject({ ...p, inputs });
    assert.match(problem ?? "", /must NOT have additional properties/);
  });

  test("rampart verify decides every Kyverno image: all from the mirror", () => {
    const exp = toStackExport(r.resources, {
      project: PROJECT,
      stack: "dev",
      config: flattenConfig(stackConfig("dev")),
    });
    const images = collectImages(
      exp.deployment.resources as never,
      readEgress(exp.deployment.resources as never),
    ).filter((i) => i.urn.includes("sc-kyverno"));
    assert.ok(images.length >= 4, JSON.stringify(images));
    for (const i of images) assert.ok(i.ref?.startsWith(`${MIRROR}/kyverno/`), JSON.stringify(i));
  });
});
