import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy, type StackViolation } from "./policy";
import { BUCKET_TYPES, bucketAttachments, dataClass, UNSEEN } from "./s3";
import type { Unseen } from "./unknown";

/**
 * The shape shared by the model-bucket policies: for every bucket whose `rampart:data-class` tag is one of
 * the configured model classes, a protection must be on, either inline on the bucket or through a
 * separate resource attached to it. What cannot be seen (unknown during preview) is not flagged.
 */
export interface ModelBucketRequirement {
  readonly name: string;
  readonly description: string;
  /** The catalog checks it implements (lib/catalog.ts formats), as `PolicyDocs.catalog`. */
  readonly catalog?: readonly string[];
  /** How to fix a violation, as `PolicyDocs.remediation`. */
  readonly remediation?: string;
  /** The separate resource types that can switch the protection on. */
  readonly attachmentTypes: readonly string[];
  readonly inline: (bucket: PolicyResource) => boolean | Unseen;
  readonly attached: (resource: PolicyResource) => boolean | Unseen;
  readonly message: (bucket: PolicyResource) => string;
}

export function modelBucketPolicy(req: ModelBucketRequirement) {
  return stackPolicy({
    name: req.name,
    description: req.description,
    catalog: req.catalog,
    remediation: req.remediation,
    types: [...BUCKET_TYPES, ...req.attachmentTypes],
    configSchema: {
      properties: {
        modelDataClasses: {
          type: "array",
          items: { type: "string" },
          default: ["models"],
          description: "Values of the rampart:data-class tag that mark a model artifact bucket.",
        },
      },
    },
    check: (_resources, ctx) => {
      const out: StackViolation[] = [];
      const classes: string[] = Array.isArray(ctx.config.modelDataClasses) ? ctx.config.modelDataClasses : [];
      const attachments = ctx.ofType(...req.attachmentTypes);
      for (const bucket of ctx.ofType(...BUCKET_TYPES)) {
        const cls = dataClass(bucket);
        if (cls === UNSEEN || cls === undefined || !classes.includes(cls)) continue;
        const inline = req.inline(bucket);
        if (inline === UNSEEN || inline) continue;
        const { attached, unseen } = bucketAttachments(bucket, attachments);
        const states = attached.map(req.attached);
        if (unseen || states.includes(UNSEEN) || states.includes(true)) continue;
        out.push({ urn: bucket.urn, message: req.message(bucket) });
      }
      return out;
    },
  });
}
