/**
 * The contract of `OrgGuardrails` (`rampart:identity:OrgGuardrails`): service control policies for
 * users who manage their AWS Organization: keep data in the configured Regions (global services
 * exempted), and deny disabling or deleting CloudTrail, GuardDuty, Config, Security Hub and the log
 * archive, leaving the organisation, and acting as the root user; attached to the named OUs (or
 * accounts). Created only in a stack configured as the organisation's management or delegated
 * policy-administrator account (validation refuses otherwise). Types only.
 */
export interface OrgGuardrailsArgs {
  /** Prefix of the policies' names: `<project>-<stack>`. */
  readonly namePrefix: string;
  /** What this stack's account is in the organisation; anything else is refused. */
  readonly accountRole: "management" | "delegated-administrator";
  /** Regions where data may live (the data-region control). Non-empty. */
  readonly allowedRegions: readonly string[];
  /** OU IDs (`ou-…`) or account IDs (12 digits) the policies attach to; never the root (`r-…`). */
  readonly targetIds: readonly string[];
  /**
   * Principals exempt from the region and detector denials (the organisation's own automation, e.g.
   * the deployer role pattern `arn:aws:iam::*:role/<deployer>`). @default []
   */
  readonly exemptPrincipalArns?: readonly string[];
  /** Name prefix of the log archive buckets whose deletion and policy changes are denied. @default `archiveBucketPrefix(namePrefix)` (`<namePrefix>-archive-`, siemPipeline.logic.ts) */
  readonly archiveBucketNamePrefix?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** What `OrgGuardrails` exposes. */
export interface OrgGuardrailsOutputs {
  /** Policy IDs by guardrail (`data-regions`, `protect-detectors`, `protect-organization`, `deny-root`). */
  readonly policyIds: Readonly<Record<string, import("@pulumi/pulumi").Output<string>>>;
}
