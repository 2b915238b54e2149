/**
 * Image references read the way container runtimes read them (the docker reference grammar, which
 * containerd, CRI-O and the kubelet share): `[registry/]path[:tag][@digest]`, where the first path
 * component is a registry only when it contains "." or ":" or is "localhost" (or has an upper-case
 * letter, which no repository may have); otherwise the registry is Docker Hub (`docker.io`), and a
 * single-name Docker Hub image lives under `library/`.
 * @see https://github.com/distribution/reference/blob/main/normalize.go (splitDockerDomain)
 * @see https://github.com/distribution/reference/blob/main/reference.go (the grammar)
 */
import type { ImageRef } from "./types";

export const DOCKER_HUB = "docker.io";
const LEGACY_DOCKER_HUB = "index.docker.io";

const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?$`,
);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const NAME_MAX = 255;

export type ParsedRef =
  { readonly ok: true; readonly ref: ImageRef } | { readonly ok: false; readonly problem: string };

const fail = (problem: string): ParsedRef => ({ ok: false, problem });

export function parseImageRef(text: string): ParsedRef {
  if (text.trim() !== text || text === "")
    return fail(`"${text}" is not an image reference (empty or padded)`);
  if (/[{}$]/.test(text)) return fail(`"${text}" is a template or variable, not an image reference`);
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return fail(`"${text}": "${digest}" is not a digest (algorithm:hex)`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return fail(`"${text}": "${tag}" is not a tag`);
  }
  if (rest.length > NAME_MAX) return fail(`"${text}": the name is longer than ${NAME_MAX} characters`);
  const slash = rest.indexOf("/");
  const first = slash < 0 ? undefined : rest.slice(0, slash);
  const isRegistry =
    first !== undefined && (/[.:]/.test(first) || first === "localhost" || first.toLowerCase() !== first);
  let registry = isRegistry ? first : DOCKER_HUB;
  let repository = isRegistry ? rest.slice(slash + 1) : rest;
  if (!DOMAIN.test(registry)) return fail(`"${text}": "${registry}" is not a registry host`);
  if (registry === LEGACY_DOCKER_HUB) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes("/")) repository = `library/${repository}`;
  const bad = repository.split("/").find((c) => !PATH_COMPONENT.test(c));
  if (bad !== undefined) {
    return fail(
      `"${text}": repository component "${bad}" is not lower-case letters and digits joined by ".", "_", "__" or "-"`,
    );
  }
  return { ok: true, ref: { registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) } };
}

/** The fully qualified form (`docker.io/library/nginx:latest`): what a runtime pulls. */
export function formatImageRef(r: ImageRef): string {
  const tag = r.tag ?? (r.digest ? undefined : "latest");
  return `${r.registry}/${r.repository}${tag ? `:${tag}` : ""}${r.digest ? `@${r.digest}` : ""}`;
}
