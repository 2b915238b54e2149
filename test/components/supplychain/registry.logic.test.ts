import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { validateSupplyChainArgs } from "../../../components/supplychain/supplyChain.validate";
import {
  lifecyclePolicyDocument,
  pullThroughCacheNodePolicy,
  registryHost,
  repositoryPolicyDocument,
  scanningConfiguration,
  upstreamOf,
  validateRegistryArgs,
} from "../../../components/supplychain/supplyChain.registry.logic";
import { keyPolicyStatements } from "../../../components/security/keyRing.logic";
import type { RegistryArgs } from "../../../components/supplychain/supplyChain.args";

const ACCOUNT = "111122223333";
const C = { partition: "aws", region: "eu-west-1", accountId: ACCOUNT };
const SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:ecr-pullthroughcache/dockerhub-AbCdEf";
const valid: RegistryArgs = {
  repositories: ["vllm", "tools/cosign"],
  keepImages: 30,
  organizationId: "o-abcdef1234",
  pullThroughCache: [
    { prefix: "ecr-public", upstream: "public.ecr.aws" },
    { prefix: "k8s", upstream: "registry.k8s.io" },
    { prefix: "docker-hub", upstream: "registry-1.docker.io", credentialArn: SECRET },
  ],
};
const problems = (a: Partial<RegistryArgs>) =>
  validateRegistryArgs({ ...valid, ...a }).map((p) => [p.path.join("."), p.value, p.message]);

describe("validateRegistryArgs", () => {
  test("valid arguments have no problem", () => {
    assert.deepEqual(validateRegistryArgs(valid), []);
    assert.deepEqual(validateRegistryArgs({ repositories: ["vllm"] }), []);
  });

  test("repositories: at least one, ECR's name rules, unique", () => {
    assert.deepEqual(problems({ repositories: [] }), [
      ["repositories", [], 'is empty (expected at least one repository name, e.g. ["vllm"])'],
    ]);
    const bad =
      'is not an ECR repository name (expected lowercase letters and digits, separated by ".", "_", "-" or "/", e.g. "vllm" or "models/vllm")';
    assert.deepEqual(problems({ repositories: ["VLLM", "a//b", "-x", "vllm", "vllm", "ok_1.2"] }), [
      ["repositories.0", "VLLM", bad],
      ["repositories.1", "a//b", bad],
      ["repositories.2", "-x", bad],
      ["repositories.4", "vllm", "is listed twice (expected unique names)"],
    ]);
  });

  test("keepImages: an integer of at least 1", () => {
    for (const keepImages of [0, -1, 2.5, Number.NaN, "10" as unknown as number])
      assert.deepEqual(problems({ keepImages }), [
        [
          "keepImages",
          keepImages,
          "is not a number of images to keep (expected an integer of at least 1, covering every version you may roll back to)",
        ],
      ]);
    assert.deepEqual(problems({ keepImages: 1 }), []);
  });

  test("organizationId: o- and 10 to 32 lowercase letters or digits", () => {
    for (const organizationId of ["o-abc", "o-ABCDEF12345", "123456789012", `o-${"a".repeat(33)}`])
      assert.deepEqual(problems({ organizationId }), [
        [
          "organizationId",
          organizationId,
          'is not an AWS Organizations ID (expected "o-" and 10 to 32 lowercase letters or digits)',
        ],
      ]);
  });

  test("pull-through cache: prefix format, supported upstream, credentials where needed, unique prefixes", () => {
    assert.deepEqual(
      problems({
        pullThroughCache: [
          { prefix: "X", upstream: "quay.io" },
          { prefix: "hub", upstream: "docker.io" },
          { prefix: "nv", upstream: "nvcr.io" },
          { prefix: "gh", upstream: "ghcr.io" },
          { prefix: "k8s", upstream: "registry.k8s.io", credentialArn: SECRET },
          {
            prefix: "gl",
            upstream: "registry.gitlab.com",
            credentialArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:gitlab",
          },
          { prefix: "k8s", upstream: "quay.io" },
          { prefix: "az", upstream: "myregistry.azurecr.io", credentialArn: SECRET },
        ],
      }).map((p) => p.slice(0, 2).concat(String(p[2]).slice(0, 40))),
      [
        ["pullThroughCache.0.prefix", "X", "is not a pull-through cache prefix (expe"],
        ["pullThroughCache.1.upstream", "docker.io", "is not the URL ECR expects for this regi"],
        ["pullThroughCache.2.upstream", "nvcr.io", "is not an upstream ECR's pull-through ca"],
        ["pullThroughCache.3.credentialArn", undefined, "is required for GitHub Container Registr"],
        ["pullThroughCache.4.credentialArn", SECRET, "is not accepted for Kubernetes (remove i"],
        [
          "pullThroughCache.5.credentialArn",
          "arn:aws:secretsmanager:eu-west-1:111122223333:secret:gitlab",
          "is not a pull-through cache credential (",
        ],
        ["pullThroughCache.6.prefix", "k8s", "is used by another rule (expected unique"],
      ],
    );
  });

  test("exact messages for the upstream and credential rules", () => {
    const [alias, unsupported, missing] = validateRegistryArgs({
      repositories: ["vllm"],
      pullThroughCache: [
        { prefix: "hub", upstream: "docker.io" },
        { prefix: "nv", upstream: "nvcr.io" },
        { prefix: "hub2", upstream: "registry-1.docker.io" },
      ],
    });
    assert.equal(alias?.message, 'is not the URL ECR expects for this registry (use "registry-1.docker.io")');
    assert.equal(
      unsupported?.message,
      "is not an upstream ECR's pull-through cache supports (expected one of public.ecr.aws, registry.k8s.io, quay.io, registry-1.docker.io, ghcr.io, registry.gitlab.com, <name>.azurecr.io; copy other images into a repository of ours)",
    );
    assert.equal(
      missing?.message,
      'is required for Docker Hub (expected the ARN of a Secrets Manager secret named "ecr-pullthroughcache/<name>" with the upstream\'s username and access token)',
    );
  });

  test("SupplyChain's validator reports them under registry", () => {
    const out = validateSupplyChainArgs({
      namePrefix: "rampart-prod",
      stack: "prod",
      modelsKeyArn: "arn",
      registry: { repositories: [] },
      modelStore: { objectLock: { mode: "COMPLIANCE", days: 30 }, accessLogRetentionDays: 365 },
    });
    assert.ok(out.some((p) => p.path.join(".") === "registry.repositories"));
  });
});

