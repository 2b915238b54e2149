import type * as pulumi from "@pulumi/pulumi";
import { MANIFEST_FILE, SIGNATURE_FILE } from "./modelServer.args";

/**
 * The model server's init steps (docs/MODEL-MANIFEST.md, "In the cluster"): fetch the model version
 * from the model store, check the manifest's signature, then every file against the manifest. Each
 * step fails closed: any error stops the pod before the server starts. The steps set no
 * securityContext or resources: ModelServer adds them (Pod Security `restricted`).
 *
 * Paths: `modelDir` must be writable by `fetch` (a pod-local emptyDir sized by the model's ephemeral
 * storage) and readable by the other steps; `publicKeyPath` is a read-only file (the signing key's
 * public key, from a ConfigMap). Nothing else is written: the AWS CLI uses Pod Identity's container
 * credentials (no cache file), cosign verifies with a key offline (no TUF cache, see below).
 */

export interface InitStep {
  readonly name: string;
  readonly image: string;
  readonly command: string[];
  readonly args: string[];
  readonly env: { name: string; value: pulumi.Input<string> }[];
}

export interface ModelInitOptions {
  /** `fetch`: an AWS CLI image (POSIX sh, GNU coreutils, findutils), by digest; `verify`: cosign's, by digest. */
  readonly images: { readonly fetch: string; readonly verify: string };
  /** The model store bucket. */
  readonly bucket: pulumi.Input<string>;
  /** The model version's prefix, ending in `/` (checked by the caller: `prefixProblem` in cli/model/manifest.ts). */
  readonly prefix: string;
  readonly region: string;
  /** The writable volume the model is fetched into, e.g. `/models`; the server mounts it read-only. */
  readonly modelDir: string;
  /** The signing key's public key (PEM), mounted read-only. */
  readonly publicKeyPath: string;
}

/**
 * Step 1, in the AWS CLI image: a clean target (an init container that restarts keeps its emptyDir),
 * then the version's prefix copied recursively. Signed requests only (no `--no-sign-request`): the
 * credentials come from EKS Pod Identity, and the bucket policy admits only model servers' roles.
 */
export const FETCH_SCRIPT = `rm -rf -- "$MODEL_DIR/$PREFIX"
mkdir -p -- "$MODEL_DIR/$PREFIX"
aws s3 cp "s3://$BUCKET/$PREFIX" "$MODEL_DIR/$PREFIX" --recursive --region "$AWS_REGION" --only-show-errors --no-progress
`;

/**
 * Step 3, in the AWS CLI image, after the signature is verified: the manifest's form (every line
 * `<64 lowercase hex>  <PREFIX><relative path>`), the fetched files equal the listed ones (none missing,
 * none extra, none listed twice, nothing but regular files), then `sha256sum --strict --quiet -c`.
 * Relies on POSIX sh (`case`, parameter expansion, `read -r`), GNU coreutils `sha256sum` (`-c`,
 * `--strict`: a badly formed line is an error; `--quiet`: print failures only), `cut -c`, `sort`,
 * `uniq -u`/`-d` with `LC_ALL=C`, and GNU findutils `find` (`-type`, `-path`, `!`). The AWS CLI image
 * is Amazon Linux 2 (aws/aws-cli docker/Dockerfile): bash as sh, coreutils 8.22. `printf`, never
 * `echo`, prints names (dash's echo would read backslashes).
 */
export const VERIFY_FILES_SCRIPT = `set -eu
export LC_ALL=C
fail() { printf 'verify-files: %s\\n' "$*" >&2; exit 1; }
cd "$MODEL_DIR"
m="\${PREFIX}${MANIFEST_FILE}"
s="\${PREFIX}${SIGNATURE_FILE}"
[ -f "$m" ] || fail "$m is missing"
odd=$(find "$PREFIX" ! -type f ! -type d)
[ -z "$odd" ] || fail "not a regular file: $odd"
n=0
while IFS= read -r line || [ -n "$line" ]; do
  n=$((n + 1))
  h=\${line%%"  "*}
  name=\${line#*"  "}
  case $h in
    *[!0-9a-f]*|"") fail "$m line $n is not '<sha256>  <path>'" ;;
  esac
  [ \${#h} -eq 64 ] || fail "$m line $n is not '<sha256>  <path>'"
  case $name in
    "$PREFIX"?*) ;;
    *) fail "$m line $n is not under $PREFIX (a manifest for another prefix)" ;;
  esac
  case "/$name/" in
    */../*|*/./*|*//*) fail "$m line $n is not a plain relative path" ;;
  esac
done < "$m"
[ "$n" -gt 0 ] || fail "$m lists no file"
listed=$(cut -c 67- "$m" | sort)
present=$(find "$PREFIX" -type f ! -path "$m" ! -path "$s" | sort)
twice=$(printf '%s\\n' "$listed" | uniq -d)
[ -z "$twice" ] || fail "listed twice: $twice"
missing=$(printf '%s\\n%s\\n%s\\n' "$listed" "$present" "$present" | sort | uniq -u)
extra=$(printf '%s\\n%s\\n%s\\n' "$present" "$listed" "$listed" | sort | uniq -u)
[ -z "$missing" ] || fail "missing (listed in the manifest): $missing"
[ -z "$extra" ] || fail "extra (not in the manifest): $extra"
[ "$listed" = "$present" ] || fail "the fetched files differ from the manifest's list"
sha256sum --strict --quiet -c -- "$m" || fail "a file's SHA-256 differs from the manifest (above)"
printf 'verify-files: %s files match %s\\n' "$n" "$m"
`;

/** The three init steps, in order: fetch, verify-signature, verify-files. */
export function modelInitSteps(o: ModelInitOptions): InitStep[] {
  const manifest = `${o.modelDir}/${o.prefix}${MANIFEST_FILE}`;
  const signature = `${o.modelDir}/${o.prefix}${SIGNATURE_FILE}`;
  const common = [
    { name: "MODEL_DIR", value: o.modelDir },
    { name: "PREFIX", value: o.prefix },
  ];
  return [
    {
      name: "fetch",
      image: o.images.fetch,
      command: ["sh", "-ec"],
      args: [FETCH_SCRIPT],
      env: [{ name: "BUCKET", value: o.bucket }, ...common, { name: "AWS_REGION", value: o.region }],
    },
    {
      // cosign's image is distroless (no shell): plain arguments to its entrypoint, the cosign binary
      // (no command given: the image's ENTRYPOINT runs with these args, wherever the image puts the
      // binary: /ko-app/cosign in sigstore's ko-built image). With --key and --insecure-ignore-tlog,
      // verify-blob checks the signature offline: no Rekor, no TUF fetch (sigstore/cosign
      // cmd/cosign/cli/verify/common.go: verifyOfflineWithKey, SetTrustedMaterial); --signature reads
      // the base64 signature file (verify/verify_blob.go: base64signature).
      // https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/
      name: "verify-signature",
      image: o.images.verify,
      command: [],
      args: [
        "verify-blob",
        "--key",
        o.publicKeyPath,
        "--signature",
        signature,
        "--insecure-ignore-tlog=true",
        manifest,
      ],
      env: [],
    },
    {
      name: "verify-files",
      image: o.images.fetch,
      command: ["sh", "-c"],
      args: [VERIFY_FILES_SCRIPT],
      env: common,
    },
  ];
}
