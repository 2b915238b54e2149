import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { createServerAccessLogs } from "../shared/serverAccessLogs";
import { DATA_CLASS_TAG } from "./siemPipeline.logic";

/**
 * Server access logs of the archive: who read, listed or tried to delete the audit trail, in a bucket of
 * their own (components/shared/serverAccessLogs.ts says why and how), expiring with the audit window.
 */
export interface ArchiveAccessLogInputs {
  readonly namePrefix: string;
  readonly archiveBucketName: pulumi.Input<string>;
  readonly archiveBucketArn: pulumi.Input<string>;
  readonly expireAfterDays: number;
  readonly protect: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

export function createArchiveAccessLogs(
  scope: pulumi.Resource,
  name: string,
  i: ArchiveAccessLogInputs,
): aws.s3.Bucket {
  return createServerAccessLogs(scope, `${name}-archive`, {
    bucketPrefix: `${i.namePrefix}-archive-logs-`,
    sourceBucketName: i.archiveBucketName,
    sourceBucketArn: i.archiveBucketArn,
    logPrefix: "archive",
    expireAfterDays: i.expireAfterDays,
    protect: i.protect,
    tags: { ...i.tags, Name: `${i.namePrefix}-archive-access-logs`, [DATA_CLASS_TAG]: "access-logs" },
  });
}
