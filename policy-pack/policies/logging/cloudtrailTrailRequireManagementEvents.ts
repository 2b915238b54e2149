import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy, type StackViolation } from "../../lib/policy";
import { managementCoverage, TRAIL_TYPES } from "../../lib/trails";
import { UNSEEN } from "../../lib/unknown";

/**
 * At least one of the stack's trails must record every management event, reads and writes, with no event
 * source left out. A trail with no selectors does by default; once `eventSelectors` or
 * `advancedEventSelectors` are set they replace that default, and a trail whose selectors name data events
 * only (an advanced selector for S3 objects and nothing for `eventCategory = Management`) records no IAM,
 * KMS or CloudTrail change at all. Read in both selector forms (lib/trails.ts `managementCoverage`). A
 * trail for data events only is fine beside a full one, so the stack, not each trail, is judged; a stack
 * without a trail is not judged (the account's trail lives elsewhere). Unknown selectors are not judged.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1
 */
export const cloudtrailTrailRequireManagementEvents = stackPolicy({
  name: "aws-cloudtrail-trail-require-management-events",
  description:
    "A stack's trails must record all management events, read and write, with no event source excluded " +
    "(Security Hub CloudTrail.1): selectors written for data events replace the default, and a trail that " +
    "then records no management events misses every IAM, KMS and CloudTrail change.",
  // CloudTrail.1 (CIS 3.1) asks for a multi-Region trail with read and write management events and an empty
  // ExcludeManagementEventSources; the multi-Region half is aws-cloudtrail-trail-require-multi-region.
  catalog: ["FSBP CloudTrail.1", "CIS AWS 3.1"],
  remediation:
    'Add to a trail an advanced selector with eventCategory equals ["Management"] and no readOnly or ' +
    "eventSource condition (or an eventSelectors entry with includeManagementEvents true, readWriteType All " +
    "and no excludeManagementEventSources).",
  types: [...TRAIL_TYPES],
  check: (_resources, ctx) => {
    const trails = ctx.ofType(...TRAIL_TYPES);
    const shortfalls: { trail: PolicyResource; missing: string }[] = [];
    for (const trail of trails) {
      const cov = managementCoverage(trail);
      if (cov === UNSEEN) return [];
      if (cov.read && cov.write && cov.excluded.length === 0) return [];
      const missing = [
        ...(!cov.read && !cov.write ? ["management events"] : []),
        ...(cov.read !== cov.write ? [cov.read ? "write management events" : "read management events"] : []),
        ...(cov.excluded.length > 0 ? [`events of ${cov.excluded.join(", ")} (excluded)`] : []),
      ];
      shortfalls.push({ trail, missing: missing.join(" and ") });
    }
    return shortfalls.map(({ trail, missing }): StackViolation => ({
      urn: trail.urn,
      message:
        `Trail "${trail.name}" does not record ${missing}, and no other trail in the stack records them all: ` +
        'add an advanced selector with eventCategory equals ["Management"] and no readOnly or eventSource ' +
        "condition.",
    }));
  },
});
