import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { validateAccessControlArgs } from "../../components/identity/accessControl.validate";
import { BUILTIN_CAPABILITIES } from "../../components/identity/roles";
import { type ArgPath, showValue } from "../../components/shared/problems";
import { keyOf, valueAt } from "../../stacks/config/messages";
import {
  accessArgsOf,
  accessKeys,
  ConfigError,
  configSchema,
  configuredVault,
  enabledVaultServer,
  type KeyMap,
  ORG_GUARDRAILS_KEYS,
  orgGuardrailsArgsOf,
  parseConfig,
  resolveRole,
  VAULT_OIDC_CLIENT_SECRET_KEY,
  VAULT_TOKEN_KEY,
  vaultAccessArgsOf,
  vaultAccessKeys,
  vaultServerArgsOf,
} from "../../stacks/config";
import { flattenConfig, stackConfig, type StackName, unwrap } from "../helpers/harness";

/**
 * The identity Args mappers give AccessControl, VaultAccess, VaultServer and OrgGuardrails their
 * contracts' config-decided fields from the shipped config (the role map resolved: built-in capabilities,
 * default namespaces, MFA and sessions), the secrets stay Output secrets read from their secret keys, and
 * every Args value maps back to the `rampart:` key it was written under.
 */

function load(stack: StackName, edit: (c: Record<string, any>) => void = () => undefined) {
  const raw = stackConfig(stack);
  edit(raw);
  return parseConfig(flattenConfig(raw), stack);
}

/** Every leaf of an Args object with its path (arrays by index); undefined leaves are skipped. */
function leaves(value: unknown, path: ArgPath = []): [ArgPath, unknown][] {
  if (value === undefined) return [];
  if (pulumi.Output.isInstance(value)) return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [[path, value]];
}

const SECRETS = [`rampart:${VAULT_TOKEN_KEY}`, `rampart:${VAULT_OIDC_CLIENT_SECRET_KEY}`];

/**
 * Each config-decided Args value is the value at the key its problems are reported under; `derived`
 * matches the paths resolved rather than copied (a built-in's capabilities, defaulted namespaces and
 * MFA, a role's name, which is its key), whose key the config leaves unset or holds as a whole role.
 */
function assertEachLeafMapsToItsKey(
  args: object,
  map: KeyMap,
  config: object,
  derived: RegExp[] = [],
): number {
  let copied = 0;
  for (const [path, value] of leaves(args)) {
    const key = map(path);
    if (typeof key === "string") {
      assert.ok(
        SECRETS.includes(key) || !key.startsWith("rampart:"),
        `${keyOf(path)} maps to a plain key ${key}`,
      );
      continue;
    }
    const written = valueAt(config, key);
    if (derived.some((d) => d.test(path.join("."))) && (written === undefined || typeof written === "object"))
      continue;
    assert.deepEqual(written, value, `${path.join(".")} -> ${keyOf(key)}`);
    copied++;
  }
  return copied;
}

const PROD_NAMESPACES = ["llm-inference"];

describe("the role map", () => {
  test("prod's roles resolve: built-in capabilities, every inference namespace for namespaced ones, MFA on administrators, an hour each", () => {
    const c = load("prod");
    const { roles } = accessArgsOf({ ...c, access: c.access! }, "rampart", "prod");
    const role = (name: string, groups: string[], extra: object = {}) => ({
      name,
      capabilities: BUILTIN_CAPABILITIES[name as keyof typeof BUILTIN_CAPABILITIES],
      groups,
      namespaces: [],
      mfa: false,
      maxSessionSeconds: 3600,
      breakGlass: false,
      ...extra,
    });
    assert.deepEqual(roles, [
      role("inference-only", ["llm-users"], { namespaces: PROD_NAMESPACES }),
      role("model-management", ["ml-engineers"], { namespaces: PROD_NAMESPACES }),
      role("audit-view", ["security-auditors"]),
      role("platform-admin", ["platform-admins"], { mfa: true }),
      role("break-glass", [], { mfa: true, breakGlass: true }),
      role("prompt-author", ["chatbot-authors"], {
        capabilities: ["cluster.describe", "prompts.write"],
        namespaces: PROD_NAMESPACES,
      }),
    ]);
  });

  test("what a role writes wins over the defaults; an administrator's written mfa: false is kept (for the validator to refuse)", () => {
    const namespaces = [{ name: "a" }, { name: "b" }];
    assert.deepEqual(
      resolveRole(
        "model-management",
        { groups: ["g"], namespaces: ["b"], mfa: true, maxSessionSeconds: 7200 },
        { maxSessionSeconds: 3600 },
        namespaces,
      ),
      {
        name: "model-management",
        capabilities: BUILTIN_CAPABILITIES["model-management"],
        groups: ["g"],
        namespaces: ["b"],
        mfa: true,
        maxSessionSeconds: 7200,
        breakGlass: false,
      },
    );
    assert.equal(
      resolveRole("platform-admin", { groups: ["g"], mfa: false }, { maxSessionSeconds: 3600 }, namespaces)
        .mfa,
      false,
    );
    // A custom role is administrative by its capabilities, not its name.
    const custom = resolveRole(
      "ops",
      { capabilities: ["cluster.describe", "platform.admin"], groups: ["g"] },
      { maxSessionSeconds: 900 },
      namespaces,
    );
    assert.deepEqual(
      [custom.mfa, custom.namespaces, custom.maxSessionSeconds, custom.breakGlass],
      [true, [], 900, false],
    );
    // Built-in capabilities are the built-in's, whatever is written (the stack rules refuse writing them).
    assert.deepEqual(
      resolveRole(
        "inference-only",
        { capabilities: ["platform.admin"], groups: ["g"] },
        { maxSessionSeconds: 900 },
        [],
      ).capabilities,
      BUILTIN_CAPABILITIES["inference-only"],
    );
  });
});

