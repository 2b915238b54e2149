import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import {
  fileOfPolicy,
  keyOfFile,
  keyOfName,
  policyExports,
  policyFiles,
  suggestedStem,
} from "../../policy-pack/lib/naming";
import { policies } from "../../policy-pack/policies";
import { awsPolicies } from "../../policy-pack/policies/aws";
import { vaultPolicies } from "../../policy-pack/policies/hashicorp";
import { kubernetesPolicies } from "../../policy-pack/policies/kubernetes";

/**
 * Pins the pack: the exact list of policy names, in registry order, with their default enforcement
 * levels (AWS half, then the Kubernetes / mesh / Helm half, then HashiCorp Vault). Adding, removing, renaming or relaxing a
 * policy is a reviewed change to this list.
 */
const EXPECTED: [string, string][] = [
  ["aws-backup-vault-require-cmk", "mandatory"],
  ["aws-backup-vault-require-lock", "mandatory"],
  ["aws-backup-vaultlockconfiguration-require-compliance-mode", "advisory"],
  ["aws-backup-vaultlockconfiguration-require-retention-bounds", "mandatory"],
  ["aws-backup-plan-require-expiry", "mandatory"],
  ["aws-backup-plan-require-copy-expiry", "mandatory"],
  ["aws-backup-selection-require-scope", "mandatory"],
  ["aws-rds-instance-require-backup-retention", "mandatory"],
  ["aws-rds-cluster-require-backup-retention", "mandatory"],
  ["aws-rds-instance-require-deletion-protection", "mandatory"],
  ["aws-rds-cluster-require-deletion-protection", "mandatory"],
  ["aws-s3-bucket-require-versioning", "mandatory"],
  ["aws-elasticache-cluster-require-snapshot-retention", "mandatory"],
  ["aws-rds-snapshot-disallow-public-sharing", "mandatory"],
  ["aws-cloudwatch-loggroup-require-kms", "mandatory"],
  ["aws-dynamodb-table-require-kms-encryption", "mandatory"],
  ["aws-ebs-volume-require-encryption", "mandatory"],
  ["aws-ec2-instance-require-ebs-encryption", "mandatory"],
  ["aws-ec2-launchtemplate-require-ebs-encryption", "mandatory"],
  ["aws-ecr-repository-require-kms", "mandatory"],
  ["aws-efs-filesystem-require-encryption", "mandatory"],
  ["aws-kinesis-firehose-require-encryption", "mandatory"],
  ["aws-kinesis-stream-require-kms-encryption", "mandatory"],
  ["aws-opensearch-domain-require-encryption-at-rest", "mandatory"],
  ["aws-opensearch-domain-require-https-tls12", "mandatory"],
  ["aws-opensearch-domain-require-node-to-node-encryption", "mandatory"],
  ["aws-rds-cluster-require-storage-encryption", "mandatory"],
  ["aws-rds-instance-require-storage-encryption", "mandatory"],
  ["aws-s3-bucket-require-encryption", "mandatory"],
  ["aws-secretsmanager-secret-require-cmk", "mandatory"],
  ["aws-sns-topic-require-kms-encryption", "mandatory"],
  ["aws-sqs-queue-require-encryption", "mandatory"],
  ["aws-kms-key-disallow-wildcard-principal", "mandatory"],
  ["aws-kms-key-require-deletion-window", "mandatory"],
  ["aws-kms-key-require-rotation", "mandatory"],
  ["aws-kms-key-disallow-unrestricted-sign", "mandatory"],
  ["aws-ec2-defaultsecuritygroup-disallow-rules", "mandatory"],
  ["aws-ec2-defaultvpc-disallow-use", "mandatory"],
  ["aws-ec2-networkacl-disallow-public-allow-all", "mandatory"],
  ["aws-ec2-networkacl-disallow-public-admin-ports", "mandatory"],
  ["aws-ec2-securitygroup-disallow-public-admin-ports", "mandatory"],
  ["aws-ec2-securitygroup-disallow-public-all-traffic", "mandatory"],
  ["aws-ec2-securitygroup-disallow-unrestricted-egress", "advisory"],
  ["aws-ec2-subnet-disallow-public-ip-on-launch", "mandatory"],
  ["aws-ec2-vpc-require-flow-logs", "mandatory"],
  ["aws-lb-listener-disallow-plain-http", "mandatory"],
  ["aws-lb-listener-require-modern-tls", "mandatory"],
  ["aws-lb-listenerrule-disallow-plain-http", "mandatory"],
  ["aws-lb-loadbalancer-require-ingress-tier", "mandatory"],
  ["aws-lb-loadbalancer-require-waf-rate-limit", "mandatory"],
  ["aws-lb-loadbalancer-require-drop-invalid-headers", "mandatory"],
  ["aws-lb-loadbalancer-require-desync-mitigation", "mandatory"],
  ["aws-lb-loadbalancer-require-access-logs", "mandatory"],
  ["aws-lb-loadbalancer-require-deletion-protection", "advisory"],
  ["aws-lb-targetgroup-require-https", "advisory"],
  ["aws-elb-loadbalancer-disallow-plain-listeners", "mandatory"],
  ["aws-elb-loadbalancerpolicy-require-modern-tls", "mandatory"],
  ["aws-elb-loadbalancer-require-ssl-negotiation-policy", "mandatory"],
  ["aws-wafv2-webacl-require-managed-rules", "mandatory"],
  ["aws-wafv2-webacl-disallow-count-mode", "mandatory"],
  ["aws-wafv2-webacl-require-association", "advisory"],
  ["aws-wafv2-webacl-require-logging", "mandatory"],
  ["aws-wafv2-webaclloggingconfiguration-require-redacted-headers", "advisory"],
  ["aws-iam-accesskey-disallow-user-keys", "mandatory"],
  ["aws-iam-policy-disallow-wildcard-admin", "mandatory"],
  ["aws-iam-policy-disallow-full-iam-access", "mandatory"],
  ["aws-iam-boundary-policy-disallow-identity-use", "mandatory"],
  ["aws-iam-role-disallow-open-trust", "mandatory"],
  ["aws-iam-role-limit-session-duration", "mandatory"],
  ["aws-iam-role-require-mfa-for-admin", "mandatory"],
  ["aws-iam-role-require-federated-audience", "mandatory"],
  ["aws-iam-role-require-permissions-boundary", "mandatory"],
  ["aws-iam-userloginprofile-disallow-console-password", "mandatory"],
  ["aws-iam-user-disallow-direct-policies", "mandatory"],
  ["aws-iam-policyattachment-disallow-administrator-access", "mandatory"],
  ["aws-cloudtrail-trail-require-kms", "mandatory"],
  ["aws-cloudtrail-trail-require-log-validation", "mandatory"],
  ["aws-cloudtrail-trail-require-multi-region", "mandatory"],
  ["aws-cloudwatch-loggroup-require-retention", "mandatory"],
  ["aws-eks-cluster-require-control-plane-logs", "mandatory"],
  ["aws-guardduty-detector-require-eks-audit-logs", "mandatory"],
  ["aws-guardduty-detector-require-enabled", "mandatory"],
  ["aws-s3-bucket-require-access-logging", "mandatory"],
  ["aws-eks-cluster-disallow-public-endpoint", "mandatory"],
  ["aws-eks-cluster-require-secrets-encryption", "mandatory"],
  ["aws-eks-nodegroup-disallow-remote-access", "mandatory"],
  ["aws-eks-cluster-require-api-authentication-mode", "mandatory"],
  ["aws-eks-cluster-disallow-bootstrap-creator-admin", "mandatory"],
  ["aws-eks-accessentry-disallow-system-groups", "mandatory"],
  ["aws-eks-accesspolicyassociation-restrict-cluster-admin", "mandatory"],
  ["aws-eks-cluster-require-supported-version", "mandatory"],
  ["aws-eks-addon-require-network-policy", "mandatory"],
  ["aws-eks-addon-require-workload-identity", "mandatory"],
  ["aws-ec2-launchtemplate-limit-metadata-hop-limit", "mandatory"],
  ["aws-ec2-launchtemplate-require-imdsv2", "mandatory"],
  ["aws-ec2-instance-disallow-secrets-in-user-data", "mandatory"],
  ["aws-autoscaling-group-disallow-launch-configuration", "advisory"],
  ["aws-ecr-repository-require-immutable-tags", "mandatory"],
  ["aws-ecr-repository-require-scan-on-push", "mandatory"],
  ["aws-ecr-repositorypolicy-require-account-boundary", "mandatory"],
  ["aws-ecr-registrypolicy-disallow-public-principal", "mandatory"],
  ["aws-ecr-registryscanningconfiguration-require-continuous-scan", "mandatory"],
  ["aws-ecr-repository-require-lifecycle-policy", "mandatory"],
  ["aws-s3-bucket-require-model-object-lock", "mandatory"],
  ["aws-s3-bucket-require-model-versioning", "mandatory"],
  ["aws-s3-bucket-require-model-access-logging", "mandatory"],
  ["aws-ecs-taskdefinition-disallow-privileged", "mandatory"],
  ["aws-ecs-taskdefinition-require-readonly-root", "mandatory"],
  ["aws-ecs-taskdefinition-require-non-root-user", "mandatory"],
  ["aws-ecs-taskdefinition-disallow-host-namespaces", "mandatory"],
  ["aws-ecs-taskdefinition-disallow-plaintext-secrets", "mandatory"],
  ["aws-ec2-instance-disallow-public-ip", "mandatory"],
  ["aws-ecr-repository-disallow-public-principal", "mandatory"],
  ["aws-rds-instance-disallow-public-access", "mandatory"],
  ["aws-s3-bucket-disallow-public-acl", "mandatory"],
  ["aws-s3-bucket-disallow-public-principal", "mandatory"],
  ["aws-s3-bucket-require-public-access-block", "mandatory"],
  ["aws-s3-publicaccessblock-require-all-enabled", "mandatory"],
  ["aws-sns-topic-disallow-public-principal", "mandatory"],
  ["aws-sqs-queue-disallow-public-principal", "mandatory"],
  ["aws-cloudtrail-trail-require-global-service-events", "mandatory"],
  ["aws-cloudtrail-trail-require-cloudwatch-logs", "mandatory"],
  ["aws-cloudtrail-trail-require-protected-bucket", "mandatory"],
  ["aws-cloudtrail-trail-require-cis-alarms", "mandatory"],
  ["aws-s3-bucket-require-trail-data-events", "mandatory"],
  ["aws-cloudtrail-trail-require-management-events", "mandatory"],
  ["aws-cloudtrail-trail-require-logging", "mandatory"],
  ["aws-guardduty-detector-require-runtime-monitoring", "mandatory"],
  ["aws-guardduty-detector-require-s3-protection", "mandatory"],
  ["aws-guardduty-detector-require-frequent-publishing", "advisory"],
  ["aws-securityhub-account-require-enabled", "mandatory"],
  ["aws-securityhub-account-require-standards", "mandatory"],
  ["aws-config-recorder-require-all-resources", "mandatory"],
  ["aws-config-recorder-require-delivery-channel", "mandatory"],
  ["aws-config-recorder-require-enabled", "mandatory"],
  ["aws-opensearch-domain-disallow-public-endpoint", "mandatory"],
  ["aws-opensearch-domain-disallow-public-principal", "mandatory"],
  ["aws-opensearch-domain-require-fine-grained-access", "mandatory"],
  ["aws-opensearch-domain-require-audit-logs", "mandatory"],
  ["aws-opensearch-domain-require-high-availability", "advisory"],
  ["aws-kinesis-firehose-require-opensearch-backup", "mandatory"],
  ["aws-kinesis-firehose-require-opensearch-vpc", "mandatory"],
  ["aws-cloudwatch-loggroup-require-data-protection", "mandatory"],
  ["aws-s3-bucket-require-personal-data-expiration", "mandatory"],
  ["aws-s3-bucket-require-audit-log-object-lock", "mandatory"],
  ["aws-dynamodb-table-require-point-in-time-recovery", "mandatory"],
  ["aws-dynamodb-table-require-deletion-protection", "mandatory"],
  ["aws-kinesis-stream-limit-retention", "mandatory"],
  ["kubernetes-workload-disallow-privileged", "mandatory"],
  ["kubernetes-workload-disallow-privilege-escalation", "mandatory"],
  ["kubernetes-workload-require-run-as-non-root", "mandatory"],
  ["kubernetes-workload-disallow-root-user", "mandatory"],
  ["kubernetes-workload-disallow-host-namespaces", "mandatory"],
  ["kubernetes-workload-disallow-host-path-volumes", "mandatory"],
  ["kubernetes-workload-disallow-host-ports", "mandatory"],
  ["kubernetes-workload-restrict-added-capabilities", "mandatory"],
  ["kubernetes-workload-require-drop-all-capabilities", "mandatory"],
  ["kubernetes-workload-require-read-only-root-filesystem", "mandatory"],
  ["kubernetes-workload-require-seccomp-profile", "mandatory"],
  ["kubernetes-workload-disallow-unmasked-proc-mount", "mandatory"],
  ["kubernetes-workload-disallow-unsafe-sysctls", "mandatory"],
  ["kubernetes-workload-restrict-volume-types", "mandatory"],
  ["kubernetes-workload-require-resource-limits", "mandatory"],
  ["kubernetes-workload-disallow-service-account-token-automount", "mandatory"],
  ["kubernetes-serviceaccount-disallow-token-automount", "mandatory"],
  ["kubernetes-workload-require-pinned-image", "mandatory"],
  ["kubernetes-workload-disallow-secrets-in-env", "mandatory"],
  ["kubernetes-configmap-disallow-secrets", "mandatory"],
  ["kubernetes-workload-disallow-trust-remote-code", "mandatory"],
  ["kubernetes-workload-require-inference-image-from-registry", "mandatory"],
  ["kubernetes-namespace-require-restricted-pod-security", "mandatory"],
  ["kubernetes-namespace-require-default-deny-network-policy", "mandatory"],
  ["kubernetes-namespace-require-quarantine-network-policy", "mandatory"],
  ["kubernetes-networkpolicy-require-quarantine-exclusion", "advisory"],
  ["kubernetes-networkpolicy-disallow-allow-all", "mandatory"],
  ["kubernetes-rbac-role-disallow-wildcards", "mandatory"],
  ["kubernetes-rbac-role-disallow-escalation-verbs", "mandatory"],
  ["kubernetes-rbac-binding-disallow-cluster-admin", "mandatory"],
  ["kubernetes-rbac-binding-disallow-public-subjects", "mandatory"],
  ["kubernetes-rbac-role-disallow-secrets-read", "mandatory"],
  ["kubernetes-rbac-role-disallow-pod-exec", "mandatory"],
  ["kubernetes-secret-disallow-legacy-service-account-token", "mandatory"],
  ["kubernetes-configmap-disallow-aws-auth-system-masters", "mandatory"],
  ["kubernetes-service-disallow-public-load-balancer", "mandatory"],
  ["kubernetes-service-disallow-node-port", "advisory"],
  ["kubernetes-service-disallow-external-ips", "mandatory"],
  ["istio-peerauthentication-require-strict-mtls", "mandatory"],
  ["istio-mesh-require-strict-mtls", "mandatory"],
  ["istio-destinationrule-disallow-tls-disable", "mandatory"],
  ["istio-authorizationpolicy-disallow-allow-all", "mandatory"],
  ["istio-destinationrule-require-outlier-detection", "mandatory"],
  ["istio-authorizationpolicy-require-source-identity", "mandatory"],
  ["istio-authorizationpolicy-disallow-mesh-wide-allow", "mandatory"],
  ["istio-requestauthentication-require-https-jwks", "mandatory"],
  ["istio-serviceentry-require-tls-origination", "mandatory"],
  ["istio-gateway-require-https", "mandatory"],
  ["istio-gateway-require-modern-tls", "mandatory"],
  ["istio-gateway-disallow-tls-passthrough", "mandatory"],
  ["istio-gateway-disallow-wildcard-hosts", "mandatory"],
  ["istio-envoyfilter-disallow-auth-filter-patches", "mandatory"],
  ["istio-istiod-require-registry-only-egress", "mandatory"],
  ["istio-istiod-require-cni", "mandatory"],
  ["istio-istiod-require-proxy-resource-limits", "mandatory"],
  ["helm-release-disallow-insecure-values", "mandatory"],
  ["helm-release-disallow-secrets-in-values", "mandatory"],
  ["helm-release-require-pinned-version", "mandatory"],
  ["helm-release-disallow-insecure-repository", "mandatory"],
  ["helm-release-require-hardened-vault", "mandatory"],
  ["helm-release-require-hardened-kyverno", "mandatory"],
  ["kyverno-clusterpolicy-disallow-audit-image-verification", "mandatory"],
  ["kyverno-clusterpolicy-require-strict-image-verification", "mandatory"],
  ["vault-policy-disallow-broad-grants", "mandatory"],
  ["vault-policy-disallow-secret-destruction", "mandatory"],
  ["vault-kubernetes-authbackendrole-disallow-wildcard-bindings", "mandatory"],
  ["vault-jwt-authbackendrole-require-bound-audiences", "mandatory"],
  ["vault-jwt-authbackendrole-require-bound-claims", "mandatory"],
  ["vault-jwt-authbackend-disallow-default-role", "mandatory"],
  ["vault-auth-role-limit-token-ttl", "mandatory"],
  ["vault-authbackend-disallow-userpass", "mandatory"],
  ["vault-token-disallow-long-lived", "mandatory"],
  ["vault-transit-secretbackendkey-disallow-export-or-deletion", "mandatory"],
  ["vault-transit-secretbackendkey-require-rotation", "mandatory"],
  ["vault-kv-secretbackend-require-version-history", "mandatory"],
  ["vault-audit-require-device", "mandatory"],
  ["vault-audit-disallow-raw-logging", "mandatory"],
];

