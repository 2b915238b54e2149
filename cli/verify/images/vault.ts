/**
 * Images of HashiCorp's Vault chart (https://helm.releases.hashicorp.com), which VaultServer deploys,
 * built the way its templates build them (github.com/hashicorp/vault-helm at 0.34.1:
 * templates/server-statefulset.yaml, injector-deployment.yaml, csi-daemonset.yaml and _helpers.tpl):
 * `<image.repository>:<image.tag>`, where the repository may carry its registry, for each part the
 * values leave enabled:
 *
 * - the server (`server.image`), unless the chart points at an external Vault or the server is off;
 * - the agent injector (`injector.image`), on by default, and the Vault Agent it injects into every
 *   annotated pod (`injector.agentImage`);
 * - the CSI provider (`csi.image`) and its agent (`csi.agent.image`), off by default.
 *
 * The generic Helm reading (helm.ts) sees only the images a release's values name; this one also decides
 * the parts a release leaves at the chart's defaults (the injector above all), so a user's own Vault
 * release with default values is not silently passed. For the lead to wire into helm.ts, like
 * kubePrometheusStack.ts: `if (isVaultChart(inputs)) return vaultChartImages(r);`.
 */
import { VAULT_CHART, VAULT_IMAGE } from "../../../components/identity/vaultServer.logic";
import { isObject, str } from "../network/props";
import type { ExportResource, ImageSource } from "./types";
import { desired, opaque } from "./workloads";

type Values = Record<string, unknown>;

function get(v: Values, path: string): unknown {
  let cur: unknown = v;
  for (const k of path.split(".")) cur = isObject(cur) ? cur[k] : undefined;
  return cur;
}

/**
 * The chart's three-state switches (`true`, `false`, or `"-"`: follow `global.enabled`), as
 * _helpers.tpl's vault.serverEnabled / vault.injectorEnabled / vault.csiEnabled read them.
 */
function enabled(v: Values, path: string, fallback: boolean | "-"): boolean {
  const given = get(v, path);
  const x = given === undefined ? fallback : given;
  if (x === true || x === "true") return true;
  if (x === "-") {
    const global = get(v, "global.enabled");
    return global === undefined || global === true || global === "true";
  }
  return false;
}

/** `vault.mode` is "external" (no server) when an external address is set. */
const external = (v: Values) =>
  [get(v, "global.externalVaultAddr"), get(v, "injector.externalVaultAddr")].some(
    (x) => typeof x === "string" && x !== "",
  );

interface ChartImage {
  readonly path: string;
  readonly repository: string;
  readonly tag: string;
  readonly enabled: (v: Values) => boolean;
  readonly what: string;
}

/** Every image the chart can deploy, with its default at 0.34.1 (values.yaml). */
export const VAULT_CHART_IMAGES: readonly ChartImage[] = [
  {
    path: "server.image",
    repository: VAULT_IMAGE.repository,
    tag: VAULT_IMAGE.tag,
    enabled: (v) => enabled(v, "server.enabled", "-") && !external(v),
    what: "the Vault server",
  },
  {
    path: "injector.image",
    repository: "hashicorp/vault-k8s",
    tag: "1.7.6",
    enabled: (v) => enabled(v, "injector.enabled", "-"),
    what: "the agent injector (a mutating webhook)",
  },
  {
    path: "injector.agentImage",
    repository: VAULT_IMAGE.repository,
    tag: VAULT_IMAGE.tag,
    enabled: (v) => enabled(v, "injector.enabled", "-"),
    what: "the Vault Agent the injector adds to annotated pods",
  },
  {
    path: "csi.image",
    repository: "hashicorp/vault-csi-provider",
    tag: "1.7.4",
    enabled: (v) => enabled(v, "csi.enabled", false),
    what: "the CSI provider",
  },
  {
    path: "csi.agent.image",
    repository: VAULT_IMAGE.repository,
    tag: VAULT_IMAGE.tag,
    enabled: (v) => enabled(v, "csi.enabled", false) && enabled(v, "csi.agent.enabled", true),
    what: "the CSI provider's Vault Agent",
  },
];

/** Whether a release installs the Vault chart from HashiCorp's repository. */
export function isVaultChart(inputs: Record<string, unknown>): boolean {
  const opts = isObject(inputs.repositoryOpts) ? inputs.repositoryOpts : {};
  const repo = (str(opts.repo) ?? str(inputs.repo))?.replace(/\/+$/, "");
  return str(inputs.chart) === VAULT_CHART.chart && repo === VAULT_CHART.repo;
}

const scalar = (v: unknown): string | undefined =>
  typeof v === "number" ? String(v) : typeof v === "string" && v !== "" ? v : undefined;

/** The images of one Vault release: one per enabled part. */
export function vaultChartImages(r: ExportResource): ImageSource[] {
  const inputs = desired(r);
  const base = { urn: r.urn, type: r.type };
  const hiddenValues = opaque(inputs.values);
  if (hiddenValues) return [{ ...base, path: "values", problem: `the release's values are ${hiddenValues}` }];
  const values: Values = isObject(inputs.values) ? inputs.values : {};
  const out: ImageSource[] = [];
  for (const image of VAULT_CHART_IMAGES) {
    if (!image.enabled(values)) continue;
    const path = `values.${image.path}`;
    const given = get(values, image.path);
    const obj = isObject(given) ? given : {};
    const hidden = opaque(given) ?? ["repository", "tag"].map((k) => opaque(obj[k])).find(Boolean);
    if (hidden) {
      out.push({ ...base, path, problem: `the image value is ${hidden}` });
      continue;
    }
    const repository = scalar(obj.repository) ?? image.repository;
    // An empty tag replaces the default: the server's template then writes `latest`
    // (`{{ .Values.server.image.tag | default "latest" }}`), the others an invalid `<repository>:`.
    const emptyTag = obj.tag === "";
    if (emptyTag && image.path !== "server.image") {
      out.push({ ...base, path, problem: "the image tag is empty (the chart would render `<repository>:`)" });
      continue;
    }
    const tag = emptyTag ? "latest" : (scalar(obj.tag) ?? image.tag);
    const defaults = [
      scalar(obj.repository) ? "" : "repository",
      scalar(obj.tag) || emptyTag ? "" : "tag",
    ].filter(Boolean);
    out.push({
      ...base,
      path,
      ref: `${repository}:${tag}`,
      note: `${image.what}${defaults.length ? `; the chart's default ${defaults.join(", ")}` : ""}`,
    });
  }
  return out;
}
