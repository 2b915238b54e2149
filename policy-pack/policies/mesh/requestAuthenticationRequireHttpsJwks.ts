import { objectPolicy } from "../../lib/k8s";
import { REQUEST_AUTHENTICATION_TYPES } from "../../lib/k8sTypes";
import { asArray, asString, at } from "../../lib/values";

const isHttp = (url: string | undefined) => url !== undefined && /^\s*http:\/\//i.test(url);

/**
 * istiod fetches each rule's signing keys from `jwksUri`, or, without one (and without inline `jwks`),
 * from the issuer's OpenID discovery document (`<issuer>/.well-known/openid-configuration`). Over plain
 * HTTP anyone on that path can substitute their own keys and mint tokens the mesh accepts.
 * Missing `audiences` is not flagged: Istio then accepts tokens whose audience is the service's own name.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
export const requestAuthenticationRequireHttpsJwks = objectPolicy({
  name: "istio-requestauthentication-require-https-jwks",
  description:
    "Istio RequestAuthentication JWT rules must fetch signing keys over HTTPS (no http:// jwksUri, " +
    "and no http:// issuer when the keys come from its discovery document): keys fetched in clear " +
    "can be swapped on the way, and then forged tokens pass every JWT check in the mesh.",
  // No catalog checks the JWKS transport; the closest general control is the NSA/CISA guide's authentication section.
  catalog: ["NSA-CISA Authentication and authorization"],
  remediation: "Set every jwtRules[].jwksUri (or, without one, the issuer) to an https:// URL.",
  types: REQUEST_AUTHENTICATION_TYPES,
  check: (ra) => {
    const out: string[] = [];
    asArray(at(ra, "spec", "jwtRules")).forEach((rule, i) => {
      const issuer = asString(at(rule, "issuer"));
      const label = issuer !== undefined && issuer !== "" ? `"${issuer}"` : `#${i + 1}`;
      const jwksUriRaw = at(rule, "jwksUri");
      const jwksUri = asString(jwksUriRaw);
      if (isHttp(jwksUri))
        out.push(
          `RequestAuthentication rule ${label} fetches keys over HTTP (jwksUri ${jwksUri}): use an https:// URL.`,
        );
      else if (
        (jwksUri === undefined || jwksUri === "") &&
        jwksUriRaw === jwksUri &&
        at(rule, "jwks") === undefined &&
        isHttp(issuer)
      )
        out.push(
          `RequestAuthentication rule ${label} discovers its keys over HTTP (issuer ${issuer}, no jwksUri): ` +
            "set an https:// jwksUri.",
        );
    });
    return out;
  },
});
