import { containersOf, workloadPolicy } from "../../lib/k8s";
import { UNSEEN } from "../../lib/unknown";
import { at } from "../../lib/values";

/** `[registry[:port]/]repository[:tag][@algorithm:hex]`, as the container runtime reads it. */
export function parseImage(image: string): { tag?: string; digest?: string } {
  const atSign = image.indexOf("@");
  const name = atSign >= 0 ? image.slice(0, atSign) : image;
  const digest = atSign >= 0 ? image.slice(atSign + 1) : undefined;
  const lastSlash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  const tag = colon > lastSlash ? name.slice(colon + 1) : undefined;
  return {
    ...(tag !== undefined && tag !== "" ? { tag } : {}),
    ...(digest !== undefined && /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/.test(digest)
      ? { digest }
      : {}),
  };
}

/**
 * A digest names exactly one image; a tag (above all `latest`, which an image without a tag resolves to)
 * names whatever was pushed last.
 * @see https://kubernetes.io/docs/concepts/containers/images/#image-names
 */
export const workloadRequirePinnedImage = workloadPolicy({
  name: "kubernetes-workload-require-pinned-image",
  description:
    "Container images (in every container, init and ephemeral container) must not use the latest tag or no " +
    "tag, and — when requireDigest is on (the default) — must be pinned by digest (image@sha256:...). " +
    "Otherwise the image that runs is whatever was pushed last, not the one that was scanned and signed.",
  catalog: ["CKV_K8S_14", "CKV_K8S_43", "AVD-KSV-0013"],
  remediation: "Pin every container image by digest (image@sha256:...), never by the latest tag or no tag.",
  configSchema: {
    properties: {
      requireDigest: {
        type: "boolean",
        default: true,
        description: "Require every image to be pinned by digest, not only to avoid latest.",
      },
    },
  },
  check: ({ podSpec }, { config }) => {
    const out: string[] = [];
    for (const ref of containersOf(podSpec)) {
      const image = at(ref.container, "image");
      // An image from another resource's output (an ECR repository URL) is unknown during preview.
      if (image === UNSEEN || typeof image !== "string" || image === "") continue;
      const { tag, digest } = parseImage(image);
      if (digest) continue;
      if (tag === undefined)
        out.push(
          `${ref.label} uses image "${image}" with no tag, which resolves to latest: pin it by digest ` +
            "(image@sha256:...).",
        );
      else if (tag === "latest")
        out.push(`${ref.label} uses image "${image}": pin it by digest (image@sha256:...), never latest.`);
      else if (config.requireDigest !== false)
        out.push(`${ref.label} uses image "${image}" without a digest: pin it by digest (image@sha256:...).`);
    }
    return out;
  },
});
