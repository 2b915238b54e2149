import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  networkPolicies,
  parseQuantity,
  quotaHard,
  validateInferenceNamespaceArgs,
} from "../../../components/workloads/inferenceNamespace.logic";
import { InferenceNamespace } from "../../../components/workloads/inferenceNamespace";
import { plain, runComponent, type Captured, type StackName } from "../../helpers/harness";
import { buildNamespaces, loadConfig } from "../build";
import { formatProblem } from "../../../components/shared/problems";

/** Builds the namespaces against a bare provider, as the stack will against the cluster's. */
async function run(stack: StackName): Promise<Captured> {
  const config = loadConfig(stack);
  return runComponent(
    () => {
      const kubeProvider = new k8s.Provider("cluster-k8s", { kubeconfig: "{}" });
      buildNamespaces(config, { kubeProvider } as never);
    },
    { stack },
  );
}

const EXPECTED_CHILDREN = [
  "kubernetes:core/v1:LimitRange ns-llm-inference-limits",
  "kubernetes:core/v1:Namespace ns-llm-inference-namespace",
  "kubernetes:core/v1:ResourceQuota ns-llm-inference-quota",
  "kubernetes:core/v1:ServiceAccount ns-llm-inference-sa-vllm",
  "kubernetes:networking.k8s.io/v1:NetworkPolicy ns-llm-inference-allow-dns",
  "kubernetes:networking.k8s.io/v1:NetworkPolicy ns-llm-inference-allow-egress-data",
  "kubernetes:networking.k8s.io/v1:NetworkPolicy ns-llm-inference-allow-egress-outside-vpc-https",
  "kubernetes:networking.k8s.io/v1:NetworkPolicy ns-llm-inference-allow-mesh-ingress",
  "kubernetes:networking.k8s.io/v1:NetworkPolicy ns-llm-inference-default-deny-all",
  "kubernetes:networking.k8s.io/v1:NetworkPolicy ns-llm-inference-quarantine",
];

const policyNamed = (r: Captured, name: string) => plain<any>(r.named(`ns-llm-inference-${name}`).inputs);

for (const stack of ["dev", "prod"] as const) {
  describe(`InferenceNamespace (${stack})`, () => {
    test("exactly the expected children, all through the cluster's provider, created after the namespace", async () => {
      const r = await run(stack);
      const component = r.one("rampart:workloads:InferenceNamespace", "ns-llm-inference");
      const children = r.descendantsOf(component);
      assert.deepEqual(children.map((c) => `${c.type} ${c.name}`).sort(), EXPECTED_CHILDREN);
      const ns = r.named("ns-llm-inference-namespace");
      for (const c of children) {
        assert.equal(r.providerOf(c)?.name, "cluster-k8s");
        if (c !== ns) {
          assert.equal(plain<any>(c.inputs).metadata.namespace, "llm-inference");
          assert.ok(c.dependencies.includes(ns.urn), `${c.name} waits for the namespace`);
        }
      }
    });

    test("Pod Security Admission: restricted, enforced, audited and warned, at the cluster's version", async () => {
      const labels = plain<any>((await run(stack)).named("ns-llm-inference-namespace").inputs).metadata
        .labels;
      assert.deepEqual(labels, {
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "v1.33",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/audit-version": "v1.33",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/warn-version": "v1.33",
      });
    });

    test("default deny of all ingress and egress, for every pod", async () => {
      const deny = policyNamed(await run(stack), "default-deny-all");
      assert.deepEqual(deny.spec, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    });

    test("allowed flows: DNS to kube-dns, ingress from the mesh ingress, HTTPS to the data tier only", async () => {
      const r = await run(stack);
      const config = loadConfig(stack);
      assert.deepEqual(policyNamed(r, "allow-dns").spec.egress, [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ]);
      assert.deepEqual(policyNamed(r, "allow-mesh-ingress").spec.ingress, [
        {
          from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-ingress" } } }],
        },
      ]);
      // HTTPS outside the VPC only (S3 endpoint, the firewall's allow-list): never back into the VPC.
      assert.deepEqual(policyNamed(r, "allow-egress-outside-vpc-https").spec.egress, [
        {
          to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [config.network.cidr] } }],
          ports: [{ protocol: "TCP", port: 443 }],
        },
      ]);
      const dataCidrs = config.tierCidrs.data ?? [];
      assert.equal(dataCidrs.length, config.network.availabilityZones.length);
      assert.deepEqual(policyNamed(r, "allow-egress-data").spec.egress, [
        { to: dataCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: "TCP", port: 443 }] },
      ]);
    });

    test("quota: CPU, memory, GPUs, pods; no LoadBalancer or NodePort services", async () => {
      const quota = loadConfig(stack).namespaces[0]!.quota;
      const hard = policyNamed(await run(stack), "quota").spec.hard;
      assert.deepEqual(hard, {
        "requests.cpu": quota.cpu,
        "limits.cpu": quota.cpu,
        "requests.memory": quota.memory,
        "limits.memory": quota.memory,
        "requests.nvidia.com/gpu": String(quota.gpus),
        pods: String(quota.pods),
        "services.loadbalancers": "0",
        "services.nodeports": "0",
      });
    });

    test("LimitRange defaults and service accounts without automounted tokens", async () => {
      const r = await run(stack);
      assert.deepEqual(policyNamed(r, "limits").spec.limits, [
        {
          type: "Container",
          defaultRequest: { cpu: "250m", memory: "512Mi" },
          default: { cpu: "1", memory: "2Gi" },
        },
      ]);
      const sa = policyNamed(r, "sa-vllm");
      assert.equal(sa.metadata.name, "vllm");
      assert.equal(sa.automountServiceAccountToken, false);
    });
  });
}

