import type { AccessCase } from "./cases";
import { actionsOf } from "./iamData";
import { buildWorld, type RoleInfo, type World } from "./model";
import { globMatch } from "./match";
import type { ExportResource, Statement } from "./types";
import { statementLabel } from "./types";

/**
 * The access cases our stacks must satisfy, derived from the export (so they hold for dev and prod and
 * follow the resources as they change). Each cites the AWS document it comes from.
 */

/** AWS's documentation accounts: "another account", and one standing for an AWS-owned account. */
export const OTHER_ACCOUNT = "111122223333";
export const AWS_OWNED_ACCOUNT = "444455556666";
/** The account serving EKS add-on images in most commercial Regions.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html */
export const EKS_ADDON_IMAGE_ACCOUNT = "602401143452";

const CITE = {
  eksKms: "https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html",
  ecrS3:
    "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-minimum-s3-perms ; https://github.com/aws-samples/data-perimeter-policy-examples/blob/main/vpc_endpoint_policies/README.md",
  logsKms: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
  asgKms: "https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html",
  flowLogs: "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html",
  nodeEcr:
    "https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html ; https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html",
  addonImages: "https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html",
  ebsCsiKms: "https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html",
  crossAccountKms:
    "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html",
  leastPrivilegeKms: "https://docs.aws.amazon.com/kms/latest/developerguide/least-privilege.html",
  anyPrincipal:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous",
  endpointPerimeter: "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html",
};

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const ofType = (rs: readonly ExportResource[], t: string) => rs.filter((r) => r.type === t);
const urnName = (urn: string) => urn.split("::").pop() ?? urn;

/** Keys of the export by ARN, with their key policy statements. */
function keys(world: World, resources: readonly ExportResource[]) {
  return ofType(resources, "aws:kms/key:Key").flatMap((k) => {
    const arn = str(k.outputs?.arn);
    return arn ? [{ resource: k, arn, name: urnName(k.urn), policy: world.resourcePolicy(arn) }] : [];
  });
}

/** Roles assumed by pods (EKS Pod Identity or IRSA): the workload roles. */
function workloadRoles(world: World): RoleInfo[] {
  return world.roles.filter((r) =>
    (r.trust?.document.statements ?? []).some(
      (s) =>
        s.principal?.service.includes("pods.eks.amazonaws.com") || (s.principal?.federated.length ?? 0) > 0,
    ),
  );
}

/** Key ARNs a role's own identity policies name in a kms statement. */
function keysNamedBy(role: RoleInfo): Set<string> {
  const out = new Set<string>();
  for (const d of role.identity) {
    for (const s of d.document.statements) {
      if ((s.action ?? []).some((a) => a.toLowerCase().startsWith("kms:"))) {
        for (const r of s.resource ?? []) if (r.startsWith("arn:")) out.add(r);
      }
    }
  }
  return out;
}

/** A concrete action a statement allows, for probing it (its first action, wildcards expanded). */
function concreteAction(s: Statement, fallbackService: string): string | undefined {
  for (const a of s.action ?? []) {
    if (a === "*")
      return actionsOf(fallbackService)[0] && `${fallbackService}:${actionsOf(fallbackService)[0]}`;
    const [service, name] = a.split(":") as [string, string | undefined];
    if (!name) continue;
    if (!name.includes("*") && !name.includes("?")) return a;
    const hit = actionsOf(service).find((x) => globMatch(name, x, true));
    if (hit) return `${service}:${hit}`;
  }
  return undefined;
}

const isAnyPrincipal = (s: Statement) => s.effect === "Allow" && (s.principal?.any ?? false);

