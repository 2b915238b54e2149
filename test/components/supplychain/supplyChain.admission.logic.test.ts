import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ADMISSION_DEFAULTS,
  imagePolicy,
  KYVERNO_ADMISSION_POD_LABELS,
  KYVERNO_PORTS,
  kyvernoRolePolicy,
  TESTED_KYVERNO_CHART,
  validateAdmissionArgs,
} from "../../../components/supplychain/supplyChain.admission.logic";
import { kyvernoNetworkPolicies } from "../../../components/supplychain/supplyChain.admission.networkPolicies";
import { kyvernoValues } from "../../../components/supplychain/supplyChain.admission.values";
import { validateSupplyChainArgs } from "../../../components/supplychain/supplyChain.validate";
import { formatProblem } from "../../../components/shared/problems";

const VALID = {
  chartVersion: TESTED_KYVERNO_CHART,
  mode: "enforce" as const,
  namespaces: ["inference"],
  vpcCidrs: ["10.0.0.0/16"],
  controlPlaneCidrs: ["10.0.32.0/24"],
  clusterName: "rampart-dev",
};
const HOST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
const PEM = "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n";

const messages = (a: Parameters<typeof validateAdmissionArgs>[0]) =>
  validateAdmissionArgs(a).map((p) => formatProblem(p));

describe("validateAdmissionArgs", () => {
  test("accepts the stack's arguments", () => assert.deepEqual(messages(VALID), []));

  test("one line per problem, naming field, value and fix", () => {
    assert.deepEqual(
      messages({
        ...VALID,
        chartVersion: "^3.9",
        mode: "warn" as never,
        namespaces: ["Inference", "kube-system", "a", "a"],
        imageRegistry: "https://mirror",
        vpcCidrs: [],
      }),
      [
        'chartVersion: "^3.9" is not a pinned chart version (expected "X.Y.Z"), e.g. "3.9.0"',
        'mode: "warn" is not an admission mode (expected "enforce" or "audit")',
        'namespaces[0]: "Inference" is not a lowercase DNS label (expected up to 63 of a-z, 0-9 and -, starting and ending with a letter or digit)',
        'namespaces[1]: "kube-system" is excluded from Kyverno\'s webhooks (expected an inference namespace)',
        'namespaces[3]: "a" is listed twice (expected each once)',
        'imageRegistry: "https://mirror" is not a registry host and optional path (expected e.g. "123456789012.dkr.ecr.eu-west-1.amazonaws.com/kyverno-mirror")',
        "vpcCidrs: [] names no CIDR (expected the VPC's CIDRs: Kyverno reaches ECR through its endpoints)",
      ],
    );
  });

  test("at least one namespace", () =>
    assert.deepEqual(messages({ ...VALID, namespaces: [] }), [
      "namespaces: [] names no namespace (expected at least one inference namespace)",
    ]));

  test("SupplyChain's validator reports them under admission", () => {
    const problems = validateSupplyChainArgs({
      namePrefix: "rampart-dev",
      stack: "dev",
      modelsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
      registry: { repositories: ["vllm"] },
      modelStore: { objectLock: { mode: "COMPLIANCE", days: 30 }, accessLogRetentionDays: 90 },
      admission: { ...VALID, namespaces: [] },
    });
    assert.ok(problems.some((p) => p.path.join(".") === "admission.namespaces"));
  });
});

describe("the ClusterPolicy", () => {
  const enforce = imagePolicy({
    registryHost: HOST,
    namePrefix: "rampart-prod",
    publicKeyPem: PEM,
    namespaces: ["inference"],
    mode: "enforce",
  });

  test("fails closed, judges admission only, within the timeout", () => {
    assert.equal(enforce.apiVersion, "kyverno.io/v1");
    assert.equal(enforce.kind, "ClusterPolicy");
    assert.equal(enforce.spec.failurePolicy, "Fail");
    assert.equal(enforce.spec.background, false);
    assert.equal(enforce.spec.webhookTimeoutSeconds, ADMISSION_DEFAULTS.webhookTimeoutSeconds);
    assert.equal("validationFailureAction" in enforce.spec, false);
  });

  test("every container list must name our repositories by digest, in the inference namespaces only", () => {
    const [pods, ephemeral] = enforce.spec.rules;
    const image = `${HOST}/rampart-prod/*@sha256:*`;
    assert.deepEqual(pods!.match, { any: [{ resources: { kinds: ["Pod"], namespaces: ["inference"] } }] });
    assert.deepEqual(pods!.validate!.pattern, {
      spec: {
        "=(ephemeralContainers)": [{ image }],
        "=(initContainers)": [{ image }],
        containers: [{ image }],
      },
    });
    assert.equal(pods!.validate!.failureAction, "Enforce");
    assert.deepEqual(ephemeral!.match.any[0]!.resources.kinds, ["Pod/ephemeralcontainers"]);
  });

  test("signatures by our key, by digest, required, no mutation, no Rekor or SCT", () => {
    for (const rule of enforce.spec.rules.slice(2) as any[]) {
      const [v] = rule.verifyImages!;
      assert.equal(v!.failureAction, "Enforce");
      assert.deepEqual(v!.imageReferences, [`${HOST}/rampart-prod/*`]);
      assert.equal(v!.verifyDigest, true);
      assert.equal(v!.required, true);
      assert.equal(v!.mutateDigest, false);
      assert.deepEqual(v!.attestors[0]!.entries[0]!.keys, {
        publicKeys: PEM,
        signatureAlgorithm: "sha256",
        rekor: { ignoreTlog: true },
        ctlog: { ignoreSCT: true },
      });
      assert.deepEqual(v!.imageRegistryCredentials, { providers: ["amazon"] });
    }
  });

  test("audit mode audits every rule", () => {
    const audit = imagePolicy({
      registryHost: HOST,
      namePrefix: "rampart-dev",
      publicKeyPem: PEM,
      namespaces: ["a", "b"],
      mode: "audit",
    });
    for (const rule of audit.spec.rules as any[])
      assert.equal(rule.validate?.failureAction ?? rule.verifyImages?.[0]!.failureAction, "Audit");
  });
});

