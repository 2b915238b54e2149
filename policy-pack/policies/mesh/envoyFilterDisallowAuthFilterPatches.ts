import { objectPolicy } from "../../lib/k8s";
import { ENVOY_FILTER_TYPES } from "../../lib/k8sTypes";
import { asArray, asString, at } from "../../lib/values";

/**
 * The Envoy filters that enforce Istio's authentication and authorization on a proxy: JWT validation
 * (RequestAuthentication), RBAC (AuthorizationPolicy, HTTP and TCP) and external authorization (CUSTOM
 * action). An EnvoyFilter that removes, replaces or merges into one of them edits the enforcement point
 * itself, invisibly to the AuthorizationPolicies reviewers read.
 * @see https://istio.io/latest/docs/reference/config/networking/envoy-filter/#EnvoyFilter-Patch-Operation
 * @see https://istio.io/latest/docs/ops/best-practices/security/ (EnvoyFilter can bypass policies)
 */
const AUTH_FILTERS = new Set([
  "envoy.filters.http.jwt_authn",
  "envoy.filters.http.rbac",
  "envoy.filters.http.ext_authz",
  "envoy.filters.network.rbac",
  "envoy.filters.network.ext_authz",
  "istio_authn",
  "istio.authn",
]);
const EDITS = new Set(["REMOVE", "REPLACE", "MERGE"]);

export const envoyFilterDisallowAuthFilterPatches = objectPolicy({
  name: "istio-envoyfilter-disallow-auth-filter-patches",
  description:
    "Istio EnvoyFilters must not REMOVE, REPLACE or MERGE into the authentication and authorization " +
    "filters (envoy.filters.http.jwt_authn, rbac, ext_authz, and their network twins): such a patch " +
    "switches off JWT and AuthorizationPolicy enforcement on the selected proxies while the policies still look in force.",
  catalog: ["Istio Authorization policies", "NSA-CISA Authentication and authorization"],
  remediation:
    "Remove the EnvoyFilter configPatches that REMOVE, REPLACE or MERGE the jwt_authn, rbac or ext_authz filters, and express the change as a RequestAuthentication or AuthorizationPolicy.",
  types: ENVOY_FILTER_TYPES,
  check: (ef) => {
    const out: string[] = [];
    asArray(at(ef, "spec", "configPatches")).forEach((p, i) => {
      const op = asString(at(p, "patch", "operation"))?.toUpperCase();
      if (op === undefined || !EDITS.has(op)) return;
      const filter = at(p, "match", "listener", "filterChain", "filter");
      const target = asString(at(filter, "subFilter", "name")) ?? asString(at(filter, "name"));
      if (target !== undefined && AUTH_FILTERS.has(target))
        out.push(
          `EnvoyFilter configPatches[${i}] ${op}s ${target}: do not patch the mesh's authn/authz filters.`,
        );
    });
    return out;
  },
});