export function rampartAccess(resources: readonly ExportResource[]): AccessCase[] {
  const world = buildWorld(resources);
  const acct = world.account ?? "000000000000";
  const region = world.region ?? "us-east-1";
  const cases: AccessCase[] = [];
  const add = (c: AccessCase) => cases.push(c);
  const hasEndpoint = (via: string) => world.endpoints.some((e) => e.serviceName.endsWith(`.${via}`));
  const viaIf = (via: string) => (hasEndpoint(via) ? { via } : {});

  // EKS CreateCluster creates a grant on the secrets key as its caller, and sends no
  // kms:GrantIsForAWSResource (issue #11 defect 2). The caller (the deployer) is outside the export.
  for (const c of ofType(resources, "aws:eks/cluster:Cluster")) {
    const keyArn = str(
      (c.inputs.encryptionConfig as { provider?: { keyArn?: unknown } } | undefined)?.provider?.keyArn,
    );
    if (!keyArn) continue;
    for (const action of ["kms:CreateGrant", "kms:DescribeKey"]) {
      add({
        id: `eks-create-cluster/${urnName(c.urn)}/${action}`,
        description: `the CreateCluster caller ${action} on the cluster secrets key through EKS`,
        principal: { arn: `arn:aws:iam::${acct}:role/rampart-deployer`, assumeIdentityAllows: true },
        action,
        resource: keyArn,
        context: { "kms:ViaService": `eks.${region}.amazonaws.com` },
        expect: "allow",
        cite: CITE.eksKms,
      });
    }
  }

  // ECR image layers come from S3 through URLs signed by an ECR-owned account (issue #11 defect 1).
  if (hasEndpoint("s3")) {
    add({
      id: "ecr-layer-download/s3-endpoint",
      description:
        "an image layer download (presigned by an ECR-owned account) through the S3 gateway endpoint",
      principal: { account: AWS_OWNED_ACCOUNT },
      action: "s3:GetObject",
      resource: `arn:aws:s3:::prod-${region}-starport-layer-bucket/sha256-layer`,
      resourceAccount: AWS_OWNED_ACCOUNT,
      via: "s3",
      expect: "allow",
      cite: CITE.ecrS3,
    });
  }

  // CloudWatch Logs uses the key of each log group, with the group's ARN as encryption context.
  const logsKeys = new Set<string>();
  for (const g of ofType(resources, "aws:cloudwatch/logGroup:LogGroup")) {
    const keyArn = str(g.inputs.kmsKeyId);
    const groupArn =
      str(g.outputs?.arn) ?? `arn:aws:logs:${region}:${acct}:log-group:${String(g.inputs.name)}`;
    if (!keyArn) continue;
    logsKeys.add(keyArn);
    for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
      add({
        id: `logs-key/${urnName(g.urn)}/${action}`,
        description: `CloudWatch Logs ${action} for ${groupArn}`,
        principal: { service: `logs.${region}.amazonaws.com` },
        action,
        resource: keyArn,
        context: { "kms:EncryptionContext:aws:logs:arn": groupArn },
        expect: "allow",
        cite: CITE.logsKms,
      });
    }
  }
  // ... and only for our log groups (issue #11 defect 10): not another cluster's, not another account's.
  for (const keyArn of logsKeys) {
    const foreign = [
      `arn:aws:logs:${region}:${acct}:log-group:/aws/eks/not-a-rampart-cluster/cluster`,
      `arn:aws:logs:${region}:${acct}:log-group:/another-team/app`,
      `arn:aws:logs:${region}:${OTHER_ACCOUNT}:log-group:/aws/eks/rampart/cluster`,
    ];
    for (const groupArn of foreign) {
      add({
        id: `logs-key-foreign/${keyArn.split("/").pop()}/${groupArn.split(":").slice(4).join(":")}`,
        description: `CloudWatch Logs must not use our logs key for ${groupArn}`,
        principal: { service: `logs.${region}.amazonaws.com` },
        action: "kms:GenerateDataKey",
        resource: keyArn,
        context: { "kms:EncryptionContext:aws:logs:arn": groupArn },
        expect: "deny",
        cite: CITE.logsKms,
      });
    }
  }

  // The Auto Scaling service-linked role launches node instances with volumes encrypted by our key.
  const volumeKeys = new Set<string>();
  for (const lt of ofType(resources, "aws:ec2/launchTemplate:LaunchTemplate")) {
    for (const b of (lt.inputs.blockDeviceMappings as { ebs?: { kmsKeyId?: unknown } }[] | undefined) ?? []) {
      const k = str(b.ebs?.kmsKeyId);
      if (k) volumeKeys.add(k);
    }
  }
  // The role's own permissions (AutoScalingServiceRolePolicy) are AWS's, outside the export: assumed to
  // allow, so the case decides what is ours, the key policy, which must name the role itself.
  const slr = `arn:aws:iam::${acct}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
  for (const keyArn of volumeKeys) {
    const name = keyArn.split("/").pop();
    add({
      id: `asg-slr/${name}/kms:CreateGrant`,
      description: "the Auto Scaling service-linked role creates a grant for the instance's EBS volumes",
      principal: { arn: slr, assumeIdentityAllows: true },
      action: "kms:CreateGrant",
      resource: keyArn,
      context: { "kms:GrantIsForAWSResource": true },
      expect: "allow",
      cite: CITE.asgKms,
    });
    for (const action of ["kms:GenerateDataKeyWithoutPlaintext", "kms:Decrypt"]) {
      add({
        id: `asg-slr/${name}/${action}`,
        description: `the Auto Scaling service-linked role ${action} for an encrypted EBS volume`,
        principal: { arn: slr, assumeIdentityAllows: true },
        action,
        resource: keyArn,
        context: { "kms:ViaService": `ec2.${region}.amazonaws.com` },
        expect: "allow",
        cite: CITE.asgKms,
      });
    }
  }

  // VPC flow logs: the service assumes our role (for our account only) and writes to our log group.
  for (const f of ofType(resources, "aws:ec2/flowLog:FlowLog")) {
    const roleArn = str(f.inputs.iamRoleArn);
    const dest = str(f.inputs.logDestination);
    if (!roleArn || !dest || f.inputs.logDestinationType !== "cloud-watch-logs") continue;
    const name = urnName(f.urn);
    const assume = (account: string, expect: "allow" | "deny"): AccessCase => ({
      id: `flow-logs/${name}/assume-role/${account === acct ? "own" : "other"}-account`,
      description: `vpc-flow-logs.amazonaws.com assumes the delivery role for a flow log of account ${account}`,
      principal: { service: "vpc-flow-logs.amazonaws.com" },
      action: "sts:AssumeRole",
      resource: roleArn,
      context: {
        "aws:SourceAccount": account,
        "aws:SourceArn": `arn:aws:ec2:${region}:${account}:vpc-flow-log/fl-0123456789abcdef0`,
      },
      expect,
      cite: CITE.flowLogs,
    });
    add(assume(acct, "allow"));
    add(assume(OTHER_ACCOUNT, "deny"));
    for (const action of ["logs:CreateLogStream", "logs:PutLogEvents"]) {
      add({
        id: `flow-logs/${name}/${action}`,
        description: `the flow-log delivery role ${action} on its log group`,
        principal: { arn: roleArn },
        action,
        resource: `${dest}:log-stream:eni-0123456789abcdef0-all`,
        expect: "allow",
        cite: CITE.flowLogs,
      });
    }
  }

  // Nodes pull images from ECR through the interface endpoints: ours and EKS's add-on images.
  const nodeRoles = new Set(
    ofType(resources, "aws:eks/nodeGroup:NodeGroup").map((n) => String(n.inputs.nodeRoleArn)),
  );
  for (const roleArn of nodeRoles) {
    const role = world.findRole(roleArn)?.name ?? roleArn;
    add({
      id: `node-ecr/${role}/ecr:GetAuthorizationToken`,
      description: "a node gets an ECR authorization token",
      principal: { arn: roleArn },
      action: "ecr:GetAuthorizationToken",
      resource: "*",
      resourceAccount: acct,
      ...viaIf("ecr.api"),
      expect: "allow",
      cite: CITE.nodeEcr,
    });
    const repos = [
      {
        repo: `arn:aws:ecr:${region}:${acct}:repository/rampart/model-server`,
        cite: CITE.nodeEcr,
        what: "ours",
      },
      {
        repo: `arn:aws:ecr:${region}:${EKS_ADDON_IMAGE_ACCOUNT}:repository/amazon-k8s-cni`,
        cite: CITE.addonImages,
        what: "an EKS add-on image",
      },
    ];
    for (const { repo, cite, what } of repos) {
      for (const action of ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]) {
        add({
          id: `node-ecr/${role}/${action}/${repo.split(":")[4]}`,
          description: `a node ${action} from ${what}`,
          principal: { arn: roleArn },
          action,
          resource: repo,
          ...viaIf("ecr.dkr"),
          expect: "allow",
          cite,
        });
      }
    }
  }

  const allKeys = keys(world, resources);
  // A workload role uses the keys its own policy names (the EBS CSI driver and the volumes key) ...
  for (const role of workloadRoles(world)) {
    const named = keysNamedBy(role);
    for (const keyArn of named) {
      if (!volumeKeys.has(keyArn)) continue;
      add({
        id: `workload-key/${role.name}/${keyArn.split("/").pop()}/kms:CreateGrant`,
        description: `${role.name} creates the EBS grant for a volume encrypted with its key`,
        principal: { role: role.arn },
        action: "kms:CreateGrant",
        resource: keyArn,
        context: { "kms:ViaService": `ec2.${region}.amazonaws.com`, "kms:GrantIsForAWSResource": true },
        expect: "allow",
        cite: CITE.ebsCsiKms,
      });
    }
    // ... and no other key.
    for (const k of allKeys) {
      if (named.has(k.arn)) continue;
      add({
        id: `workload-key-forbidden/${role.name}/${k.name}`,
        description: `${role.name} must not decrypt with ${k.name}, a key it does not own`,
        principal: { role: role.arn },
        action: "kms:Decrypt",
        resource: k.arn,
        expect: "deny",
        cite: CITE.leastPrivilegeKms,
      });
    }
  }

  // No other account decrypts with any of our keys.
  for (const k of allKeys) {
    for (const action of ["kms:Decrypt", "kms:CreateGrant"]) {
      add({
        id: `cross-account-key/${k.name}/${action}`,
        description: `account ${OTHER_ACCOUNT} must not ${action} with ${k.name}`,
        principal: { account: OTHER_ACCOUNT },
        action,
        resource: k.arn,
        expect: "deny",
        cite: CITE.crossAccountKms,
      });
    }
  }

  // No unconditioned "*" principal: probe every statement that names "*" as principal.
  for (const d of world.documents) {
    if (d.kind !== "key" && d.kind !== "resource") continue;
    const arn = str(d.resource.outputs?.arn) ?? "";
    const service = arn.split(":")[2] ?? "s3";
    for (const s of d.document.statements.filter(isAnyPrincipal)) {
      const action = concreteAction(s, service);
      if (!action || !arn) continue;
      const resource = service === "s3" ? `${arn}/probe` : arn;
      for (const principal of [{ account: OTHER_ACCOUNT }, { anonymous: true as const }]) {
        add({
          id: `any-principal/${urnName(d.urn)}/${statementLabel(s)}/${"account" in principal ? "other-account" : "anonymous"}`,
          description: `a "*" principal statement must not let ${"account" in principal ? "another account" : "an anonymous caller"} ${action}`,
          principal,
          action,
          resource,
          expect: "deny",
          cite: CITE.anyPrincipal,
        });
      }
    }
  }
  // An endpoint statement with a "*" principal on every resource must not open the endpoint to other
  // accounts' principals and resources (data perimeter). Statements scoped to named resources (the
  // AWS-owned buckets ECR and SSM need) are the documented exception.
  for (const e of world.endpoints) {
    const via = e.serviceName.split(".").slice(3).join(".");
    const service = via.split(".")[0]!;
    for (const s of e.policy?.document.statements.filter(isAnyPrincipal) ?? []) {
      if (!(s.resource ?? []).includes("*") && !s.notResource) continue;
      const action = concreteAction(s, service);
      if (!action) continue;
      const resource =
        service === "s3"
          ? `arn:aws:s3:::bucket-of-${OTHER_ACCOUNT}/probe`
          : `arn:aws:${service}:${region}:${OTHER_ACCOUNT}:probe/probe`;
      add({
        id: `endpoint-perimeter/${urnName(e.resource.urn)}/${statementLabel(s)}`,
        description: `another account's principal must not reach another account's resources through the ${via} endpoint`,
        principal: { account: OTHER_ACCOUNT },
        action,
        resource,
        resourceAccount: OTHER_ACCOUNT,
        via,
        expect: "deny",
        cite: CITE.endpointPerimeter,
      });
    }
  }
  return cases;
}