test("the registry holds exactly the pinned policies, in order, with their levels", () => {
  assert.deepEqual(
    policies.map((p) => [p.name, p.enforcementLevel]),
    EXPECTED,
  );
});

test("the registry is the AWS half, the Kubernetes half, then the Vault policies", () => {
  assert.deepEqual(policies, [...awsPolicies, ...kubernetesPolicies, ...vaultPolicies]);
  assert.ok(vaultPolicies.every((p) => p.name.startsWith("vault-")));
  assert.ok(awsPolicies.length >= 45, `${awsPolicies.length} AWS policies`);
  assert.ok(awsPolicies.every((p) => p.name.startsWith("aws-")));
});

test("names are unique and follow <provider>-<service>-<resource>-<verb>-<what>", () => {
  const names = policies.map((p) => p.name);
  assert.equal(new Set(names).size, names.length);
  for (const n of names) assert.match(n, /^[a-z0-9]+(-[a-z0-9]+){3,}$/, n);
});

/*
 * Found by name in one step (policy-pack/lib/naming.ts): a policy's file is its name without the provider
 * segment, in camelCase, and exports that one policy under the file's stem.
 */
const exported = policyExports();

test("each policy's file is the one its name gives, and exports it", () => {
  const problems: string[] = [];
  for (const p of policies) {
    const byName = fileOfPolicy(p.name);
    const exporters = exported.filter((e) => e.policy === p).map((e) => e.file);
    if (exporters.length !== 1) problems.push(`${p.name} is exported by ${exporters.length} files`);
    else if (byName !== exporters[0])
      problems.push(
        `${p.name} is in ${exporters[0]}, but its name gives ` +
          `${byName ?? `<area>/${suggestedStem(p.name)}.ts (no such file)`}: rename the file (a name is a ` +
          `public contract: rename a name only when it is wrong, and update config/*.json and docs)`,
      );
  }
  assert.deepEqual(problems, []);
});

