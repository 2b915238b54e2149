import assert from "node:assert/strict";
import { test } from "node:test";
import { ecrRepositoryRequireScanOnPush as policy } from "../../../policy-pack/policies/supplychain/ecrRepositoryRequireScanOnPush";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const REPO = "aws:ecr/repository:Repository";
const REGISTRY = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";
const MSG =
  'ECR repository "vllm" does not scan on push: set imageScanningConfiguration: { scanOnPush: true }, or configure registry-wide scanning.';

test("a repository scanning on push passes", async () => {
  assert.deepEqual(
    await validateStack(policy, [res(REPO, "vllm", { imageScanningConfiguration: { scanOnPush: true } })]),
    [],
  );
});

test("a repository without scan on push is flagged (false or unset)", async () => {
  const r = res(REPO, "vllm", { imageScanningConfiguration: { scanOnPush: false } });
  assert.deepEqual(await validateStack(policy, [r]), [{ urn: r.urn, message: MSG }]);
  const u = res(REPO, "vllm", {});
  assert.deepEqual(await validateStack(policy, [u]), [{ urn: u.urn, message: MSG }]);
});

test("registry-wide scanning (ENHANCED, or a wildcard BASIC rule) exempts repositories", async () => {
  const r = res(REPO, "vllm", {});
  assert.deepEqual(
    await validateStack(policy, [r, res(REGISTRY, "scan", { scanType: "ENHANCED", rules: [] })]),
    [],
  );
  const basic = res(REGISTRY, "scan", {
    scanType: "BASIC",
    rules: [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }],
  });
  assert.deepEqual(await validateStack(policy, [r, basic]), []);
});

test("a BASIC registry rule for some repositories only does not exempt", async () => {
  const r = res(REPO, "vllm", {});
  const narrow = res(REGISTRY, "scan", {
    scanType: "BASIC",
    rules: [
      { scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "prod-*", filterType: "WILDCARD" }] },
    ],
  });
  assert.deepEqual(await validateStack(policy, [r, narrow]), [{ urn: r.urn, message: MSG }]);
});

test("an unknown scanOnPush is skipped during preview", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      res(REPO, "vllm", { imageScanningConfiguration: { scanOnPush: UNKNOWN.boolean } }),
    ]),
    [],
  );
});

test('scanOnPush: "" is not true: flagged', async () => {
  assert.deepEqual(
    await validateStack(policy, [res(REPO, "vllm", { imageScanningConfiguration: { scanOnPush: "" } })]),
    [{ message: MSG, urn: `urn:pulumi:test::rampart::${REPO}::vllm` }],
  );
});