describe("documents", () => {
  test("lifecycle: untagged expire after 1 day, then keep the N most recent tagged", () => {
    assert.deepEqual(lifecyclePolicyDocument(30), {
      rules: [
        {
          rulePriority: 1,
          description: "Expire untagged images 1 day after push",
          selection: {
            tagStatus: "untagged",
            countType: "sinceImagePushed",
            countUnit: "days",
            countNumber: 1,
          },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: "Keep the 30 most recent tagged images",
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["*"],
            countType: "imageCountMoreThan",
            countNumber: 30,
          },
          action: { type: "expire" },
        },
      ],
    });
  });

  test("repository policy: pulls by the account, everything else from outside denied, no open Allow", () => {
    const doc = repositoryPolicyDocument(C);
    assert.deepEqual(doc.Statement, [
      {
        Sid: "PullByThisAccount",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111122223333:root" },
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      },
      {
        Sid: "DenyOutsideAccount",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "ecr:*",
        Condition: { StringNotEquals: { "aws:PrincipalAccount": "111122223333" } },
      },
    ]);
    // No push action is granted by the resource policy: pushes need an identity policy.
    const allowed = doc.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => s.Action as string[]);
    assert.ok(!allowed.some((a) => /Put|Upload|Delete|\*/.test(a)));
  });

  test("repository policy with an organisation: the org's principals may pull, the deny spares the org", () => {
    const doc = repositoryPolicyDocument(C, "o-abcdef1234");
    assert.deepEqual(doc.Statement[1], {
      Sid: "PullByOurOrganization",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdef1234" } },
    });
    assert.deepEqual(doc.Statement[2]?.Condition, {
      StringNotEquals: { "aws:PrincipalAccount": "111122223333", "aws:PrincipalOrgID": "o-abcdef1234" },
    });
  });

  test("scanning: ENHANCED with continuous rescans of every repository, or BASIC on push", () => {
    const all = [{ filter: "*", filterType: "WILDCARD" }];
    assert.deepEqual(scanningConfiguration(true), {
      scanType: "ENHANCED",
      rules: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: all }],
    });
    assert.deepEqual(scanningConfiguration(false), {
      scanType: "BASIC",
      rules: [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: all }],
    });
  });

  test("node policy for the cache: import and create only under the rules' prefixes", () => {
    assert.deepEqual(pullThroughCacheNodePolicy(C, ["ecr-public", "k8s"]).Statement, [
      {
        Sid: "PullThroughCache",
        Effect: "Allow",
        Action: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
        Resource: [
          "arn:aws:ecr:eu-west-1:111122223333:repository/ecr-public/*",
          "arn:aws:ecr:eu-west-1:111122223333:repository/k8s/*",
        ],
      },
    ]);
  });

  test("registry host, and the supported upstream table", () => {
    assert.equal(registryHost(C), "111122223333.dkr.ecr.eu-west-1.amazonaws.com");
    assert.equal(
      registryHost({ ...C, partition: "aws-cn", region: "cn-north-1" }),
      "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn",
    );
    assert.equal(upstreamOf("myreg01.azurecr.io")?.credential, "required");
    assert.equal(upstreamOf("quay.io")?.credential, "optional");
    assert.equal(upstreamOf("nvcr.io"), undefined);
  });
});

describe("the models key lets ECR encrypt the repositories", () => {
  /**
   * ECR creates a grant on the key when a repository is created (as the caller, through ECR) and uses the
   * key through that grant; the creator needs kms:CreateGrant and kms:DescribeKey through ECR.
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html
   */
  test("CreateGrant through ECR for AWS resources only, and DescribeKey through ECR, for this account", () => {
    const statements = keyPolicyStatements("models", {
      ...C,
      logGroupPrefixes: ["/rampart/"],
      grantAutoScalingServiceLinkedRole: false,
    }) as unknown as Record<string, any>[];
    const via = (s: Record<string, any>) => [s.Condition?.StringEquals?.["kms:ViaService"]].flat();
    const grant = statements.find(
      (s) => [s.Action].flat().includes("kms:CreateGrant") && via(s).includes("ecr.eu-west-1.amazonaws.com"),
    );
    assert.ok(grant, "no CreateGrant through ECR");
    assert.equal(grant.Condition.Bool["kms:GrantIsForAWSResource"], "true");
    assert.equal(grant.Condition.StringEquals["kms:CallerAccount"], ACCOUNT);
    const use = statements.find(
      (s) => [s.Action].flat().includes("kms:DescribeKey") && via(s).includes("ecr.eu-west-1.amazonaws.com"),
    );
    assert.ok(use, "no DescribeKey through ECR");
    assert.equal(use.Principal.AWS, `arn:aws:iam::${ACCOUNT}:root`);
  });
});
