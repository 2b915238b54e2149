import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UsageError } from "../../cli/errors";
import { readStackConfig } from "../../cli/stackConfig";
import { CAPABILITIES } from "../../components/identity/roles";
import { type StackName } from "../helpers/harness";
import { problemsOf } from "./configProblems";

/**
 * `rampart:access`, `rampart:vault`, `rampart:organization` and the secrets `rampart:vaultToken`,
 * `rampart:vaultOidcClientSecret`: every bad value gets one line naming the key, the value and what was
 * expected (from the schema, the components' validators or the stack rules), and prod refuses what the
 * components allow in general. Each case is one mutation of a shipped stack config, parsed as the
 * program parses it (parseConfig registers nothing).
 */

const access = (c: Record<string, any>) => c["rampart:access"];
const roles = (c: Record<string, any>) => access(c).roles;
const vault = (c: Record<string, any>) => c["rampart:vault"];
const TOKEN = "rampart:vaultToken";
const CLIENT_SECRET = "rampart:vaultOidcClientSecret";
const ALL = CAPABILITIES.join(", ");
const PROD_SESSION = "is longer than prod's 3600 seconds (expected at most an hour per session)";

const cases: [string, StackName, (c: Record<string, any>) => void, string[]][] = [
  // The role map: each problem one line, all of them in one run.
  [
    "a bad role map: unknown capability, unknown namespace, admin without MFA, bad name, wildcard group",
    "dev",
    (c) => {
      roles(c)["prompt-author"].capabilities = ["cluster.describe", "prompts.write", "prompts.delete"];
      roles(c)["prompt-author"].namespaces = ["chat"];
      roles(c)["platform-admin"].mfa = false;
      roles(c)["Ops_Team"] = { capabilities: ["inference.read"], groups: ["ops*"] };
    },
    [
      "rampart:access.roles.platform-admin.mfa: false must be true: the role is administrative (expected MFA for platform.admin)",
      'rampart:access.roles.prompt-author.capabilities[2]: "prompts.delete" is not a capability (expected one of ' +
        ALL +
        ")",
      'rampart:access.roles.Ops_Team: "Ops_Team" is not a lowercase DNS label (expected up to 63 of a-z, 0-9 and -, starting and ending with a letter or digit)',
      'rampart:access.roles.Ops_Team.groups[0]: "ops*" is not a group name (expected a non-empty name without wildcards)',
      'rampart:access.roles.prompt-author.namespaces[0]: "chat" is not an inference namespace (expected one of rampart:namespaces[].name: llm-inference)',
    ],
  ],
  [
    "a built-in role given capabilities (a custom role is the way to differ)",
    "dev",
    (c) => (roles(c)["audit-view"].capabilities = ["cluster.describe", "audit.read", "prompts.write"]),
    [
      'rampart:access.roles.audit-view.capabilities: ["cluster.describe","audit.read","prompts.write"] cannot change a built-in role (expected none: audit-view has cluster.describe, audit.read; a custom role is the way to differ)',
    ],
  ],
  [
    "a custom role without capabilities, and one with none",
    "dev",
    (c) => {
      roles(c)["chat-ops"] = { groups: ["chat-ops"] };
      roles(c)["idle"] = { capabilities: [], groups: ["idle"] };
    },
    [
      `rampart:access.roles.chat-ops.capabilities: missing (expected the custom role's capabilities, some of ${ALL})`,
      `rampart:access.roles.idle.capabilities: [] is empty (expected the custom role's capabilities, some of ${ALL})`,
    ],
  ],
  [
    "namespaces on a role whose capabilities are not namespaced (audit-view reads cluster-wide)",
    "dev",
    (c) => (roles(c)["audit-view"].namespaces = ["llm-inference"]),
    [
      'rampart:access.roles.audit-view.namespaces: ["llm-inference"] scopes nothing: the role has no namespaced capability (expected none, or a capability among inference.read, models.deploy, prompts.write)',
    ],
  ],
  [
    "a federated role without groups, and break-glass with groups",
    "dev",
    (c) => {
      roles(c)["inference-only"].groups = [];
      roles(c)["break-glass"].groups = ["platform-admins"];
    },
    [
      "rampart:access.roles.inference-only.groups: [] must name at least one identity-provider group (expected who holds the role)",
      'rampart:access.roles.break-glass.groups: ["platform-admins"] is not used by break-glass (expected none: it is taken by rampart:access.breakGlassPrincipalArns with MFA, so it works when the identity provider is down)',
    ],
  ],
  [
    "a typo in a role's key",
    "dev",
    (c) => (roles(c)["inference-only"].group = ["llm-users"]),
    [
      'rampart:access.roles.inference-only.group: unknown key (did you mean "rampart:access.roles.inference-only.groups"?)',
    ],
  ],
  [
    "a session IAM does not accept, on a role and as the map's default (one line for every role inheriting it)",
    "dev",
    (c) => {
      roles(c)["audit-view"].maxSessionSeconds = 600;
      access(c).maxSessionSeconds = 50000;
    },
    [
      "rampart:access.maxSessionSeconds: 50000 is not a session length IAM accepts (expected whole seconds from 3600 to 43200)",
      "rampart:access.roles.audit-view.maxSessionSeconds: 600 is not a session length IAM accepts (expected whole seconds from 3600 to 43200)",
    ],
  ],
  // The identity provider.
  [
    "no identity provider",
    "dev",
    (c) => delete access(c).identityProvider,
    [
      "rampart:access.identityProvider: missing (expected {kind: saml, providerArn} or {kind: oidc, providerArn, issuerHost, audience}: every role but break-glass trusts the organisation's identity provider, and nothing else)",
    ],
  ],
  [
    "an identity provider of a kind IAM does not federate",
    "dev",
    (c) => (access(c).identityProvider.kind = "ldap"),
    ['rampart:access.identityProvider.kind: "ldap" is not allowed (expected one of "saml", "oidc")'],
  ],
  [
    "an OIDC provider given a SAML provider's ARN, without its host and audience",
    "dev",
    (c) => (access(c).identityProvider.kind = "oidc"),
    [
      'rampart:access.identityProvider.providerArn: "arn:aws:iam::123456789012:saml-provider/corp-idp" is not an IAM OIDC provider ARN (expected arn:aws:iam::<account>:oidc-provider/<name>)',
      "rampart:access.identityProvider.audience: missing must be set for an OIDC provider (expected the client ID tokens are issued to)",
      "rampart:access.identityProvider.issuerHost: missing must be set for an OIDC provider (expected its host and path as IAM keys it, without https://)",
    ],
  ],
  // Break-glass.
  [
    "break-glass without principals or a SIEM",
    "dev",
    (c) => {
      access(c).breakGlassPrincipalArns = [];
      delete c["rampart:siem"];
    },
    [
      "rampart:access.breakGlassPrincipalArns: [] must name the IAM users or roles that may break the glass (expected at least one)",
      "rampart:access.roles.break-glass: needs the SIEM (expected rampart:siem enabled: every use of break-glass is caught on the trail's log group and published to the alert topic)",
    ],
  ],
  [
    "a break-glass principal given as a wildcard",
    "dev",
    (c) => (access(c).breakGlassPrincipalArns = ["arn:aws:iam::210987654321:user/*"]),
    [
      'rampart:access.breakGlassPrincipalArns[0]: "arn:aws:iam::210987654321:user/*" is not an IAM user or role ARN (expected arn:aws:iam::<account>:user/<name> or role/<name>, no wildcards)',
    ],
  ],
  // What prod refuses.
  [
    "sessions of two hours in prod (a role's own, and the map's default)",
    "prod",
    (c) => {
      roles(c)["model-management"].maxSessionSeconds = 7200;
      access(c).maxSessionSeconds = 7200;
    },
    [
      `rampart:access.roles.model-management.maxSessionSeconds: 7200 ${PROD_SESSION}`,
      `rampart:access.maxSessionSeconds: 7200 ${PROD_SESSION}`,
    ],
  ],
  [
    "exec into model servers in prod",
    "prod",
    (c) => (access(c).allowExec = true),
    [
      "rampart:access.allowExec: true must be false in prod (exec, attach and port-forward reach a model server's memory: prompts, keys and weights)",
    ],
  ],
  [
    "cluster-wide administration in a custom role in prod",
    "prod",
    (c) => (roles(c)["ops"] = { capabilities: ["cluster.describe", "platform.admin"], groups: ["ops"] }),
    [
      'rampart:access.roles.ops.capabilities: ["cluster.describe","platform.admin"] grants platform.admin in a custom role (expected cluster-wide administration only in platform-admin and break-glass in prod)',
    ],
  ],
  [
    "no role map in prod",
    "prod",
    (c) => {
      delete c["rampart:access"];
      delete vault(c).oidc;
      delete c[CLIENT_SECRET];
    },
    [
      "rampart:access: missing (expected the role map in prod: who may do what, through the organisation's identity provider, with MFA for administrators and sessions of at most an hour)",
    ],
  ],
  [
    "an access section the schema refuses is reported once (not again as missing)",
    "prod",
    (c) => (access(c).allowExec = "no"),
    ['rampart:access.allowExec: "no" has the wrong type (expected boolean)'],
  ],
  // Vault.
  [
    "an http Vault, a wildcard service account, a rotation out of range, an unbounded token",
    "dev",
    (c) => {
      vault(c).address = "http://vault.example.internal:8200";
      vault(c).workloads.push({ name: "writer", namespace: "llm-inference", serviceAccount: "*" });
      vault(c).transit = { autoRotateDays: 400 };
      vault(c).tokenMaxTtlSeconds = 0;
    },
    [
      'rampart:vault.address: "http://vault.example.internal:8200" is not an https URL (expected https://<host>:<port>; Vault tokens never travel in plaintext)',
      'rampart:vault.workloads[1].serviceAccount: "*" is not a lowercase DNS label (expected up to 63 of a-z, 0-9 and -, starting and ending with a letter or digit); wildcards are never allowed',
      "rampart:vault.transit.autoRotateDays: 400 is out of range (expected days, from one hour (Vault's minimum) to 365 days)",
      "rampart:vault.tokenMaxTtlSeconds: 0 must bound the token's life (expected whole seconds, at least 60; 0 means unbounded)",
    ],
  ],
  [
    "a workload defined twice",
    "dev",
    (c) => vault(c).workloads.push({ ...vault(c).workloads[0] }),
    ['rampart:vault.workloads[1].name: "vllm" is defined twice (expected unique Vault role names)'],
  ],
  [
    "no Vault address without the in-cluster server",
    "dev",
    (c) => (vault(c).server.enabled = false),
    [
      "rampart:vault.address: missing (expected https://<host>:<port> of an existing Vault, or rampart:vault.server.enabled: true)",
    ],
  ],
  [
    "configure without the token, OIDC without its client secret",
    "dev",
    (c) => {
      delete c[TOKEN];
      delete c[CLIENT_SECRET];
    },
    [
      `${TOKEN}: missing (expected a Vault token able to configure auth methods, mounts, policies and audit devices, with rampart:vault.configure: pulumi config set --secret ${TOKEN} <token>)`,
      `${CLIENT_SECRET}: missing (expected the OIDC client secret with rampart:vault.oidc: pulumi config set --secret ${CLIENT_SECRET} <secret>)`,
    ],
  ],
  [
    "secrets set but not used (the bootstrap run, before vault operator init)",
    "dev",
    (c) => (vault(c).configure = false),
    [
      `${TOKEN}: (secret) is set but not used (expected only with rampart:vault.configure: true)`,
      `${CLIENT_SECRET}: (secret) is set but not used (expected only with rampart:vault.oidc and rampart:vault.configure: true)`,
    ],
  ],
  [
    "a typo in a secret's name",
    "dev",
    (c) => (c["rampart:vaultTokn"] = { secure: "v1:abc" }),
    ['rampart:vaultTokn: unknown key (did you mean "rampart:vaultToken"?)'],
  ],
  [
    "Vault OIDC without a role map",
    "dev",
    (c) => delete c["rampart:access"],
    [
      "rampart:vault.oidc: has no roles to log in to (expected rampart:access.roles: each role's groups get its Vault policy)",
    ],
  ],
  [
    "an unbounded-looking token and one Raft voter in prod",
    "prod",
    (c) => {
      vault(c).tokenMaxTtlSeconds = 86400;
      vault(c).server.replicas = 1;
    },
    [
      "rampart:vault.tokenMaxTtlSeconds: 86400 is longer than prod's 3600 seconds (expected a token to live at most an hour)",
      "rampart:vault.server.replicas: 1 is below prod's 3 Raft voters (expected at least 3: quorum survives the loss of one)",
    ],
  ],
  [
    "an audit socket that is not host:port",
    "prod",
    (c) => (vault(c).audit = { kind: "socket", address: "siem.example.internal" }),
    ['rampart:vault.audit.address: "siem.example.internal" is not host:port'],
  ],
  // Organisation guardrails.
  [
    "guardrails in a stack that does not own the account, without its role, attached to the root, not keeping the stack's Region",
    "dev",
    (c) =>
      (c["rampart:organization"] = {
        guardrails: { allowedRegions: ["eu-west-1"], targetIds: ["r-ab12"] },
      }),
    [
      'rampart:organization.guardrails.targetIds[0]: "r-ab12" is not an OU or account ID (expected ou-xxxx-xxxxxxxx or 12 digits; never the root r-…, which would lock out the management account\'s own recovery)',
      "rampart:organization.guardrails: is set in a stack that does not own the account's defaults (expected rampart:accountDefaults.owner: true: organisation-wide policies have exactly one owning stack)",
      'rampart:organization.guardrails.accountRole: missing (expected "management" or "delegated-administrator": what this stack\'s account is in the organisation, the only accounts that can create service control policies)',
      'rampart:organization.guardrails.allowedRegions: ["eu-west-1"] does not include aws:region us-east-1 (expected the stack\'s own Region among the data Regions)',
    ],
  ],
  [
    "guardrails from a member account",
    "prod",
    (c) => (c["rampart:organization"].guardrails.accountRole = "member"),
    [
      'rampart:organization.guardrails.accountRole: "member" is not an organisation role (expected "management" or "delegated-administrator": only those accounts can create service control policies)',
    ],
  ],
];

