import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  aliasName,
  DATA_CLASS_DESCRIPTIONS,
  DATA_CLASSES,
  type DataClass,
  KEY_RING_DEFAULTS,
  keyPolicy,
  validateKeyRingArgs,
} from "./keyRing.logic";

import { defaultClusterName } from "../compute/hardenedCluster.logic";
import { autoScalingRoleExists } from "../shared/preflight";
import { assertValidArgs } from "../shared/problems";

export { DATA_CLASSES, type DataClass } from "./keyRing.logic";

export interface KeyRingArgs {
  /**
   * The stack segment of each alias: `alias/rampart/<stack>/<class>`.
   * @default pulumi.getStack()
   */
  readonly stack?: string;
  /**
   * Days between automatic rotations (AWS accepts 90 to 2560).
   * @default 365
   * @see https://docs.aws.amazon.com/kms/latest/developerguide/rotating-keys-enable-disable.html
   */
  readonly rotationPeriodDays?: number;
  /**
   * Waiting period before a scheduled deletion completes (AWS accepts 7 to 30 days).
   * @default 30
   */
  readonly deletionWindowDays?: number;
  /**
   * `protect` the keys so `pulumi destroy` cannot schedule their deletion (losing a key loses the data).
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Log group name prefixes whose groups the logs, SIEM and privacy keys may encrypt (CloudWatch Logs sends the
   * group's ARN as encryption context, and the key policy matches it).
   * @default [`/rampart/<stack>/`, `/aws/eks/<project>-<stack>/`] (HardenedCluster's default cluster name)
   */
  readonly logGroupPrefixes?: readonly string[];
  /**
   * `PublicEdge` name prefixes (`PublicEdgeArgs.namePrefix`) whose WAF log group the logs key may
   * encrypt: WAF requires the group to be named `aws-waf-logs-...`, so it cannot sit under
   * `logGroupPrefixes`; the key admits exactly `aws-waf-logs-<prefix>*` for each.
   * @default [] (no WAF log group)
   * @see https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html
   */
  readonly edgeNamePrefixes?: readonly string[];
  /**
   * Name `AWSServiceRoleForAutoScaling` in the volumes key policy, which EKS managed node groups need to
   * launch instances with volumes encrypted by this key. The role must already exist in the account.
   * @default true
   */
  readonly grantAutoScalingServiceLinkedRole?: boolean;
  /**
   * `<project>-<stack>`, the prefix of global names: the vault key admits only the role
   * `<namePrefix>-vault-unseal` (VaultServer's unseal role).
   * @default `${pulumi.getProject()}-${stack}`
   */
  readonly namePrefix?: string;
  /** Tags for every key. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** One key's handles. */
export interface KeyOutputs {
  readonly arn: pulumi.Output<string>;
  readonly keyId: pulumi.Output<string>;
  readonly aliasName: string;
}

/**
 * One customer-managed, rotating KMS key per data class, each with an alias and a least-privilege key
 * policy (see keyRing.logic.ts). Consumers take `keyArns.<class>` as a `pulumi.Input<string>`.
 */
export class KeyRing extends pulumi.ComponentResource {
  /** Every key, by data class. */
  public readonly keys: Readonly<Record<DataClass, KeyOutputs>>;
  /** Key ARNs by data class (what EKS, EBS, CloudWatch Logs, S3, ECR, Backup and Vault's seal take). */
  public readonly keyArns: Readonly<Record<DataClass, pulumi.Output<string>>>;
  /** Key ids by data class. */
  public readonly keyIds: Readonly<Record<DataClass, pulumi.Output<string>>>;

  constructor(name: string, args: KeyRingArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    assertValidArgs("KeyRing", name, validateKeyRingArgs(args));
    super("rampart:security:KeyRing", name, {}, opts);
    const stack = args.stack ?? pulumi.getStack();
    const rotationPeriodDays = args.rotationPeriodDays ?? KEY_RING_DEFAULTS.rotationPeriodDays;
    const deletionWindowDays = args.deletionWindowDays ?? KEY_RING_DEFAULTS.deletionWindowDays;
    const protect = args.protect ?? KEY_RING_DEFAULTS.protect;
    const logGroupPrefixes = args.logGroupPrefixes ?? [
      `/rampart/${stack}/`,
      `/aws/eks/${defaultClusterName(pulumi.getProject(), stack)}/`,
    ];
    const namePrefix = args.namePrefix ?? `${pulumi.getProject()}-${stack}`;
    const grantAutoScalingServiceLinkedRole =
      args.grantAutoScalingServiceLinkedRole ?? KEY_RING_DEFAULTS.grantAutoScalingServiceLinkedRole;

    const invokeOpts = { parent: this };
    const identity = aws.getCallerIdentityOutput({}, invokeOpts);
    const region = aws.getRegionOutput({}, invokeOpts);
    const partition = aws.getPartitionOutput({}, invokeOpts);

    const keys = {} as Record<DataClass, KeyOutputs>;
    for (const dataClass of DATA_CLASSES) {
      // The volumes key names the Auto Scaling service-linked role: check it exists before the key.
      const roleReady =
        dataClass === "volumes" && grantAutoScalingServiceLinkedRole
          ? autoScalingRoleExists(invokeOpts)
          : pulumi.output(true);
      const policy = pulumi
        .all([partition.partition, identity.accountId, region.region, roleReady])
        .apply(([partitionName, accountId, regionName]) =>
          JSON.stringify(
            keyPolicy(dataClass, {
              partition: partitionName,
              accountId,
              region: regionName,
              logGroupPrefixes,
              edgeNamePrefixes: args.edgeNamePrefixes ?? [],
              grantAutoScalingServiceLinkedRole,
              namePrefix,
            }),
          ),
        );
      const key = new aws.kms.Key(
        `${name}-${dataClass}`,
        {
          description: `rampart ${stack}: ${DATA_CLASS_DESCRIPTIONS[dataClass]}`,
          keyUsage: "ENCRYPT_DECRYPT",
          customerMasterKeySpec: "SYMMETRIC_DEFAULT",
          enableKeyRotation: true,
          rotationPeriodInDays: rotationPeriodDays,
          deletionWindowInDays: deletionWindowDays,
          multiRegion: false,
          // KMS refuses a policy that would lock the caller out; never skip that check.
          bypassPolicyLockoutSafetyCheck: false,
          policy,
          tags: { ...args.tags, "rampart:data-class": dataClass },
        },
        { parent: this, protect },
      );
      new aws.kms.Alias(
        `${name}-${dataClass}-alias`,
        { name: aliasName(stack, dataClass), targetKeyId: key.keyId },
        { parent: this },
      );
      keys[dataClass] = { arn: key.arn, keyId: key.keyId, aliasName: aliasName(stack, dataClass) };
    }

    this.keys = keys;
    this.keyArns = mapClasses((c) => keys[c].arn);
    this.keyIds = mapClasses((c) => keys[c].keyId);
    this.registerOutputs({ keyArns: this.keyArns, keyIds: this.keyIds });
  }
}

function mapClasses<T>(f: (c: DataClass) => T): Record<DataClass, T> {
  return Object.fromEntries(DATA_CLASSES.map((c) => [c, f(c)])) as Record<DataClass, T>;
}
