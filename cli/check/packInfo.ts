import { analyzerPb as pb } from "../sdk/pulumiInternals";
import type { PackMeta, PolicyMeta } from "./model";
import type { EnforcementLevel, PolicyConfigEntry } from "./policyConfig";

/** What a pack says of itself (`GetAnalyzerInfo`), and the enforcement levels of the protocol. */

export const LEVEL_FROM_PB: Record<number, EnforcementLevel> = {
  [pb.EnforcementLevel.ADVISORY]: "advisory",
  [pb.EnforcementLevel.MANDATORY]: "mandatory",
  [pb.EnforcementLevel.DISABLED]: "disabled",
  [pb.EnforcementLevel.REMEDIATE]: "remediate",
};
export const LEVEL_TO_PB: Record<EnforcementLevel, pb.EnforcementLevel> = {
  advisory: pb.EnforcementLevel.ADVISORY,
  mandatory: pb.EnforcementLevel.MANDATORY,
  disabled: pb.EnforcementLevel.DISABLED,
  remediate: pb.EnforcementLevel.REMEDIATE,
};
const SEVERITY: Record<number, PolicyMeta["severity"]> = {
  [pb.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
  [pb.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
  [pb.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
  [pb.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

export function readPackMeta(info: pb.AnalyzerInfo, dir: string, version: string | undefined): PackMeta {
  const policies: PolicyMeta[] = info.getPoliciesList().map((p) => {
    const type = p.getPolicyType();
    const level = LEVEL_FROM_PB[p.getEnforcementlevel()] ?? "advisory";
    return {
      name: p.getName(),
      ...(p.getDisplayname() ? { displayName: p.getDisplayname() } : {}),
      description: p.getDescription(),
      enforcementLevel: level,
      configuredLevel: level,
      kind:
        type === pb.PolicyType.POLICY_TYPE_RESOURCE
          ? "resource"
          : type === pb.PolicyType.POLICY_TYPE_STACK
            ? "stack"
            : "unknown",
      ...(SEVERITY[p.getSeverity()] ? { severity: SEVERITY[p.getSeverity()] } : {}),
      ...(p.getUrl() ? { url: p.getUrl() } : {}),
    };
  });
  // The CLI prefers PulumiPolicy.yaml's version over the pack's (analyzer_plugin.go GetAnalyzerInfo).
  return { name: info.getName(), version: version ?? info.getVersion(), dir, policies };
}

/** Each policy's declared level and config schema, as reconcilePolicyConfig takes them. */
export function schemaInfo(info: pb.AnalyzerInfo) {
  return info.getPoliciesList().map((p) => {
    const schema = p.getConfigschema();
    return {
      name: p.getName(),
      enforcementLevel: LEVEL_FROM_PB[p.getEnforcementlevel()] ?? "advisory",
      ...(schema
        ? {
            configSchema: {
              properties: schema.getProperties()?.toJavaScript() ?? {},
              required: schema.getRequiredList(),
            },
          }
        : {}),
    };
  });
}

/** The pack's own initial policy config. */
export function initialConfig(info: pb.AnalyzerInfo): Record<string, PolicyConfigEntry> {
  const out: Record<string, PolicyConfigEntry> = {};
  info.getInitialconfigMap().forEach((v: pb.PolicyConfig, k: string) => {
    // As the CLI reads it: proto3 cannot tell an unset level from ADVISORY (0).
    out[k] = {
      enforcementLevel: LEVEL_FROM_PB[v.getEnforcementlevel()] ?? "advisory",
      properties: v.getProperties()?.toJavaScript() ?? {},
    };
  });
  return out;
}
