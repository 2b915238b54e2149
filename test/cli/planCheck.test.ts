import assert from "node:assert/strict";
import * as fs from "node:fs";
import { test } from "node:test";
import { json, rampartProcess, tempFile } from "./helpers";

/** `rampart plan` ends with the same check as `rampart check`, on the program's captured resources. */

for (const stack of ["dev", "prod"]) {
  test(`plan --stack ${stack} runs our policy pack over what the program registers, and passes it clean`, async () => {
    const exportOut = tempFile(`${stack}.json`, "");
    const run = await rampartProcess([
      "plan",
      "--stack",
      stack,
      "--format",
      "json",
      "--export-out",
      exportOut,
    ]);
    // JSON owns stdout; the tree and notes go to stderr.
    assert.match(run.stderr, new RegExp(`^stack ${stack} \\(`));
    assert.match(
      run.stderr,
      new RegExp(`checking with policy pack policy-pack and policy-pack/config/${stack}\\.json`),
    );
    const report = json(run);
    assert.deepEqual(report.policyPacks, [{ name: "rampart", version: "0.1.0" }]);
    // Every resource of the export except providers and pending deletions was analyzed.
    const doc = JSON.parse(fs.readFileSync(exportOut, "utf8"));
    const analyzed = doc.deployment.resources.filter(
      (r: { type: string; delete?: boolean }) => !r.type.startsWith("pulumi:providers:") && !r.delete,
    );
    assert.equal(report.resources, analyzed.length);
    // The verdict on our own stacks, with their policy config (policy-pack/config/<stack>.json): no
    // mandatory violation, and advisories pinned (they do not fail the gate). Dev's advisories are
    // deliberate: its load balancer has no deletion protection so the stack can be destroyed in one step;
    // its OpenSearch domain is one node (three data nodes, three masters and zone awareness are prod's
    // cost, one line per missing part); and Security Hub belongs to the account's defaults owner (prod,
    // in the same account), not to dev, which still runs its own trail. Dev's model-management may exec
    // into model servers (`rampart:access.allowExec`, which prod refuses), so that Role is advisory there.
    // Dev's Backup vault lock is in governance mode, so a dev vault can still be emptied (prod: compliance).
    const siem = "urn:pulumi:dev::rampart::rampart:observability:SiemPipeline";
    const advisories =
      stack === "dev"
        ? [
            "aws-backup-vaultlockconfiguration-require-compliance-mode urn:pulumi:dev::rampart::rampart:operations:Recovery$aws:backup/vaultLockConfiguration:VaultLockConfiguration::recovery-vault-lock",
            "aws-lb-loadbalancer-require-deletion-protection urn:pulumi:dev::rampart::rampart:edge:PublicEdge$aws:lb/loadBalancer:LoadBalancer::edge-alb",
            ...Array(3).fill(
              `aws-opensearch-domain-require-high-availability ${siem}$aws:opensearch/domain:Domain::siem-search`,
            ),
            `aws-securityhub-account-require-enabled ${siem}$aws:cloudtrail/trail:Trail::siem-trail`,
            "kubernetes-rbac-role-disallow-pod-exec urn:pulumi:dev::rampart::rampart:identity:AccessControl$kubernetes:rbac.authorization.k8s.io/v1:Role::access-role-llm-inference-model-management-models-deploy",
          ]
        : [];
    assert.deepEqual(
      report.violations.map((v: { policy: string; urn: string }) => `${v.policy} ${v.urn}`),
      advisories,
    );
    assert.deepEqual(report.summary, { mandatory: 0, advisory: advisories.length, notInspectable: 0 });
    // Then verify ran on the same resources (its report goes to stderr beside JSON, without the tier
    // matrix), and every flow and access case of our stacks passes.
    assert.match(
      run.stderr,
      /^PASS: \d+ flows, \d+ access cases, \d+ images, \d+ cluster cases, \d+ RBAC cases, 0 lint problems$/m,
    );
    assert.doesNotMatch(run.stderr, /^from \\ to /m);
    assert.equal(run.code, 0, run.stderr);
  });
}

test("plan reads --policy-config into the check of our pack", async () => {
  const config = tempFile("policy.json", JSON.stringify({ "no-such-policy": "mandatory" }));
  const run = await rampartProcess(["plan", "--stack", "dev", "--policy-config", config]);
  assert.equal(run.code, 2);
  assert.equal(
    run.stderr,
    `rampart: policy config ${config}: pack rampart@0.1.0 has no policy named "no-such-policy"\n`,
  );
});
