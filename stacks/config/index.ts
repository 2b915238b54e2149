import * as aws from "@pulumi/aws";
import type { z } from "zod";
import type { Tier } from "../../components/network/subnetPlan";
import { clusterNameOf, componentProblems } from "./components";
import { environmentProblems } from "./environment";
import { describeIssue, suggest } from "./messages";
import { configSchema, NAMESPACE, type RampartConfig } from "./schema";
import { MESH_CA_KEY } from "./schema.mesh";
import { GRAFANA_CLIENT_SECRET_KEY } from "./schema.siem";
import { VAULT_OIDC_CLIENT_SECRET_KEY, VAULT_TOKEN_KEY } from "./schema.identity";

/**
 * The whole `rampart:` config namespace, parsed once into one typed object. Every problem is collected
 * and reported together, one line each, naming the key, the value given and what was expected: the
 * schema's (shape, types, unknown keys), the components' own validators on the Args the stack would
 * give them, and the stack-level rules (environment.ts). Nothing here touches Pulumi resources, so bad
 * config fails before any resource is registered.
 */

export {
  NAMESPACE,
  MESH_CA_KEY,
  GRAFANA_CLIENT_SECRET_KEY,
  VAULT_TOKEN_KEY,
  VAULT_OIDC_CLIENT_SECRET_KEY,
  configSchema,
};
export type { GpuNodePoolConfig, NamespaceConfig, RampartConfig } from "./schema";
export * from "./components";
export * from "./components.mesh";
export * from "./components.siem";
export * from "./components.identity";
export * from "./components.supplychain";

/** The config, validated, with the region and the planned tier CIDRs. */
export interface LoadedConfig extends RampartConfig {
  readonly region: string;
  readonly stack: string;
  /** The Pulumi project (names: `<project>-<stack>`). */
  readonly project: string;
  /** The EKS cluster's name (`<project>-<stack>`). */
  readonly clusterName: string;
  readonly tierCidrs: Readonly<Partial<Record<Tier, readonly string[]>>>;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** The AWS provider's config keys (`aws:region`, `aws:profile`, ...), from the provider package itself. */
const AWS_KEYS = Object.keys(aws.config);

/**
 * Keys outside `rampart:` that are surely typos: a namespace one or two letters from ours
 * (`ramprat:network`), or an `aws:` key the AWS provider does not have (`aws:regoin`). Other
 * namespaces (other providers, `pulumi:`) are not ours to judge.
 */
function otherNamespaceProblems(all: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(all)) {
    const colon = key.indexOf(":");
    const ns = key.slice(0, colon);
    const name = key.slice(colon + 1);
    if (ns === NAMESPACE) continue;
    if (ns === "aws") {
      if (!AWS_KEYS.includes(name)) {
        const hint = suggest(name, AWS_KEYS);
        problems.push(
          `${key}: unknown AWS provider key${hint ? ` (did you mean "aws:${hint}"?)` : ` (expected one of ${AWS_KEYS.map((k) => `aws:${k}`).join(", ")})`}`,
        );
      }
    } else if (suggest(ns, [NAMESPACE]) !== undefined)
      problems.push(`${key}: unknown namespace "${ns}" (did you mean "${NAMESPACE}:${name}"?)`);
  }
  return problems;
}

/** Parses a Pulumi config value the way `config.getObject` does, keeping plain strings as strings. */
function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * Validates the whole `rampart:` namespace from a flat Pulumi config map (`rampart:network` -> JSON text),
 * as `pulumi.runtime.allConfig()` returns it. Throws one ConfigError that lists every problem.
 */
export function parseConfig(
  all: Readonly<Record<string, string>>,
  stack: string,
  project = "rampart",
): LoadedConfig {
  const raw: Record<string, unknown> = {};
  // The CA key, Grafana's client secret, the Vault token and Vault's OIDC client secret are secrets:
  // read only where they are used (`config.requireSecret`), never parsed into the plain config object,
  // never shown.
  const caKey = `${NAMESPACE}:${MESH_CA_KEY}`;
  const grafanaKey = `${NAMESPACE}:${GRAFANA_CLIENT_SECRET_KEY}`;
  const vaultTokenKey = `${NAMESPACE}:${VAULT_TOKEN_KEY}`;
  const vaultOidcKey = `${NAMESPACE}:${VAULT_OIDC_CLIENT_SECRET_KEY}`;
  const secretKeys = [caKey, grafanaKey, vaultTokenKey, vaultOidcKey];
  for (const [key, value] of Object.entries(all)) {
    if (key.startsWith(`${NAMESPACE}:`) && !secretKeys.includes(key))
      raw[key.slice(NAMESPACE.length + 1)] = parseValue(value);
  }
  const region = all["aws:region"];
  const problems: string[] = [];
  if (!region) problems.push('aws:region: missing (expected the AWS region, e.g. "us-east-1")');
  const parsed = configSchema.safeParse(raw);
  // The component and stack rules still run on every section that parses on its own, so one run
  // reports every problem rather than one round of fixes per layer.
  let sections: Partial<RampartConfig> = {};
  const unparsed = new Set<string>();
  if (parsed.success) sections = parsed.data;
  else {
    for (const issue of parsed.error.issues) problems.push(...describeIssue(issue, raw));
    for (const [key, schema] of Object.entries(configSchema.shape)) {
      const section = (schema as z.ZodType).safeParse(raw[key]);
      if (section.success && section.data !== undefined)
        (sections as Record<string, unknown>)[key] = section.data;
      else if (!section.success) unparsed.add(key);
    }
  }
  const components = componentProblems(sections, region, stack, project);
  problems.push(
    ...otherNamespaceProblems(all),
    ...components.problems,
    ...environmentProblems(sections, region, stack, {
      hasMeshCaKey: all[caKey] !== undefined,
      hasGrafanaClientSecret: all[grafanaKey] !== undefined,
      hasVaultToken: all[vaultTokenKey] !== undefined,
      hasVaultOidcClientSecret: all[vaultOidcKey] !== undefined,
      unparsed,
    }),
  );
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return {
    ...parsed.data,
    region: region!,
    stack,
    project,
    clusterName: clusterNameOf(project, stack),
    tierCidrs: components.tierCidrs,
  };
}