describe("accessArgsOf", () => {
  test("prod's config gives AccessControl its contract's config-decided Args", () => {
    const c = load("prod");
    const { roles, ...rest } = accessArgsOf({ ...c, access: c.access! }, "rampart", "prod");
    assert.equal(roles.length, 6);
    assert.deepEqual(rest, {
      namePrefix: "rampart-prod",
      identityProvider: { kind: "saml", providerArn: "arn:aws:iam::123456789012:saml-provider/corp-idp" },
      mfaSessionTag: undefined,
      mfaMaxAgeSeconds: 3600,
      breakGlassPrincipalArns: ["arn:aws:iam::210987654321:user/break-glass-1"],
      permissionsBoundaryArn: undefined,
      allowExec: false,
      logGroupPrefix: "/rampart/prod/",
      modelBucketNamePrefix: "rampart-prod-models-",
      tags: { project: "rampart", environment: "prod" },
    });
  });

  test("an OIDC provider keeps its host and audience", () => {
    const c = load("dev", (raw) => {
      raw["rampart:access"].identityProvider = {
        kind: "oidc",
        providerArn: "arn:aws:iam::123456789012:oidc-provider/login.example.com/oauth2",
        issuerHost: "login.example.com/oauth2",
        audience: "rampart-aws",
      };
    });
    assert.deepEqual(accessArgsOf({ ...c, access: c.access! }, "rampart", "dev").identityProvider, {
      kind: "oidc",
      providerArn: "arn:aws:iam::123456789012:oidc-provider/login.example.com/oauth2",
      issuerHost: "login.example.com/oauth2",
      audience: "rampart-aws",
    });
  });

  test("every config-decided value maps back to the key it was written under (a defaulted session to the map's)", () => {
    for (const stack of ["dev", "prod"] as const) {
      const raw = stackConfig(stack);
      raw["rampart:access"].roles["audit-view"].maxSessionSeconds = 3600;
      raw["rampart:access"].roles["prompt-author"].namespaces = ["llm-inference"];
      const c = parseConfig(flattenConfig(raw), stack);
      const args = accessArgsOf({ ...c, access: c.access! }, "rampart", stack);
      const config = { access: c.access, tags: c.tags };
      const copied = assertEachLeafMapsToItsKey(args, accessKeys(c.access!), config, [
        /^roles\.\d+\.(name|breakGlass|mfa)$/,
        /^roles\.\d+\.capabilities\.\d+$/,
        /^roles\.\d+\.namespaces\.\d+$/,
      ]);
      assert.ok(copied >= 10, `${stack}: ${copied} values checked`);
      // A role's own session maps to the role; an inherited one to the map's default.
      assert.deepEqual(accessKeys(c.access!)(["roles", 2, "maxSessionSeconds"]), [
        "access",
        "roles",
        "audit-view",
        "maxSessionSeconds",
      ]);
      assert.deepEqual(accessKeys(c.access!)(["roles", 0, "maxSessionSeconds"]), [
        "access",
        "maxSessionSeconds",
      ]);
    }
  });
});

