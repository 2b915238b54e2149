import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createLockedBucket } from "../shared/lockedBucket";
import { createServerAccessLogs } from "../shared/serverAccessLogs";
import { type ModelStoreArgs, modelBucketPrefix, SUPPLY_CHAIN_DEFAULTS } from "./supplyChain.args";
import {
  BACKUP_CLASS_TAG,
  DATA_CLASS_TAG,
  modelAccessLogBucketPrefix,
  modelBucketPolicy,
  modelStoreLifecycleRules,
} from "./supplyChain.modelStore.logic";

export interface ModelStoreInputs extends ModelStoreArgs {
  readonly namePrefix: string;
  /** The KeyRing's `models` key. */
  readonly modelsKeyArn: pulumi.Input<string>;
  /** @default true */
  readonly protect?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ModelStoreOutputs {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
  readonly accessLogBucketName: pulumi.Output<string>;
}

/**
 * The model store: a locked bucket `<namePrefix>-models-…` (components/shared/lockedBucket.ts: Object
 * Lock with the configured default retention, versioning, SSE-KMS with the `models` key and Bucket Keys,
 * ACLs off, public access blocked) whose replaced versions expire after `noncurrentVersionDays`; its
 * server access logs in a bucket of their own (components/shared/serverAccessLogs.ts); and its policy
 * (supplyChain.modelStore.logic.ts `modelBucketPolicy`: TLS only, SSE-KMS with the `models` key only,
 * writes only by the writers, reads only by them, the model servers and AWS Backup). Tagged
 * `rampart:data-class=models` (the model-bucket policies) and `rampart:backup-class=models` (Recovery's
 * backup selection). Children: `<name>-models*`, `<name>-models-access-logs*`. Arguments are validated by
 * the caller (`validateSupplyChainArgs`).
 */
export function createModelStore(
  parent: pulumi.ComponentResource,
  name: string,
  args: ModelStoreInputs,
): ModelStoreOutputs {
  const protect = args.protect ?? SUPPLY_CHAIN_DEFAULTS.protect;
  const base = `${name}-models`;
  const store = createLockedBucket(parent, base, {
    bucketPrefix: modelBucketPrefix(args.namePrefix),
    kmsKeyArn: args.modelsKeyArn,
    objectLock: args.objectLock,
    lifecycleRules: modelStoreLifecycleRules(args),
    protect,
    tags: { ...args.tags, [DATA_CLASS_TAG]: "models", [BACKUP_CLASS_TAG]: "models" },
  });
  const logs = createServerAccessLogs(parent, base, {
    bucketPrefix: modelAccessLogBucketPrefix(args.namePrefix),
    sourceBucketName: store.bucketName,
    sourceBucketArn: store.bucketArn,
    logPrefix: "models",
    expireAfterDays: args.accessLogRetentionDays,
    protect,
    tags: { ...args.tags, [DATA_CLASS_TAG]: "access-logs" },
  });
  const opts = { parent };
  const partition = aws.getPartitionOutput({}, opts).partition;
  const accountId = aws.getCallerIdentityOutput({}, opts).accountId;
  new aws.s3.BucketPolicy(
    `${base}-policy`,
    {
      bucket: store.bucketName,
      policy: pulumi
        .all([
          store.bucketArn,
          partition,
          accountId,
          args.modelsKeyArn,
          pulumi.all([...(args.writerRoleArns ?? [])]),
        ])
        .apply(([bucketArn, p, account, modelsKeyArn, writerRoleArns]) =>
          JSON.stringify(
            modelBucketPolicy({
              partition: p,
              accountId: account,
              bucketArn,
              modelsKeyArn,
              namePrefix: args.namePrefix,
              writerRoleArns,
            }),
          ),
        ),
    },
    opts,
  );
  return { bucketName: store.bucketName, bucketArn: store.bucketArn, accessLogBucketName: logs.bucket };
}