describe("validateInferenceNamespaceArgs", () => {
  const valid = () => ({
    namespace: "llm-inference",
    quota: { cpu: "16", memory: "64Gi", gpus: 2, pods: 20 },
    defaults: {} as Record<string, string>,
    serviceAccounts: ["vllm"] as string[],
    egress: [{ name: "data", cidrs: ["10.40.0.0/23"] }] as {
      name: string;
      cidrs: string[];
      ports?: number[];
    }[],
    podSecurityVersion: "v1.33",
  });
  test("a valid namespace has no problem", () =>
    assert.deepEqual(validateInferenceNamespaceArgs(valid()), []));

  const cases: [string, (a: ReturnType<typeof valid>) => void, string][] = [
    [
      "a system namespace",
      (a) => (a.namespace = "kube-system"),
      'namespace: "kube-system" is a system namespace (choose a namespace of your own)',
    ],
    [
      "a bad quantity",
      (a) => (a.quota.memory = "64GB"),
      'quota.memory: "64GB" is not a Kubernetes quantity (expected e.g. "500m", "4", "16Gi")',
    ],
    ["negative GPUs", (a) => (a.quota.gpus = -1), "quota.gpus: -1 must be a non-negative integer"],
    [
      "egress to the world",
      (a) => (a.egress[0]!.cidrs = ["0.0.0.0/0"]),
      'egress[0].cidrs[0]: "0.0.0.0/0" allows egress to every address (list the tier\'s CIDRs)',
    ],
    [
      "a bad port",
      (a) => (a.egress[0]!.ports = [70000]),
      "egress[0].ports[0]: 70000 is not a TCP port (1-65535)",
    ],
    [
      "a request above its limit",
      (a) => (a.defaults = { cpuRequest: "2", cpuLimit: "1" }),
      'defaults.cpuRequest: "2" is above defaults.cpuLimit (1)',
    ],
    [
      "an unpinned PSA version",
      (a) => (a.podSecurityVersion = "latest"),
      'podSecurityVersion: "latest" is not a pinned Kubernetes version (expected e.g. "v1.33", not "latest")',
    ],
    [
      "a duplicate service account",
      (a) => (a.serviceAccounts = ["vllm", "vllm"]),
      'serviceAccounts[1]: "vllm" is listed twice',
    ],
  ];
  for (const [name, edit, expected] of cases) {
    test(`refuses ${name}`, () => {
      const a = valid();
      edit(a);
      assert.deepEqual(
        validateInferenceNamespaceArgs(a).map((p) => formatProblem(p)),
        [expected],
      );
    });
  }

  test("the component throws once, naming the field, before registering anything", async () => {
    let error: unknown;
    const r = await runComponent(() => {
      try {
        new InferenceNamespace("ns-bad", {
          ...valid(),
          quota: { cpu: "lots", memory: "64Gi", gpus: 2, pods: 0 },
          kubeProvider: undefined as never,
        });
      } catch (err) {
        error = err;
      }
    });
    assert.ok(pulumi.RunError.isInstance(error));
    assert.match(error.message, /quota\.cpu: "lots" is not a Kubernetes quantity/);
    assert.match(error.message, /quota\.pods: 0 must be a positive integer/);
    assert.deepEqual(r.registered, []);
  });
});

describe("properties", () => {
  const cidr = fc
    .tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.integer({ min: 16, max: 28 }))
    .map(([a, b, p]) => `${a}.${b}.0.0/${p}`);

  test("the first policy always denies everything; allows never reach beyond the listed CIDRs", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom("data", "logging", "management"),
            fc.array(cidr, { minLength: 1, maxLength: 3 }),
          ),
          { maxLength: 3 },
        ),
        (tiers) => {
          const egress = tiers.map(([name, cidrs], i) => ({ name: `${name}-${i}`, cidrs }));
          const policies = networkPolicies("ns", "istio-ingress", egress);
          const allowed = new Set(egress.flatMap((e) => e.cidrs));
          const blocks = policies.flatMap((p) =>
            ((p.spec.egress ?? []) as any[])
              .flatMap((e) => (e.to ?? []).map((t: any) => t.ipBlock?.cidr))
              .filter(Boolean),
          );
          return (
            JSON.stringify(policies[0]!.spec) ===
              JSON.stringify({ podSelector: {}, policyTypes: ["Ingress", "Egress"] }) &&
            blocks.every((b) => allowed.has(b)) &&
            policies.length === 4 + egress.length &&
            policies[policies.length - 1]!.metadata.name === "quarantine"
          );
        },
      ),
    );
  });

  test("the quota always forbids LoadBalancer and NodePort services and counts GPUs", () => {
    fc.assert(
      fc.property(fc.nat(64), fc.integer({ min: 1, max: 500 }), (gpus, pods) => {
        const hard = quotaHard({ cpu: "8", memory: "32Gi", gpus, pods });
        return (
          hard["services.loadbalancers"] === "0" &&
          hard["services.nodeports"] === "0" &&
          hard["requests.nvidia.com/gpu"] === String(gpus)
        );
      }),
    );
  });

  test("quantities parse to the right magnitude", () => {
    assert.equal(parseQuantity("500m"), 0.5);
    assert.equal(parseQuantity("2Gi"), 2 * 2 ** 30);
    assert.equal(parseQuantity("1.5"), 1.5);
    assert.equal(parseQuantity("64GB"), undefined);
  });
});