describe("vaultAccessArgsOf", () => {
  test("prod: the token and the OIDC client secret are Output secrets read from their secret keys; logins are the role map's", async () => {
    const c = load("prod");
    const read: string[] = [];
    const args = vaultAccessArgsOf({ ...c, vault: c.vault! }, "rampart", "prod", (key) => {
      read.push(key);
      return pulumi.secret(`value of ${key}`);
    });
    assert.deepEqual(read, [VAULT_TOKEN_KEY, VAULT_OIDC_CLIENT_SECRET_KEY]);
    assert.ok(await pulumi.isSecret(pulumi.output(args.token)));
    assert.ok(await pulumi.isSecret(pulumi.output(args.oidc!.clientSecret)));
    assert.equal(await unwrap(args.token), `value of ${VAULT_TOKEN_KEY}`);
    assert.equal(await unwrap(args.oidc!.clientSecret), `value of ${VAULT_OIDC_CLIENT_SECRET_KEY}`);
    assert.deepEqual(
      args.oidc!.roles,
      accessArgsOf({ ...c, access: c.access! }, "rampart", "prod").roles,
      "Vault's logins are AccessControl's roles",
    );
    assert.deepEqual(
      {
        ...args,
        token: "(secret)",
        oidc: { ...args.oidc, clientSecret: "(secret)", roles: "(the role map)" },
      },
      {
        namePrefix: "rampart-prod",
        // The in-cluster Vault's address is VaultServer's output.
        address: undefined,
        token: "(secret)",
        vaultNamespace: undefined,
        kubernetes: {
          workloads: [{ name: "vllm", namespace: "llm-inference", serviceAccount: "vllm", encrypt: true }],
        },
        oidc: {
          discoveryUrl: "https://login.example.com/",
          clientId: "rampart-vault",
          allowedRedirectUris: ["http://localhost:8250/oidc/callback"],
          clientSecret: "(secret)",
          roles: "(the role map)",
        },
        kv: { maxVersions: undefined },
        transit: { keyName: undefined, autoRotateSeconds: undefined },
        tokenTtlSeconds: undefined,
        tokenMaxTtlSeconds: undefined,
        audit: undefined,
      },
    );
  });

  test("rotation days become seconds, the audit device its contract's kind; no OIDC, no client secret read", () => {
    const c = load("dev", (raw) => {
      const v = raw["rampart:vault"];
      delete v.oidc;
      delete raw["rampart:vaultOidcClientSecret"];
      v.address = "https://vault.example.internal:8200";
      v.transit = { keyName: "prompts", autoRotateDays: 7 };
      v.audit = { kind: "socket", address: "siem.example.internal:9090" };
    });
    const args = vaultAccessArgsOf({ ...c, vault: c.vault! }, "rampart", "dev", (key) => {
      assert.equal(key, VAULT_TOKEN_KEY, "only the token is read");
      return pulumi.secret("t");
    });
    assert.equal(args.oidc, undefined);
    assert.equal(args.address, "https://vault.example.internal:8200");
    assert.deepEqual(args.transit, { keyName: "prompts", autoRotateSeconds: 7 * 86400 });
    assert.deepEqual(args.audit, { kind: "socket", address: "siem.example.internal:9090" });
  });

  test("every config-decided value maps back to its key (the secrets to theirs; rotation to its days)", () => {
    const c = load("prod", (raw) => {
      const v = raw["rampart:vault"];
      v.address = "https://vault.example.internal:8200";
      v.namespace = "admin";
      v.kv = { maxVersions: 20 };
      v.tokenTtlSeconds = 600;
      v.tokenMaxTtlSeconds = 1800;
      v.audit = { kind: "file", path: "/vault/audit/audit.log" };
      v.oidc.boundAudiences = ["rampart-vault"];
    });
    const args = vaultAccessArgsOf({ ...c, vault: c.vault! }, "rampart", "prod", () => pulumi.secret("s"));
    const { oidc, ...rest } = args;
    const copied = assertEachLeafMapsToItsKey(
      { ...rest, oidc: { ...oidc, roles: undefined } },
      vaultAccessKeys(c.access),
      { vault: c.vault },
    );
    assert.ok(copied >= 12, `${copied} values checked`);
    assert.equal(vaultAccessKeys(c.access)(["token"]), `rampart:${VAULT_TOKEN_KEY}`);
    assert.equal(
      vaultAccessKeys(c.access)(["oidc", "clientSecret"]),
      `rampart:${VAULT_OIDC_CLIENT_SECRET_KEY}`,
    );
    assert.deepEqual(vaultAccessKeys(c.access)(["transit", "autoRotateSeconds"]), [
      "vault",
      "transit",
      "autoRotateDays",
    ]);
    // The role map's problems are the role map's keys.
    assert.deepEqual(vaultAccessKeys(c.access)(["oidc", "roles", 3, "mfa"]), [
      "access",
      "roles",
      "platform-admin",
      "mfa",
    ]);
  });
});

describe("vaultServerArgsOf", () => {
  test("prod: the mirror's images, the encrypted StorageClass, clients from the inference and the workloads' namespaces", () => {
    const c = load("prod", (raw) => {
      raw["rampart:vault"].workloads.push({
        name: "batch",
        namespace: "batch-jobs",
        serviceAccount: "runner",
      });
    });
    assert.deepEqual(vaultServerArgsOf({ ...c, vault: c.vault! }, c.region, "rampart", "prod"), {
      region: "us-east-1",
      namePrefix: "rampart-prod",
      namespace: undefined,
      replicas: undefined,
      storageSize: undefined,
      storageClassName: "gp3-encrypted",
      chartVersion: undefined,
      imageRegistry: "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror",
      vpcCidrs: ["10.50.0.0/16"],
      clientNamespaces: ["llm-inference", "batch-jobs"],
      tags: { project: "rampart", environment: "prod" },
    });
  });
});

