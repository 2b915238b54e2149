import type { AccessCase } from "./cases";
import { buildWorld } from "./model";
import type { ExportResource } from "./types";

/**
 * Access cases of SecurityMonitoring's Alertmanager (components/observability/securityMonitoring.ts),
 * derived from the export: the topics its configuration publishes to (the kube-prometheus-stack release's
 * `alertmanager.config` `sns_configs[].topic_arn`) and the role the Pod Identity association binds to
 * `monitoring/alertmanager`. That role must publish to those topics (through the `sns` interface endpoint
 * when the VPC has one) and use the topic's KMS key through SNS; it must not publish to any other topic,
 * nor use the key directly.
 */

const CITE = {
  publish: "https://docs.aws.amazon.com/sns/latest/dg/sns-using-identity-based-policies.html",
  sse: "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html",
  podIdentity: "https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html",
  viaService:
    "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service",
};

/** AWS's documentation account standing for "another account" (as rampartAccess.ts's OTHER_ACCOUNT). */
const OTHER_ACCOUNT = "111122223333";

export const ALERTMANAGER_IDENTITY = { namespace: "monitoring", serviceAccount: "alertmanager" } as const;
const RELEASE_CHART = "kube-prometheus-stack";

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const field = (r: ExportResource, k: string) => r.outputs?.[k] ?? r.inputs?.[k];

/** The SNS topics an Alertmanager configuration in a kube-prometheus-stack release publishes to. */
export function alertmanagerTopics(resources: readonly ExportResource[]): string[] {
  const topics = new Set<string>();
  for (const r of resources) {
    if (r.type !== "kubernetes:helm.sh/v3:Release" || r.inputs?.chart !== RELEASE_CHART) continue;
    const values = r.inputs.values;
    const am = isObject(values) && isObject(values.alertmanager) ? values.alertmanager : {};
    const config = isObject(am.config) ? am.config : {};
    for (const receiver of arr(config.receivers))
      for (const sns of arr(isObject(receiver) ? receiver.sns_configs : undefined)) {
        const arn = isObject(sns) ? str(sns.topic_arn) : undefined;
        if (arn) topics.add(arn);
      }
  }
  return [...topics];
}

export function monitoringAccess(resources: readonly ExportResource[]): AccessCase[] {
  const world = buildWorld(resources);
  const cases: AccessCase[] = [];
  const hasSnsEndpoint = world.endpoints.some((e) => e.serviceName.endsWith(".sns"));
  const via = hasSnsEndpoint ? { via: "sns" } : {};
  const roles = resources
    .filter(
      (r) =>
        r.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation" &&
        field(r, "namespace") === ALERTMANAGER_IDENTITY.namespace &&
        field(r, "serviceAccount") === ALERTMANAGER_IDENTITY.serviceAccount,
    )
    .map((r) => str(field(r, "roleArn")))
    .filter((a): a is string => a !== undefined);
  const topics = alertmanagerTopics(resources);
  const allTopics = resources
    .filter((r) => r.type === "aws:sns/topic:Topic")
    .map((r) => str(field(r, "arn")))
    .filter((a): a is string => a !== undefined);
  const keyOfTopic = (arn: string): string | undefined => {
    const topic = resources.find((r) => r.type === "aws:sns/topic:Topic" && field(r, "arn") === arn);
    return topic ? str(field(topic, "kmsMasterKeyId")) : undefined;
  };

  for (const roleArn of roles) {
    const role = roleArn.split("/").pop() ?? roleArn;
    for (const topic of topics) {
      const region = topic.split(":")[3];
      cases.push({
        id: `alertmanager-sns/${role}/publish/${topic.split(":").pop()}`,
        description: "Alertmanager publishes alerts to the SIEM's topic with its Pod Identity role",
        principal: { role: roleArn },
        action: "sns:Publish",
        resource: topic,
        ...via,
        expect: "allow",
        cite: CITE.publish,
      });
      const key = keyOfTopic(topic);
      if (key?.startsWith("arn:")) {
        for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
          cases.push({
            id: `alertmanager-sns/${role}/key-via-sns/${action}`,
            description: `SNS ${action} on the topic's key for Alertmanager's publish`,
            principal: { role: roleArn },
            action,
            resource: key,
            context: { "kms:ViaService": `sns.${region}.amazonaws.com` },
            expect: "allow",
            cite: CITE.sse,
          });
          cases.push({
            id: `alertmanager-sns/${role}/key-direct/${action}`,
            description: `Alertmanager's role must not ${action} with the topic's key outside SNS`,
            principal: { role: roleArn },
            action,
            resource: key,
            expect: "deny",
            cite: CITE.viaService,
          });
        }
      }
      // Every other topic of the export is refused, and so is one in another account (a topic of this
      // account outside the export could grant the role in its own policy: undecidable, so not asked).
      const others = [
        ...allTopics.filter((t) => !topics.includes(t)),
        `arn:aws:sns:${region}:${OTHER_ACCOUNT}:not-the-alert-topic`,
      ];
      for (const other of others)
        cases.push({
          id: `alertmanager-sns/${role}/publish-forbidden/${other.split(":").pop()}`,
          description: "Alertmanager's role must not publish to a topic other than the alert topic",
          principal: { role: roleArn },
          action: "sns:Publish",
          resource: other,
          ...via,
          expect: "deny",
          cite: CITE.podIdentity,
        });
    }
  }
  return cases;
}
