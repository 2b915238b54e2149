import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface EbsDefaultEncryptionArgs {
  /** ARN of the KMS key that encrypts every new EBS volume and snapshot copy (the KeyRing's volumes key). */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** `protect` both settings from `pulumi destroy`. @default true */
  readonly protect?: boolean;
}

/**
 * EBS encryption by default for the account in this region, with our volumes key as the default key:
 * every new volume is encrypted even when whoever creates it forgets to ask, and with a key whose
 * policy we control rather than `aws/ebs`. Both settings are per account and region, so exactly one
 * stack per account and region should own them (the stack config names it). Deleting the resources
 * never turns the settings off (`retainOnDelete`): destroying a stack must not silently disable
 * default encryption for every other stack in the account.
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
 */
export class EbsDefaultEncryption extends pulumi.ComponentResource {
  /** The default key's ARN, as applied. */
  public readonly kmsKeyArn: pulumi.Output<string>;

  constructor(name: string, args: EbsDefaultEncryptionArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("rampart:security:EbsDefaultEncryption", name, {}, opts);
    const keep = { parent: this, retainOnDelete: true, protect: args.protect ?? true };
    const byDefault = new aws.ebs.EncryptionByDefault(`${name}-by-default`, { enabled: true }, keep);
    const defaultKey = new aws.ebs.DefaultKmsKey(
      `${name}-default-key`,
      { keyArn: args.kmsKeyArn },
      { ...keep, dependsOn: [byDefault] },
    );
    this.kmsKeyArn = defaultKey.keyArn;
    this.registerOutputs({ kmsKeyArn: this.kmsKeyArn });
  }
}
