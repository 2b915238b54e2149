import assert from "node:assert/strict";
import { test } from "node:test";
import { kyvernoValues } from "../../../components/supplychain/supplyChain.admission.values";
import {
  isKyvernoChart,
  releaseRequireHardenedKyverno as p,
} from "../../../policy-pack/policies/helm/releaseRequireHardenedKyverno";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { CHART3, CHART4, RELEASE } from "./helmFixtures";

const kyverno = (values: Record<string, any> = kyvernoValues({})) => ({
  chart: "kyverno",
  version: "3.9.0",
  namespace: "kyverno",
  repositoryOpts: { repo: "https://kyverno.github.io/kyverno" },
  values: structuredClone(values),
});
const L = 'Helm chart "kyverno"';

test("our values pass, in all three Helm types; other charts are not judged", async () => {
  for (const t of [RELEASE, CHART3, CHART4]) assert.deepEqual(await violations(p, t, kyverno()), []);
  assert.deepEqual(await violations(p, RELEASE, { chart: "vault", values: {} }), []);
  for (const c of ["kyverno", "kyverno/kyverno", "oci://r.example/charts/kyverno", "./kyverno-3.9.0.tgz"])
    assert.ok(isKyvernoChart(c), c);
  for (const c of ["kyverno-policies", "", undefined]) assert.ok(!isKyvernoChart(c), c);
});

test("fewer admission controllers than the minimum, or the chart's default of one, is flagged", async () => {
  assert.deepEqual(await violations(p, RELEASE, kyverno({ admissionController: { replicas: 1 } })), [
    `${L} runs 1 admission controller(s): set admissionController.replicas to at least 3.`,
  ]);
  assert.deepEqual(await violations(p, RELEASE, kyverno({})), [
    `${L} runs one admission controller (the chart's default): set admissionController.replicas to at least 3.`,
  ]);
  assert.deepEqual(
    await violations(p, RELEASE, kyverno({ admissionController: { replicas: 2 } }), { minimumReplicas: 2 }),
    [],
  );
});

test("forceFailurePolicyIgnore is flagged", async () => {
  const v = kyvernoValues({}) as any;
  v.features.forceFailurePolicyIgnore.enabled = true;
  assert.deepEqual(await violations(p, RELEASE, kyverno(v)), [
    `${L} sets features.forceFailurePolicyIgnore.enabled, turning every webhook fail-open: remove it.`,
  ]);
});

test("webhooks excluding other namespaces, or resource filters skipping them, are flagged", async () => {
  const v = kyvernoValues({}) as any;
  v.config.webhooks.namespaceSelector.matchExpressions[0].values.push("inference");
  v.config.resourceFiltersIncludeNamespaces = ["inference"];
  assert.deepEqual(await violations(p, RELEASE, kyverno(v)), [
    `${L} excludes inference from Kyverno's webhooks (config.webhooks): exclude only kube-system.`,
    `${L} filters out inference (config.resourceFiltersIncludeNamespaces): Kyverno would skip them; remove it.`,
  ]);
});

test("unknown values are not judged; an empty replica count is flagged", async () => {
  const out = await validate(p, {
    type: RELEASE,
    props: kyverno({ admissionController: { replicas: UNKNOWN.number } }),
  });
  assert.deepEqual(out.violations, []);
  assert.equal((await violations(p, RELEASE, kyverno({ admissionController: { replicas: "" } }))).length, 1);
});
