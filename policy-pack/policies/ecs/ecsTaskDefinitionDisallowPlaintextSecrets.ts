import { containerFindings, TASK_DEFINITION } from "../../lib/ecs";
import { credentialKinds, kindList } from "../../lib/k8sSecrets";
import { resourcePolicy } from "../../lib/policy";
import { asArray, asObject } from "../../lib/values";

/**
 * Variable names that say they hold a secret, as Trivy's AVD-AWS-0036 reads them (a name containing one of
 * these words, except the `token_type`/`version` ones it whitelists).
 */
const SENSITIVE = [
  "password",
  "secret",
  "private_key",
  "aws_access_key_id",
  "aws_secret_access_key",
  "token",
  "api_key",
];
const NOT_SENSITIVE_PREFIXES = ["token_type", "version"];

function isSensitiveName(name: string): boolean {
  const n = name.trim().toLowerCase();
  if (n === "" || NOT_SENSITIVE_PREFIXES.some((p) => n.startsWith(p))) return false;
  return SENSITIVE.some((t) => n.includes(t));
}

/**
 * A literal that is a reference rather than the secret: an ARN (of the Secrets Manager secret or SSM
 * parameter the application reads itself), which is no more secret than the resource's name.
 */
function isReference(value: string): boolean {
  return /^arn:aws[a-z-]*:/i.test(value.trim());
}

/**
 * `environment` values are stored in the task definition in plain text: anyone with
 * ecs:DescribeTaskDefinition (read-only roles, the console, CloudTrail readers) reads them, and they stay in
 * every revision. ECS injects secrets at start from Secrets Manager or SSM Parameter Store through the
 * container's `secrets` list instead, which holds only the ARN.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html
 * @see https://docs.aws.amazon.com/config/latest/developerguide/ecs-no-environment-secrets.html
 */
export const ecsTaskDefinitionDisallowPlaintextSecrets = resourcePolicy({
  name: "aws-ecs-taskdefinition-disallow-plaintext-secrets",
  description:
    "ECS containers must not carry secrets as literal environment values (containerDefinitions[].environment " +
    "entries named like *PASSWORD*, *SECRET*, *TOKEN*, *API_KEY*, AWS keys, or holding a credential whatever " +
    "their name): the task definition stores them " +
    "in plain text, readable by anyone who can describe it, in every revision.",
  catalog: ["AVD-AWS-0036", "CIS EKS 4.4.1"],
  remediation:
    "Move the value to Secrets Manager or SSM Parameter Store and reference it from the container's secrets list ({ name, valueFrom: <ARN> }) instead of environment.",
  types: [TASK_DEFINITION],
  check: (props) =>
    containerFindings(props, (c) => {
      const env = "environment" in c.def ? asArray(c.def.environment) : [];
      const named: string[] = [];
      const detected: string[] = [];
      for (const e of env) {
        const entry = asObject(e);
        if (!entry || typeof entry.name !== "string") continue;
        const value = entry.value;
        if (typeof value !== "string" || value.trim() === "" || isReference(value)) continue;
        if (isSensitiveName(entry.name)) named.push(entry.name);
        else {
          // Whatever it is called: a value the pack's shared detector recognises (lib/secrets.ts).
          const kinds = credentialKinds(value);
          if (kinds.length > 0) detected.push(`${entry.name} (${kindList(kinds)})`);
        }
      }
      const names = [...named, ...detected];
      if (names.length === 0) return undefined;
      return `${c.label} sets ${names.join(", ")} as literal environment values: store them in Secrets Manager or SSM Parameter Store and list them under secrets ({ name, valueFrom: <ARN> }).`;
    }),
});
