import * as pulumi from "@pulumi/pulumi";
import { type ArgProblem, Problems } from "../shared/problems";
import { dnsLabelProblem } from "../shared/rules";
import { roleMapProblems } from "./roles.validate";
import type { VaultAccessArgs } from "./vaultAccess.args";

/** Vault mount paths: letters, digits, `-`, `_`, `/` inside. */
const MOUNT_PATH = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

/**
 * `VaultAccess`'s own checks: https only, exact service-account bindings (no `*`, no globs), bound
 * audiences, token TTLs bounded (0 means "the mount's maximum", i.e. unbounded here).
 */
export function validateVaultAccessArgs(args: VaultAccessArgs): ArgProblem[] {
  const p = new Problems();
  // An Output (VaultServer's address) is ours and https by construction; a string is the user's.
  const address = pulumi.Output.isInstance(args.address) ? undefined : args.address;
  if (address !== undefined && (typeof address !== "string" || !/^https:\/\/[^\s/]+/.test(address)))
    p.at(
      ["address"],
      args.address,
      "is not an https URL (expected https://<host>:<port>; Vault tokens never travel in plaintext)",
    );
  const seen = new Set<string>();
  args.kubernetes.workloads.forEach((w, i) => {
    for (const field of ["name", "namespace", "serviceAccount"] as const) {
      const problem = dnsLabelProblem(w[field]);
      if (problem)
        p.at(["kubernetes", "workloads", i, field], w[field], `${problem}; wildcards are never allowed`);
    }
    if (w.readSecrets === false && !w.encrypt && !w.decrypt)
      p.at(
        ["kubernetes", "workloads", i],
        w.name,
        "grants nothing (expected readSecrets, encrypt or decrypt; drop the workload otherwise)",
      );
    if (args.oidc?.roles.some((r) => r.name === w.name))
      p.at(
        ["kubernetes", "workloads", i, "name"],
        w.name,
        "is also a role of the role map (expected distinct names: policyNames is keyed by both)",
      );
    if (seen.has(w.name))
      p.at(
        ["kubernetes", "workloads", i, "name"],
        w.name,
        "is defined twice (expected unique Vault role names)",
      );
    seen.add(w.name);
  });
  for (const [key, path] of [
    ["kubernetes", args.kubernetes.path],
    ["oidc", args.oidc?.path],
    ["kv", args.kv?.path],
    ["transit", args.transit?.path],
  ] as const) {
    if (path !== undefined && !MOUNT_PATH.test(path))
      p.at([key, "path"], path, "is not a Vault mount path (expected letters, digits, - and _)");
  }
  if (args.oidc) {
    const o = args.oidc;
    if (!/^https:\/\//.test(o.discoveryUrl))
      p.at(
        ["oidc", "discoveryUrl"],
        o.discoveryUrl,
        "is not an https URL (expected the provider's issuer URL)",
      );
    if (!o.clientId) p.at(["oidc", "clientId"], o.clientId, "is required (expected the OIDC client ID)");
    if (
      o.boundAudiences !== undefined &&
      (o.boundAudiences.length === 0 || o.boundAudiences.some((a) => !a || a.includes("*")))
    )
      p.at(
        ["oidc", "boundAudiences"],
        o.boundAudiences,
        "must list the audiences tokens carry (expected non-empty values without wildcards)",
      );
    if (o.allowedRedirectUris.length === 0)
      p.at(
        ["oidc", "allowedRedirectUris"],
        o.allowedRedirectUris,
        "must list the redirect URIs (expected at least one)",
      );
    o.allowedRedirectUris.forEach((u, i) => {
      if (u.includes("*") || !/^(https:\/\/|http:\/\/localhost:8250\/)/.test(u))
        p.at(
          ["oidc", "allowedRedirectUris", i],
          u,
          "is not an allowed redirect URI (expected https://… or the CLI's http://localhost:8250/oidc/callback, no wildcards)",
        );
    });
    p.under(["oidc", "roles"], roleMapProblems(o.roles));
    // The provider sends a bound claim's values as one comma-separated string.
    o.roles.forEach((r, i) =>
      r.groups.forEach((g, j) => {
        if (g.includes(","))
          p.at(
            ["oidc", "roles", i, "groups", j],
            g,
            "contains a comma (expected a group name without commas)",
          );
      }),
    );
  }
  if (
    args.kv?.maxVersions !== undefined &&
    (!Number.isInteger(args.kv.maxVersions) || args.kv.maxVersions < 2 || args.kv.maxVersions > 100)
  )
    p.at(["kv", "maxVersions"], args.kv.maxVersions, "is out of range (expected 2 to 100 versions kept)");
  const rotate = args.transit?.autoRotateSeconds;
  if (rotate !== undefined && (!Number.isInteger(rotate) || rotate < 3600 || rotate > 365 * 86400))
    p.at(
      ["transit", "autoRotateSeconds"],
      rotate,
      "is out of range (expected whole seconds from 3600 to one year; Vault's minimum is one hour)",
    );
  const ttl = args.tokenTtlSeconds;
  const max = args.tokenMaxTtlSeconds;
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 60))
    p.at(["tokenTtlSeconds"], ttl, "is out of range (expected whole seconds, at least 60)");
  if (max !== undefined && (!Number.isInteger(max) || max < 60))
    p.at(
      ["tokenMaxTtlSeconds"],
      max,
      "must bound the token's life (expected whole seconds, at least 60; 0 means unbounded)",
    );
  if (ttl !== undefined && max !== undefined && ttl > max)
    p.at(["tokenTtlSeconds"], ttl, `is longer than tokenMaxTtlSeconds ${max} (expected ttl <= max)`);
  const audit = args.audit;
  if (audit?.kind === "file" && !audit.path)
    p.at(["audit", "path"], audit.path, 'is required (expected a file path or "stdout")');
  if (audit?.kind === "socket" && !/^[^\s:]+:\d+$/.test(audit.address))
    p.at(["audit", "address"], audit.address, "is not host:port");
  return p.list;
}
