import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { POD_SECURITY_VERSION } from "../mesh/serviceMesh.values";
import { assertValidArgs } from "../shared/problems";
import type { LogShipperArgs } from "./logShipper.args";
import {
  FLUENT_BIT_CHART,
  LOG_SHIPPER_DEFAULTS,
  LOG_SHIPPER_NAMES,
  podIdentityTrustPolicy,
  shipperPolicy,
  streamAccount,
  TESTED_FLUENT_BIT_CHART,
  TESTED_FLUENT_BIT_IMAGE_TAG,
  validateLogShipperArgs,
} from "./logShipper.logic";
import { shipperNetworkPolicies } from "./logShipper.networkPolicies";
import { fluentBitValues, shipperPodSecurityLabels } from "./logShipper.values";

export type { LogShipperArgs };
export { validateLogShipperArgs, LOG_SHIPPER_DEFAULTS, TESTED_FLUENT_BIT_CHART, TESTED_FLUENT_BIT_IMAGE_TAG };

/** The redaction filter, shipped to the pods as the chart's `luaScripts` entry. */
export const REDACTION_SCRIPT_PATH = path.join(__dirname, LOG_SHIPPER_NAMES.script);

/**
 * Fluent Bit from its official chart (pinned) as a DaemonSet on every node, in a namespace of its own
 * that denies all traffic but the shipper's flows; every record passes redaction.lua (personal data
 * hashed with a keyed HMAC, credentials removed, fail closed without a key) before it is sent to the
 * SIEM's Firehose stream with an EKS Pod Identity role that may only PutRecordBatch on that stream.
 * Install order: namespace, its NetworkPolicies and the key Secret; the role and its Pod Identity
 * association (pods started before it get no credentials); then the release.
 */
export class LogShipper extends pulumi.ComponentResource {
  readonly namespace: string;
  readonly serviceAccountName: string;
  /** The shipper's IAM role (Pod Identity). */
  readonly roleArn: pulumi.Output<string>;
  /** The Helm release: what depends on the shipper running waits for it. */
  readonly release: k8s.helm.v3.Release;

  constructor(name: string, args: LogShipperArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { kubeProvider, ...plain } = args;
    assertValidArgs("LogShipper", name, validateLogShipperArgs(plain));
    super("rampart:observability:LogShipper", name, {}, opts);

    const d = LOG_SHIPPER_DEFAULTS;
    const n = LOG_SHIPPER_NAMES;
    const namespace = args.namespace ?? d.namespace;
    const tags = { ...args.tags };
    const k8sOpts = { parent: this, provider: kubeProvider };

    const ns = new k8s.core.v1.Namespace(
      `${name}-ns`,
      { metadata: { name: namespace, labels: shipperPodSecurityLabels(POD_SECURITY_VERSION) } },
      k8sOpts,
    );
    const policies = shipperNetworkPolicies({
      namespace,
      vpcCidrs: args.vpcCidrs,
      scraperNamespace: d.scraperNamespace,
    }).map(
      (np) =>
        new k8s.networking.v1.NetworkPolicy(`${name}-np-${np.metadata.name}`, np, {
          ...k8sOpts,
          dependsOn: [ns],
        }),
    );

    // 32 random bytes unless the caller brings a key (e.g. shared with another cluster, so tags join).
    const key =
      args.redactionKey ??
      new random.RandomBytes(`${name}-redaction-key`, { length: 32 }, { parent: this }).base64;
    const keySecret = new k8s.core.v1.Secret(
      `${name}-redaction-key-secret`,
      {
        metadata: { name: n.keySecret, namespace },
        type: "Opaque",
        stringData: { [n.keySecretKey]: pulumi.secret(key) },
      },
      { ...k8sOpts, dependsOn: [ns] },
    );

    const streamArn = pulumi.output(args.streamArn);
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: `Fluent Bit (${namespace}/${n.serviceAccount}): PutRecordBatch on the SIEM's stream only`,
        assumeRolePolicy: streamArn.apply((arn) =>
          JSON.stringify(podIdentityTrustPolicy(streamAccount(arn))),
        ),
        maxSessionDuration: 3600,
        tags,
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${name}-firehose`,
      { role: role.id, policy: streamArn.apply((arn) => JSON.stringify(shipperPolicy(arn))) },
      { parent: this },
    );
    const association = new aws.eks.PodIdentityAssociation(
      `${name}-pod-identity`,
      { clusterName: args.clusterName, namespace, serviceAccount: n.serviceAccount, roleArn: role.arn, tags },
      { parent: this },
    );

    const script = fs.readFileSync(REDACTION_SCRIPT_PATH, "utf8");
    const values = pulumi.all([args.streamName, args.region]).apply(([streamName, region]) =>
      fluentBitValues({
        streamName,
        region,
        imageRepository: args.imageRepository ?? d.imageRepository,
        imageTag: args.imageTag,
        resources: args.resources ?? d.resources,
        extraTolerations: args.extraTolerations ?? d.extraTolerations,
        script,
      }),
    );
    // atomic: a failed install or upgrade is rolled back and `pulumi up` fails with Helm's error.
    // https://www.pulumi.com/registry/packages/kubernetes/api-docs/helm/v3/release/
    this.release = new k8s.helm.v3.Release(
      `${name}-fluent-bit`,
      {
        name: n.release,
        chart: FLUENT_BIT_CHART.chart,
        version: args.chartVersion,
        repositoryOpts: { repo: FLUENT_BIT_CHART.repo },
        namespace,
        values,
        atomic: true,
        cleanupOnFail: true,
        skipAwait: false,
        timeout: d.helmTimeoutSeconds,
      },
      { ...k8sOpts, dependsOn: [ns, keySecret, association, ...policies] },
    );

    this.namespace = namespace;
    this.serviceAccountName = n.serviceAccount;
    this.roleArn = role.arn;
    this.registerOutputs({ namespace, serviceAccountName: n.serviceAccount, roleArn: role.arn });
  }
}
