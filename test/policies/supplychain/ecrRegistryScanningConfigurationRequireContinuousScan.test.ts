import assert from "node:assert/strict";
import { test } from "node:test";
import { scanningConfiguration } from "../../../components/supplychain/supplyChain.registry.logic";
import { ecrRegistryScanningConfigurationRequireContinuousScan as policy } from "../../../policy-pack/policies/supplychain/ecrRegistryScanningConfigurationRequireContinuousScan";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";
const all = [{ filter: "*", filterType: "WILDCARD" }];
const NOT_ALL =
  'Registry scanning does not rescan every repository: add a rule { scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }.';
const basic = (t: string) =>
  `Registry scanning is ${t}: set scanType: "ENHANCED" with a CONTINUOUS_SCAN rule for filter "*".`;

test("ours (ENHANCED, continuous for *) passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, structuredClone(scanningConfiguration(true))), []);
});

test("BASIC (ours with enhancedScanning false) and a missing scanType are flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, structuredClone(scanningConfiguration(false))), [
    basic('"BASIC"'),
  ]);
  assert.deepEqual(await violations(policy, TYPE, { rules: [] }), [basic("unset")]);
  assert.deepEqual(await violations(policy, TYPE, { scanType: "", rules: [] }), [basic('""')]);
});

test("ENHANCED with only on-push scanning, a narrower filter, or no rule is flagged", async () => {
  for (const rules of [
    [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: all }],
    [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "prod-*", filterType: "WILDCARD" }] }],
    [],
  ])
    assert.deepEqual(await violations(policy, TYPE, { scanType: "ENHANCED", rules }), [NOT_ALL]);
  assert.deepEqual(await violations(policy, TYPE, { scanType: "ENHANCED" }), [NOT_ALL]);
});

test("an unknown scanType is an advisory note, not a violation", async () => {
  const outcome = await validate(policy, { type: TYPE, props: { scanType: UNKNOWN.string, rules: [] } });
  assert.deepEqual(outcome.violations, []);
  assert.match(outcome.unknownRead ?? "", /scanType/);
});
