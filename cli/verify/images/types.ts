/**
 * The vocabulary of the image check: what it reads (export resources), what it finds (image sources: a
 * reference and where it was written) and what it answers (a verdict per source, with the reason).
 */

/** The fields of a `pulumi stack export` resource the check reads (cli/check/exportDoc's StateResource fits). */
export interface ExportResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
  readonly parent?: string;
}

/** An image reference as a container runtime resolves it (docker reference grammar). */
export interface ImageRef {
  /** The registry host (and port): `docker.io` for a name with no registry component. */
  readonly registry: string;
  /** The repository path, with `library/` for Docker Hub's official single-name images. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/**
 * One image the export deploys, or one place where images are deployed that the check cannot read.
 * `ref` is the text as written (or built from chart values); `problem` says why there is no reference
 * to decide (a Helm release naming no image, a templated or malformed value, a secret).
 */
export interface ImageSource {
  readonly urn: string;
  readonly type: string;
  /** Where in the resource's inputs: `spec.template.spec.initContainers[0].image`, `values.image`. */
  readonly path: string;
  readonly ref?: string;
  /** The registry alone, when only the registry is known (an EKS add-on, `global.imageRegistry`). */
  readonly registry?: string;
  readonly problem?: string;
  /** How the reference was found, when not written verbatim (a chart's known default image). */
  readonly note?: string;
}

export type ImageVerdictKind = "allow" | "deny" | "undecidable";

export interface ImageVerdict {
  /** The reference as written, or `<registry>/*` when only the registry is known. */
  readonly image: string;
  /** The registry the nodes would contact; absent when the reference cannot be read. */
  readonly registry?: string;
  readonly urn: string;
  readonly type: string;
  readonly path: string;
  readonly verdict: ImageVerdictKind;
  /** allow passes; deny and undecidable fail. */
  readonly pass: boolean;
  readonly reason: string;
  /** The document that justifies the verdict. */
  readonly cite?: string;
}
