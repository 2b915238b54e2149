import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface EbsDefaultEncryptionArgs {
  /** ARN of the KMS key that encrypts every new EBS volume and snapshot copy (the KeyRing's volumes key). */
  readonly kmsKeyArn: pulumi.Input<string>;
}

/**
 * EBS encryption by default for the account in this region, with our volumes key as the default key:
 * every new volume is encrypted even when whoever creates it forgets to ask, and with a key whose
 * policy we control rather than `aws/ebs`. Both settings are per account and region.
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
 */
export class EbsDefaultEncryption extends pulumi.ComponentResource {
  /** The default key's ARN, as applied. */
  public readonly kmsKeyArn: pulumi.Output<string>;

  constructor(name: string, args: EbsDefaultEncryptionArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("rampart:security:EbsDefaultEncryption", name, {}, opts);
    const byDefault = new aws.ebs.EncryptionByDefault(
      `${name}-by-default`,
      { enabled: true },
      { parent: this },
    );
    const defaultKey = new aws.ebs.DefaultKmsKey(
      `${name}-default-key`,
      { keyArn: args.kmsKeyArn },
      { parent: this, dependsOn: [byDefault] },
    );
    this.kmsKeyArn = defaultKey.keyArn;
    this.registerOutputs({ kmsKeyArn: this.kmsKeyArn });
  }
}
