import assert from "node:assert/strict";
import { test } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import { policies } from "../../../policy-pack/policies";
import { InferenceNamespace } from "../../../components/workloads/inferenceNamespace";
import { plain, runComponent } from "../../helpers/harness";
import { validate } from "../../policies/helpers/policyHarness";
import { meshArgs } from "./meshFixture";

/**
 * Our own mesh objects pass the pack's own policies: every resource policy (mTLS STRICT, no allow-all,
 * no TLS disabled or unverified, outlier detection, restricted Pod Security, default deny...) is run on
 * every Kubernetes object a meshed InferenceNamespace registers, with the policies' default config.
 */
test("a meshed namespace's objects pass every resource policy of the pack", async () => {
  const r = await runComponent(() => {
    new InferenceNamespace("ns-llm", {
      kubeProvider: new k8s.Provider("cluster-k8s", { kubeconfig: "{}" }),
      namespace: "llm-inference",
      quota: { cpu: "16", memory: "64Gi", gpus: 2, pods: 20 },
      serviceAccounts: ["vllm"],
      outsideHttps: { vpcCidrs: ["10.40.0.0/16"] },
      mesh: meshArgs(),
    });
  });
  const objects = r.kubernetesObjects();
  const resourcePolicies = policies.filter((p) => "validateResource" in p);
  const found: string[] = [];
  let applied = 0;
  for (const o of objects)
    for (const policy of resourcePolicies) {
      const outcome = await validate(policy, {
        type: o.type,
        name: o.name,
        props: plain<Record<string, any>>(o.inputs),
      });
      for (const v of outcome.violations) found.push(`${policy.name} on ${o.name}: ${v}`);
      if (outcome.unknownRead) found.push(`${policy.name} on ${o.name}: unknown read ${outcome.unknownRead}`);
      applied++;
    }
  assert.deepEqual(found, []);
  assert.ok(objects.filter((o) => o.type.includes("istio.io")).length === 17 && applied > 0);
});

test("the check can fail: an allow-all rule among ours is reported", async () => {
  const allowAll = policies.find((p) => p.name === "istio-authorizationpolicy-disallow-allow-all");
  assert.ok(allowAll);
  const outcome = await validate(allowAll, {
    type: "kubernetes:security.istio.io/v1:AuthorizationPolicy",
    props: {
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: { name: "allow-gateway-vllm", namespace: "llm-inference" },
      spec: { selector: { matchLabels: { app: "vllm" } }, action: "ALLOW", rules: [{}] },
    },
  });
  assert.equal(outcome.violations.length, 1);
});