describe("Kyverno's role", () => {
  test("reads our repositories only and decrypts only through ECR", () => {
    const doc = kyvernoRolePolicy(
      ["arn:aws:ecr:eu-west-1:123456789012:repository/rampart-prod/vllm"],
      "arn:aws:kms:eu-west-1:123456789012:key/k",
    );
    assert.deepEqual(doc.Statement[1]!.Resource, [
      "arn:aws:ecr:eu-west-1:123456789012:repository/rampart-prod/vllm",
    ]);
    assert.deepEqual(doc.Statement[1]!.Action, ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]);
    assert.deepEqual(doc.Statement[2]!.Condition, {
      StringEquals: { "kms:ViaService": "ecr.eu-west-1.amazonaws.com" },
    });
  });
});

describe("Kyverno's values", () => {
  const v = kyvernoValues({ imageRegistry: "mirror.example/kyverno" });

  test("three admission controllers on the system nodes; the other controllers off", () => {
    assert.equal(v.admissionController.replicas, 3);
    assert.deepEqual(v.admissionController.nodeSelector, { "rampart.io/node-role": "system" });
    assert.equal(v.backgroundController.enabled, false);
    assert.equal(v.cleanupController.enabled, false);
    assert.equal(v.reportsController.enabled, false);
    assert.equal(v.features.forceFailurePolicyIgnore.enabled, false);
    assert.deepEqual(v.features.registryClient.credentialHelpers, ["amazon"]);
  });

  test("every image from the mirror, including the hooks whose own registry is ghcr.io", () => {
    assert.equal(v.global.image?.registry, "mirror.example/kyverno");
    for (const img of [
      v.admissionController.container.image,
      v.admissionController.initContainer.image,
      v.webhooksCleanup.image,
      v.crds.migration.image,
    ])
      assert.equal((img as { registry?: string }).registry, "mirror.example/kyverno");
    assert.equal("image" in kyvernoValues({}).global, false);
  });

  test("the webhook excludes kube-system only (and Kyverno's namespace, by the chart)", () => {
    assert.deepEqual(v.config.webhooks.namespaceSelector.matchExpressions, [
      { key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system"] },
    ]);
    assert.equal(v.config.excludeKyvernoNamespace, true);
  });

  test("restricted security contexts and limits", () => {
    const c = v.admissionController.container;
    assert.equal(c.securityContext.allowPrivilegeEscalation, false);
    assert.deepEqual(c.securityContext.capabilities, { drop: ["ALL"] });
    assert.equal(c.securityContext.readOnlyRootFilesystem, true);
    assert.ok(c.resources.limits.cpu && c.resources.limits.memory);
  });
});

describe("Kyverno's NetworkPolicies", () => {
  const nps = kyvernoNetworkPolicies({
    namespace: "kyverno",
    controlPlaneCidrs: ["10.0.32.0/24"],
    vpcCidrs: ["10.0.0.0/16"],
  });
  const byName = new Map(nps.map((n) => [n.metadata.name, n.spec]));

  test("default deny, then the webhook from the API server's CIDRs only", () => {
    assert.deepEqual(byName.get("default-deny-all"), { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    assert.deepEqual(byName.get("allow-webhook-from-api-server"), {
      // Quarantined pods (rampart.io/quarantine) match no allow.
      podSelector: {
        matchLabels: {
          "app.kubernetes.io/component": KYVERNO_ADMISSION_POD_LABELS["app.kubernetes.io/component"],
        },
        matchExpressions: [{ key: "rampart.io/quarantine", operator: "DoesNotExist" }],
      },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ ipBlock: { cidr: "10.0.32.0/24" } }],
          ports: [{ protocol: "TCP", port: KYVERNO_PORTS.webhook }],
        },
      ],
    });
  });

  test("no other ingress; egress only DNS, 443 and the Pod Identity agent", () => {
    const ingress = nps.filter((n) => n.spec.ingress !== undefined).map((n) => n.metadata.name);
    assert.deepEqual(ingress, ["allow-webhook-from-api-server"]);
    assert.deepEqual(
      nps.map((n) => n.metadata.name),
      [
        "default-deny-all",
        "allow-webhook-from-api-server",
        "allow-dns",
        "allow-egress-api-server",
        "allow-egress-endpoints-in-vpc",
        "allow-egress-s3-outside-vpc",
        "allow-egress-pod-identity-agent",
        // Denies everything to pods labelled rampart.io/quarantine=true (docs/runbooks/).
        "quarantine",
      ],
    );
  });
});
