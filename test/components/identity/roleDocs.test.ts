import assert from "node:assert/strict";
import * as fs from "node:fs";
import { test } from "node:test";
import { IAM_SUMMARY } from "../../../components/identity/accessControl.iam.logic";
import { RBAC_SUMMARY } from "../../../components/identity/accessControl.rbac.logic";
import { BUILTIN_ROLE_NAMES } from "../../../components/identity/roles";
import { README, renderReadme, renderRoleTable } from "../../../scripts/gen-role-docs";

test("README's role table is what scripts/gen-role-docs.ts renders from the planes' tables (npm run docs)", async () => {
  const current = fs.readFileSync(README, "utf8");
  assert.equal(current, await renderReadme(current), "README.md's role table is stale: run npm run docs");
});

test("each built-in role has a row; its cells are its capabilities' summaries, plane by plane", () => {
  const rows = renderRoleTable()
    .split("\n")
    .filter((l) => l.startsWith("| `"));
  assert.deepEqual(
    rows.map((r) => r.split("|")[1]!.trim().split(" ")[0]),
    BUILTIN_ROLE_NAMES.map((n) => `\`${n}\``),
  );
  const row = (name: string) => rows.find((r) => r.startsWith(`| \`${name}\``))!;
  // audit-view reads (IAM and RBAC columns say what audit.read grants), never Secrets.
  assert.ok(row("audit-view").includes(IAM_SUMMARY["audit.read"]));
  assert.ok(row("audit-view").includes(RBAC_SUMMARY["audit.read"]));
  // model-management's IAM cell is the model buckets, not AdministratorAccess; platform-admin's is.
  assert.ok(row("model-management").includes(IAM_SUMMARY["models.publish"]));
  assert.ok(!row("model-management").includes("AdministratorAccess"));
  assert.ok(row("platform-admin").includes("AdministratorAccess"));
  assert.ok(row("platform-admin").includes("(MFA)"));
  assert.ok(!row("inference-only").includes("(MFA)"));
});