describe("orgGuardrailsArgsOf", () => {
  test("prod's guardrails, every value from its key", () => {
    const c = load("prod");
    const args = orgGuardrailsArgsOf({ ...c, guardrails: c.organization!.guardrails! }, "rampart", "prod");
    assert.deepEqual(args, {
      namePrefix: "rampart-prod",
      accountRole: "delegated-administrator",
      allowedRegions: ["us-east-1"],
      targetIds: ["ou-ab12-cdefgh34"],
      exemptPrincipalArns: ["arn:aws:iam::*:role/rampart-deployer"],
      tags: { project: "rampart", environment: "prod" },
    });
    assert.ok(
      assertEachLeafMapsToItsKey(args, ORG_GUARDRAILS_KEYS, { organization: c.organization, tags: c.tags }) >=
        5,
    );
  });
});

describe("the Vault secrets stay out of the typed config", () => {
  test("neither key is parsed into the config, and a problem about one never shows its value", () => {
    const raw = stackConfig("dev");
    raw["rampart:vault"].configure = false;
    const flat: Record<string, string> = {
      ...flattenConfig(raw),
      "rampart:vaultToken": "hvs.super-secret-token",
      "rampart:vaultOidcClientSecret": "oidc-super-secret",
    };
    assert.throws(
      () => parseConfig(flat, "dev"),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.problems.length === 2 &&
        !err.message.includes("super-secret") &&
        err.problems.every((p) => p.includes("(secret) is set but not used")),
    );
    const ok = parseConfig({ ...flattenConfig(stackConfig("dev")), "rampart:vaultToken": "hvs.x" }, "dev");
    assert.ok(!(VAULT_TOKEN_KEY in ok) && !(VAULT_OIDC_CLIENT_SECRET_KEY in ok));
    assert.ok(!JSON.stringify(ok).includes("hvs.x"));
  });
});

describe("config and the components agree (the same bad value, the same problem)", () => {
  test("a role map AccessControl refuses on its own is refused by the config with the same words, at the config's keys", () => {
    const edit = (raw: Record<string, any>) => {
      raw["rampart:access"].roles["platform-admin"].mfa = false;
      raw["rampart:access"].roles["prompt-author"].capabilities.push("keys.rotate");
      raw["rampart:access"].mfaMaxAgeSeconds = 10;
    };
    const raw = stackConfig("dev");
    edit(raw);
    let lines: string[] = [];
    try {
      parseConfig(flattenConfig(raw), "dev");
    } catch (err) {
      lines = err instanceof ConfigError ? [...err.problems] : [];
    }
    // The component on its own, given the Args the config resolves (parsed without the rules).
    const c = configSchema.parse(
      Object.fromEntries(
        Object.entries(raw)
          .filter(([k]) => k.startsWith("rampart:") && !k.startsWith("rampart:vault"))
          .map(([k, v]) => [k.slice("rampart:".length), v]),
      ),
    );
    const args = accessArgsOf({ ...c, access: c.access! }, "rampart", "dev");
    const direct = validateAccessControlArgs({
      ...args,
      clusterName: "c",
      kubeProvider: {} as k8s.Provider,
      modelsKeyArn: "k",
    }).map((p) => `${showValue(p.value)} ${p.message}`);
    assert.equal(direct.length, 3);
    assert.deepEqual(
      lines.map((l) => l.slice(l.indexOf(": ") + 2)),
      direct,
    );
    assert.deepEqual(
      lines.map((l) => l.slice(0, l.indexOf(": "))),
      [
        "rampart:access.roles.platform-admin.mfa",
        "rampart:access.roles.prompt-author.capabilities[2]",
        "rampart:access.mfaMaxAgeSeconds",
      ],
    );
  });
});

test("which Vault components the shipped stacks run: the in-cluster server, configured by VaultAccess", () => {
  for (const stack of ["dev", "prod"] as const) {
    const c = load(stack);
    assert.ok(enabledVaultServer(c.vault) && configuredVault(c.vault), stack);
  }
  const bootstrap = load("dev", (raw) => {
    raw["rampart:vault"].configure = false;
    delete raw["rampart:vaultToken"];
    delete raw["rampart:vaultOidcClientSecret"];
  });
  assert.ok(enabledVaultServer(bootstrap.vault) && !configuredVault(bootstrap.vault));
  assert.ok(!configuredVault(undefined) && !enabledVaultServer(undefined));
});