test("every policy file exports exactly one registered policy, named after the file", () => {
  const registered = new Set<object>(policies);
  for (const file of policyFiles()) {
    const mine = exported.filter((e) => e.file === file);
    assert.equal(mine.length, 1, `${file} exports ${mine.length} policies (one file, one policy)`);
    const [e] = mine;
    assert.equal(e!.exportName, path.basename(file, ".ts"), `${file}: export it as its stem`);
    assert.ok(registered.has(e!.policy), `${file}: ${e!.policy.name} is not in the registry`);
    assert.equal(keyOfFile(file), keyOfName(e!.policy.name), file);
  }
});

test("the naming rule itself: key, suggestion and lookup", () => {
  assert.equal(keyOfName("aws-ec2-launchtemplate-require-imdsv2"), "ec2launchtemplaterequireimdsv2");
  assert.equal(keyOfFile("ec2/ec2LaunchTemplateRequireImdsv2.ts"), "ec2launchtemplaterequireimdsv2");
  assert.equal(suggestedStem("kubernetes-rbac-role-disallow-wildcards"), "rbacRoleDisallowWildcards");
  const files = ["helm/releaseRequirePinnedVersion.ts", "k8s-rbac/rbacRoleDisallowWildcards.ts"];
  assert.equal(fileOfPolicy("kubernetes-rbac-role-disallow-wildcards", files), files[1]);
  assert.equal(fileOfPolicy("helm-release-require-pinned-version", files), files[0]);
  // The old file of this policy did not carry the `rbac` segment: no longer found, so the test above fails.
  assert.equal(
    fileOfPolicy("kubernetes-rbac-role-disallow-wildcards", ["k8s-rbac/roleDisallowWildcards.ts"]),
    undefined,
  );
});

