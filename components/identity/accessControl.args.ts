import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { AccessRole } from "./roles";

/**
 * The contract of `AccessControl` (`rampart:identity:AccessControl`): the role map (roles.ts) derived
 * into AWS IAM roles (federated trust, MFA for administrative roles, short sessions, a permissions
 * boundary, permissions scoped to the role's job), EKS access entries with namespace-scoped access
 * policies, and Kubernetes RBAC bound to the groups the entries map. The break-glass alarm watches the
 * trail, so SiemPipeline raises it (`breakGlassRoleArn`). Vault's side is `VaultAccess`; organisation
 * SCPs are `OrgGuardrails`. Types only.
 */

/** The organisation's identity provider, registered in IAM (the roles trust it and nothing else). */
export type IdentityProvider =
  | {
      /**
       * A SAML 2.0 provider (`aws.iam.SamlProvider` or `arn:aws:iam::<account>:saml-provider/<name>`),
       * e.g. Okta, Entra ID, or IAM Identity Center's SAML application for external accounts.
       */
      readonly kind: "saml";
      readonly providerArn: string;
    }
  | {
      /** An OIDC provider (`arn:aws:iam::<account>:oidc-provider/<host>`). */
      readonly kind: "oidc";
      readonly providerArn: string;
      /** The provider's host and path as IAM keys it (`login.example.com/oauth2`), for `<host>:aud`. */
      readonly issuerHost: string;
      /** The client ID the tokens are issued to (`<host>:aud`). */
      readonly audience: string;
    };

export interface AccessControlArgs {
  /** Prefix of global names (IAM roles, policies): `<project>-<stack>`. */
  readonly namePrefix: string;
  /** The resolved role map (config resolves built-ins and custom roles). */
  readonly roles: readonly AccessRole[];
  readonly identityProvider: IdentityProvider;
  /**
   * The session tag the identity provider sets to `true` when the person authenticated with MFA
   * (SAML attribute `https://aws.amazon.com/SAML/Attributes/PrincipalTag:<tag>`, or the OIDC
   * `https://aws.amazon.com/tags` claim). Federated sessions carry no `aws:MultiFactorAuthPresent`, so
   * administrative federated roles require this tag in their trust. @default "rampart-mfa"
   */
  readonly mfaSessionTag?: string;
  /** The longest an MFA authentication may be old when a break-glass role is taken (`aws:MultiFactorAuthAge`). @default 3600 */
  readonly mfaMaxAgeSeconds?: number;
  /**
   * IAM principals (users or roles, typically in a sealed account) that may take the break-glass role,
   * with MFA. Required when the role map holds a break-glass role.
   */
  readonly breakGlassPrincipalArns?: readonly string[];
  /**
   * A permissions boundary to attach to every role. @default one created here, which denies
   * changing boundaries and the roles themselves, deleting or disabling KMS keys, the trail, detectors
   * and the archive, and leaving the organisation.
   */
  readonly permissionsBoundaryArn?: string;
  /** Let `models.deploy` use `pods/exec`, `pods/attach` and `pods/portforward` (dev only; prod refuses). @default false */
  readonly allowExec?: boolean;

  // What the roles' permissions are scoped to.
  readonly clusterName: pulumi.Input<string>;
  /** Kubernetes provider of the cluster (RBAC objects). */
  readonly kubeProvider: k8s.Provider;
  /** What the RBAC objects wait for (the namespaces their Roles live in). @default [] */
  readonly rbacDependsOn?: readonly pulumi.Resource[];
  /** Log groups audit-view may read: `<logGroupPrefix>*` (`/rampart/<stack>/`). */
  readonly logGroupPrefix: string;
  /**
   * Buckets named with this prefix hold model artifacts (`<namePrefix>-models-`; the model store uses it
   * as its `bucketPrefix`). `models.publish` writes them.
   */
  readonly modelBucketNamePrefix: string;
  /** The KeyRing's `models` key: used (through S3) by `models.publish`, never administered. */
  readonly modelsKeyArn: pulumi.Input<string>;
  /**
   * Buckets named with this prefix are the SIEM archive (`archiveBucketPrefix(namePrefix)`,
   * `<namePrefix>-archive-`), which audit-view reads, in our account only, with the siem key through
   * S3. By name, not ARN: the roles exist before the SIEM (PrivacyControls names audit-view, and the
   * SIEM reads PrivacyControls). Absent without a SIEM.
   */
  readonly archiveBucketNamePrefix?: string;
  readonly siemKeyArn?: pulumi.Input<string>;
  readonly tags?: Readonly<Record<string, string>>;
}

/** What `AccessControl` exposes. */
export interface AccessControlOutputs {
  /** IAM role ARN per role name. */
  readonly roleArns: Readonly<Record<string, pulumi.Output<string>>>;
  /** The permissions boundary every role carries. */
  readonly permissionsBoundaryArn: pulumi.Output<string>;
}
