import {
  INSTANCE,
  LAUNCH_CONFIGURATION,
  LAUNCH_TEMPLATE,
  SPOT_INSTANCE_REQUEST,
  kindName,
} from "../../lib/ec2";
import { resourcePolicy } from "../../lib/policy";
import { decodeBase64Text, findSecrets, type SecretFinding } from "../../lib/secrets";
import { UNSEEN, seen } from "../../lib/unknown";

/**
 * User data is not secret storage: anyone with ec2:DescribeInstanceAttribute (or
 * ec2:DescribeLaunchTemplateVersions) reads it, every process on the instance reads it from IMDS, and it
 * sits in the Pulumi state. The forms: an Instance's, LaunchConfiguration's and SpotInstanceRequest's
 * `userData` (plain text; also scanned decoded when the text itself is base64) and `userDataBase64`, and a
 * LaunchTemplate's `userData` (always base64). A base64 payload may be gzip (cloud-init inflates it): it is
 * inflated with a size cap (lib/secrets.ts). A payload that cannot be decoded cannot be inspected, and
 * AWS would not run it as meant either: that is a violation naming the property.
 * Messages name the kind of credential and its line, never the value.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html
 * @see https://cloudinit.readthedocs.io/en/latest/explanation/format.html
 */
export const ec2InstanceDisallowSecretsInUserData = resourcePolicy({
  name: "aws-ec2-instance-disallow-secrets-in-user-data",
  description:
    "EC2 instances, launch templates, launch configurations and spot requests must not carry credentials " +
    "(access keys, private keys, passwords, API tokens) in user data: it is readable through the EC2 API, " +
    "from the instance metadata service by every process on the host, and in the deployment state.",
  // CKV_AWS_46: instances, launch templates and launch configurations; AVD-AWS-0029 instances,
  // AVD-AWS-0129 launch templates, AVD-AWS-0122 launch configurations.
  catalog: ["CKV_AWS_46", "AVD-AWS-0029", "AVD-AWS-0129", "AVD-AWS-0122"],
  remediation:
    "Remove the credential from userData/userDataBase64 and fetch it at boot from Secrets Manager or SSM Parameter Store (SecureString) with the instance role.",
  types: [INSTANCE, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION, SPOT_INSTANCE_REQUEST],
  check: (props, { type }) => {
    const out: string[] = [];
    const unseen: string[] = [];
    const kind = kindName(type);
    // A launch template's userData is base64; the other kinds' userData is plain text.
    for (const [key, base64] of [
      ["userData", type === LAUNCH_TEMPLATE],
      ["userDataBase64", true],
    ] as const) {
      if (type === LAUNCH_TEMPLATE && key === "userDataBase64") continue;
      if (!(key in props)) continue;
      // One property unknown during preview must not hide credentials found in the other.
      const value = seen(() => props[key] as unknown);
      if (value === UNSEEN) unseen.push(key);
      else {
        const message = inspect(value, key, base64, kind);
        if (message) out.push(message);
      }
    }
    // Nothing found and something unseen: read it again and let the SDK report "not inspectable".
    if (out.length === 0 && unseen.length > 0) void props[unseen[0]!];
    return out;
  },
});

function inspect(value: unknown, key: string, base64: boolean, kind: string): string | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  let findings: SecretFinding[];
  if (base64) {
    const text = decodeBase64Text(value);
    if (text === undefined)
      return `${kind} ${key} is not valid base64 (or is gzip that cannot be inflated within the size cap), so it cannot be checked for credentials: give ${key} as base64 of the script.`;
    findings = findSecrets(text);
  } else {
    findings = findSecrets(value);
    // Plain user data that is itself base64 (encoded once too often) reaches cloud-init as is, but a
    // reader decodes it in one step: scan the decoded text too when it decodes.
    if (findings.length === 0 && /^[A-Za-z0-9+/=\s]{16,}$/.test(value)) {
      const decoded = decodeBase64Text(value);
      if (decoded !== undefined) findings = findSecrets(decoded);
    }
  }
  if (findings.length === 0) return undefined;
  const list = findings.map((f) => `${f.kind} at ${f.where}`).join(", ");
  return `${kind} ${key} holds credentials (${list}): remove them and fetch secrets at boot from Secrets Manager or SSM Parameter Store with the instance role.`;
}