/*
 * One test file per policy, mirroring its path (test/policies/<area>/<stem>.test.ts), and each holds a
 * case with a value unknown during preview (the harness's UNKNOWN sentinels) and a case with an empty
 * string, so a policy's behaviour on both is pinned, not assumed. A structural check: the file exists,
 * names a test about an unknown value, uses UNKNOWN, and feeds a "".
 */
const TESTS_DIR = path.resolve(__dirname);

test("every policy has its own test file with an unknown-value case and an empty-string case", () => {
  const problems: string[] = [];
  for (const file of policyFiles()) {
    const testFile = path.join(TESTS_DIR, file.replace(/\.ts$/, ".test.ts"));
    const rel = path.relative(path.resolve(TESTS_DIR, "../.."), testFile);
    if (!fs.existsSync(testFile)) {
      problems.push(`${file}: no test file ${rel}`);
      continue;
    }
    const text = fs.readFileSync(testFile, "utf8");
    if (!/\bUNKNOWN\.(string|number|boolean|array|object)\b/.test(text))
      problems.push(`${rel}: feeds no unknown value (UNKNOWN.<kind> from helpers/policyHarness)`);
    if (!/\btest\(\s*[`'"][^\n]*\bunknowns?\b/i.test(text))
      problems.push(`${rel}: has no test whose title says what an unknown value does`);
    if (!/(?<![\\"])""(?!")/.test(text)) problems.push(`${rel}: feeds no empty string ("")`);
  }
  assert.deepEqual(problems, []);
});

test("every policy says what it prevents and why (a description of more than one clause)", () => {
  for (const p of policies) assert.ok(p.description.length >= 60, `${p.name}: description too short`);
});

const configDir = path.resolve(__dirname, "../../policy-pack/config");
const readConfig = (stack: string) =>
  JSON.parse(fs.readFileSync(path.join(configDir, `${stack}.json`), "utf8")) as Record<string, any>;
const levelOf = (entry: unknown) =>
  typeof entry === "string" ? entry : (entry as { enforcementLevel?: string })?.enforcementLevel;

test("prod.json makes every registered policy mandatory, and names nothing else", () => {
  const prod = readConfig("prod");
  assert.deepEqual(Object.keys(prod).sort(), policies.map((p) => p.name).sort());
  for (const p of policies) assert.equal(levelOf(prod[p.name]), "mandatory", p.name);
});

test("dev.json relaxes only the documented few AWS policies to advisory, and disables none", () => {
  const dev = readConfig("dev");
  assert.deepEqual(Object.keys(dev).sort(), policies.map((p) => p.name).sort());
  for (const p of policies) assert.notEqual(levelOf(dev[p.name]), "disabled", p.name);
  const relaxedAws = awsPolicies.filter((p) => levelOf(dev[p.name]) === "advisory").map((p) => p.name);
  assert.deepEqual(relaxedAws, [
    "aws-backup-vaultlockconfiguration-require-compliance-mode",
    // A dev database is meant to be torn down with its stack.
    "aws-rds-instance-require-deletion-protection",
    "aws-rds-cluster-require-deletion-protection",
    "aws-ec2-securitygroup-disallow-unrestricted-egress",
    "aws-lb-loadbalancer-require-waf-rate-limit",
    "aws-lb-loadbalancer-require-deletion-protection",
    "aws-autoscaling-group-disallow-launch-configuration",
    "aws-s3-bucket-require-model-object-lock",
    "aws-guardduty-detector-require-frequent-publishing",
    "aws-securityhub-account-require-enabled",
    "aws-opensearch-domain-require-high-availability",
    "aws-dynamodb-table-require-deletion-protection",
  ]);
});

test("config per stack: audit log buckets lock in COMPLIANCE mode in prod; dev also admits GOVERNANCE", () => {
  assert.deepEqual(readConfig("prod")["aws-s3-bucket-require-audit-log-object-lock"].allowedModes, [
    "COMPLIANCE",
  ]);
  assert.deepEqual(readConfig("dev")["aws-s3-bucket-require-audit-log-object-lock"].allowedModes, [
    "COMPLIANCE",
    "GOVERNANCE",
  ]);
});

test("config thresholds per stack: log retention 30/365 days, KMS deletion window 7/30 days (dev/prod)", () => {
  assert.equal(readConfig("dev")["aws-kms-key-require-deletion-window"].minimumDays, 7);
  assert.equal(readConfig("prod")["aws-kms-key-require-deletion-window"].minimumDays, 30);
  assert.equal(readConfig("dev")["aws-cloudwatch-loggroup-require-retention"].minimumDays, 30);
  assert.equal(readConfig("prod")["aws-cloudwatch-loggroup-require-retention"].minimumDays, 365);
});

test("config per stack: prod accepts only the strictest ALB desync mitigation; dev keeps the policy's default", () => {
  assert.deepEqual(readConfig("prod")["aws-lb-loadbalancer-require-desync-mitigation"].allowedModes, [
    "strictest",
  ]);
  assert.equal(readConfig("dev")["aws-lb-loadbalancer-require-desync-mitigation"], "mandatory");
});