describe("rampart:access, rampart:vault and rampart:organization: one line per problem, with key, value and expectation", () => {
  for (const [name, stack, edit, expected] of cases) {
    test(name, () => assert.deepEqual(problemsOf(stack, edit), expected));
  }
});

describe("what dev may do that prod refuses", () => {
  test("dev may exec, keep two-hour sessions and day-long tokens, run one Raft voter and grant platform.admin in a custom role", () => {
    assert.deepEqual(
      problemsOf("dev", (c) => {
        access(c).allowExec = true;
        access(c).maxSessionSeconds = 7200;
        vault(c).tokenMaxTtlSeconds = 86400;
        vault(c).server.replicas = 1;
        roles(c)["ops"] = { capabilities: ["cluster.describe", "platform.admin"], groups: ["ops"] };
      }),
      [],
    );
  });

  test("dev may go without a role map, Vault or guardrails", () => {
    assert.deepEqual(
      problemsOf("dev", (c) => {
        delete c["rampart:access"];
        delete c["rampart:vault"];
        delete c[TOKEN];
        delete c[CLIENT_SECRET];
      }),
      [],
    );
  });

  test("the shipped stacks are valid (with their Vault secret placeholders)", () => {
    assert.deepEqual(
      problemsOf("dev", () => undefined),
      [],
    );
    assert.deepEqual(
      problemsOf("prod", () => undefined),
      [],
    );
  });
});

test("a role name written twice is refused by the YAML itself (a map cannot hold it twice)", () => {
  // YAML requires a mapping's keys to be unique (https://yaml.org/spec/1.2.2/#mapping); Pulumi's parser
  // (gopkg.in/yaml.v3) refuses a duplicate too ("mapping key ... already defined at line ...").
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-roles-"));
  const file = path.join(dir, "Pulumi.dup.yaml");
  fs.writeFileSync(
    file,
    [
      "config:",
      "  rampart:access:",
      "    roles:",
      "      inference-only: { groups: [llm-users] }",
      "      inference-only: { groups: [everyone] }",
      "",
    ].join("\n"),
  );
  assert.throws(
    () => readStackConfig(file),
    (err: unknown) =>
      err instanceof UsageError && /is not valid YAML: Map keys must be unique/.test(err.message),
  );
});
