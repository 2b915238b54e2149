import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { createRegistry, type RegistryOutputs } from "../../../components/supplychain/supplyChain.registry";
import {
  lifecyclePolicyDocument,
  repositoryPolicyDocument,
} from "../../../components/supplychain/supplyChain.registry.logic";
import { policies } from "../../../policy-pack/policies";
import { type Captured, json, plain, runComponent, unwrap } from "../../helpers/harness";
import { validate, validateStack } from "../../policies/helpers/policyHarness";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const CTX = { partition: "aws", region: REGION, accountId: ACCOUNT };
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/models`;
const SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:ecr-pullthroughcache/ghcr-AbCdEf`;

class TestScope extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:supplychain:Scope", name, {}, {});
  }
}

const REPO = "aws:ecr/repository:Repository";
const SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";
const ENABLER = "aws:inspector2/enabler:Enabler";

describe("createRegistry in the owning stack, with cache rules", () => {
  let run: Captured;
  let out: RegistryOutputs;
  let resolved: { urls: Record<string, string>; arns: Record<string, string>; host: string; id: string };
  before(async () => {
    run = await runComponent(async () => {
      const scope = new TestScope("sc");
      out = createRegistry(
        scope,
        "sc",
        {
          namePrefix: "rampart-prod",
          modelsKeyArn: KEY,
          repositories: ["vllm", "tools/cosign"],
          keepImages: 20,
          enableInspector: true,
          pullThroughCache: [
            { prefix: "ecr-public", upstream: "public.ecr.aws" },
            { prefix: "ghcr", upstream: "ghcr.io", credentialArn: SECRET },
          ],
          nodeRoleNames: ["rampart-prod-system-node", "rampart-prod-gpu-node"],
          tags: { team: "ml" },
        },
        CTX,
      );
      resolved = {
        urls: Object.fromEntries(
          await Promise.all(Object.entries(out.repositoryUrls).map(async ([k, v]) => [k, await unwrap(v)])),
        ),
        arns: Object.fromEntries(
          await Promise.all(Object.entries(out.repositoryArns).map(async ([k, v]) => [k, await unwrap(v)])),
        ),
        host: await unwrap(out.registryHost),
        id: await unwrap(out.registryId),
      };
    });
  });

  test("exactly the registry's resources, children of the scope, named sc-*", () => {
    assert.deepEqual(
      run
        .childrenOf(run.one("test:supplychain:Scope"))
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
      [
        "aws:ecr/lifecyclePolicy:LifecyclePolicy sc-repo-tools-cosign-lifecycle",
        "aws:ecr/lifecyclePolicy:LifecyclePolicy sc-repo-vllm-lifecycle",
        "aws:ecr/pullThroughCacheRule:PullThroughCacheRule sc-cache-ecr-public",
        "aws:ecr/pullThroughCacheRule:PullThroughCacheRule sc-cache-ghcr",
        "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate sc-cache-ecr-public-template",
        "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate sc-cache-ghcr-template",
        `${SCANNING} sc-scanning`,
        `${REPO} sc-repo-tools-cosign`,
        `${REPO} sc-repo-vllm`,
        "aws:ecr/repositoryPolicy:RepositoryPolicy sc-repo-tools-cosign-policy",
        "aws:ecr/repositoryPolicy:RepositoryPolicy sc-repo-vllm-policy",
        "aws:iam/policy:Policy sc-pull-through-cache",
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment sc-pull-through-cache-node-0",
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment sc-pull-through-cache-node-1",
        `${ENABLER} sc-inspector`,
      ].sort(),
    );
  });

  test("repositories: <namePrefix>/<name>, immutable, KMS with the models key, scan on push, kept, protected", () => {
    for (const [child, name] of [
      ["sc-repo-vllm", "rampart-prod/vllm"],
      ["sc-repo-tools-cosign", "rampart-prod/tools/cosign"],
    ] as const) {
      const r = run.named(child);
      const i = plain<Record<string, any>>(r.inputs);
      assert.equal(i.name, name);
      assert.equal(i.imageTagMutability, "IMMUTABLE");
      assert.deepEqual(i.encryptionConfigurations, [{ encryptionType: "KMS", kmsKey: KEY }]);
      assert.deepEqual(i.imageScanningConfiguration, { scanOnPush: true });
      assert.equal(i.forceDelete, false);
      assert.deepEqual(i.tags, { team: "ml", "rampart:data-class": "models", Name: name });
      assert.equal(r.protect, true);
      // Created after the registry-wide scanning configuration.
      assert.ok(r.dependencies.includes(run.named("sc-scanning").urn));
    }
  });

  test("each repository has the lifecycle and the account-only policy", () => {
    const lc = run.named("sc-repo-vllm-lifecycle");
    assert.equal(plain(lc.inputs.repository), "rampart-prod/vllm");
    assert.deepEqual(json(lc.inputs.policy), lifecyclePolicyDocument(20));
    const pol = run.named("sc-repo-vllm-policy");
    assert.equal(plain(pol.inputs.repository), "rampart-prod/vllm");
    assert.deepEqual(json(pol.inputs.policy), repositoryPolicyDocument(CTX));
  });

  test("Inspector scans ECR for this account; registry scanning is ENHANCED and continuous, after it", () => {
    const en = plain<Record<string, any>>(run.one(ENABLER).inputs);
    assert.deepEqual(en.accountIds, [ACCOUNT]);
    assert.deepEqual(en.resourceTypes, ["ECR"]);
    const scan = run.one(SCANNING);
    assert.deepEqual(plain(scan.inputs), {
      scanType: "ENHANCED",
      rules: [
        { scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] },
      ],
    });
    assert.ok(scan.dependencies.includes(run.one(ENABLER).urn));
  });

  test("cache rules, their credential, and the node policy scoped to the prefixes and attached to each node role", () => {
    assert.deepEqual(plain(run.named("sc-cache-ecr-public").inputs), {
      ecrRepositoryPrefix: "ecr-public",
      upstreamRegistryUrl: "public.ecr.aws",
    });
    assert.deepEqual(plain(run.named("sc-cache-ghcr").inputs), {
      ecrRepositoryPrefix: "ghcr",
      upstreamRegistryUrl: "ghcr.io",
      credentialArn: SECRET,
    });
    const template = plain<Record<string, any>>(run.named("sc-cache-ghcr-template").inputs);
    assert.equal(template.prefix, "ghcr");
    assert.deepEqual(template.appliedFors, ["PULL_THROUGH_CACHE"]);
    assert.equal(template.imageTagMutability, "MUTABLE");
    assert.deepEqual(JSON.parse(template.repositoryPolicy), repositoryPolicyDocument(CTX));
    assert.deepEqual(JSON.parse(template.lifecyclePolicy), lifecyclePolicyDocument(20));
    const policy = run.named("sc-pull-through-cache");
    assert.equal(plain(policy.inputs.name), "rampart-prod-pull-through-cache");
    assert.deepEqual(json(policy.inputs.policy).Statement[0].Resource, [
      `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/ecr-public/*`,
      `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/ghcr/*`,
    ]);
    assert.deepEqual(
      run.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => plain(a.inputs.role)),
      ["rampart-prod-system-node", "rampart-prod-gpu-node"],
    );
  });

  test("outputs: URLs and ARNs per name, the registry id and host", () => {
    const host = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
    assert.deepEqual(resolved.urls, {
      vllm: `${host}/rampart-prod/vllm`,
      "tools/cosign": `${host}/rampart-prod/tools/cosign`,
    });
    assert.deepEqual(resolved.arns, {
      vllm: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/rampart-prod/vllm`,
      "tools/cosign": `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/rampart-prod/tools/cosign`,
    });
    assert.equal(resolved.host, host);
    assert.equal(resolved.id, ACCOUNT);
  });
});

describe("createRegistry in a stack that shares the account (dev), no cache rules", () => {
  let run: Captured;
  let out: RegistryOutputs;
  before(async () => {
    run = await runComponent(() => {
      out = createRegistry(
        new TestScope("sc"),
        "sc",
        {
          namePrefix: "rampart-dev",
          modelsKeyArn: KEY,
          repositories: ["vllm"],
          immutableTags: false,
          protect: false,
          pullThroughCache: [{ prefix: "ecr-public", upstream: "public.ecr.aws" }],
          nodeRoleNames: ["rampart-dev-node"],
        },
        CTX,
      );
    });
  });

  test("no account-wide resources: no Inspector, no registry scanning, no cache rule or template", () => {
    assert.equal(run.ofType(ENABLER).length, 0);
    assert.equal(run.ofType(SCANNING).length, 0);
    assert.equal(run.ofType("aws:ecr/pullThroughCacheRule:PullThroughCacheRule").length, 0);
    assert.equal(run.ofType("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate").length, 0);
  });

  test("its nodes still get the cache policy for the prefixes it lists", () => {
    assert.deepEqual(json(run.named("sc-pull-through-cache").inputs.policy).Statement[0].Resource, [
      `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/ecr-public/*`,
    ]);
    assert.equal(
      plain(run.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs.role),
      "rampart-dev-node",
    );
    assert.ok(out.pullThroughCachePolicyArn);
  });

  test("the repository still scans on push; mutable tags only when asked; default keepImages 100", () => {
    const r = run.one(REPO);
    assert.equal(plain(r.inputs.imageTagMutability), "MUTABLE");
    assert.deepEqual(plain(r.inputs.imageScanningConfiguration), { scanOnPush: true });
    assert.equal(r.protect, false);
    assert.deepEqual(
      json(run.one("aws:ecr/lifecyclePolicy:LifecyclePolicy").inputs.policy),
      lifecyclePolicyDocument(100),
    );
  });
});

describe("createRegistry with enhancedScanning false in the owning stack", () => {
  test("registry scanning is BASIC on push for every repository", async () => {
    const run = await runComponent(() =>
      createRegistry(
        new TestScope("sc"),
        "sc",
        {
          namePrefix: "p",
          modelsKeyArn: KEY,
          repositories: ["a"],
          enableInspector: true,
          enhancedScanning: false,
        },
        CTX,
      ),
    );
    assert.deepEqual(plain(run.one(SCANNING).inputs), {
      scanType: "BASIC",
      rules: [
        { scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] },
      ],
    });
  });
});

describe("the registry's resources pass the pack's ECR policies", () => {
  test("no violation from any ECR policy, resource or stack, in the owning stack with an organisation", async () => {
    const run = await runComponent(() =>
      createRegistry(
        new TestScope("sc"),
        "sc",
        {
          namePrefix: "rampart-prod",
          modelsKeyArn: KEY,
          repositories: ["vllm"],
          enableInspector: true,
          organizationId: "o-abcdef1234",
          pullThroughCache: [{ prefix: "ecr-public", upstream: "public.ecr.aws" }],
        },
        CTX,
      ),
    );
    const ecr = policies.filter((p) => p.name.startsWith("aws-ecr-"));
    assert.ok(ecr.length >= 8, ecr.map((p) => p.name).join(", "));
    const resources = run.registered
      .filter((r) => r.type.startsWith("aws:"))
      .map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: plain<Record<string, any>>(r.inputs) }));
    for (const p of ecr) {
      if ("validateStack" in p) assert.deepEqual(await validateStack(p, resources), [], p.name);
      else
        for (const r of resources)
          assert.deepEqual((await validate(p, r)).violations, [], `${p.name} on ${r.name}`);
    }
  });
});
