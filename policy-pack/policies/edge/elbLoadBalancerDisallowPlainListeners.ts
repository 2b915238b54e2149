import { CLASSIC_LB_TYPES, lbLabel } from "../../lib/elb";
import { resourcePolicy } from "../../lib/policy";
import { asList, asObject, isSet, isUnknown, lower, plain } from "../../lib/values";

/**
 * A Classic Load Balancer listener terminates what its `lbProtocol` says: HTTP and TCP listeners carry the
 * client's traffic in clear (a Classic Load Balancer cannot redirect HTTP to HTTPS, so there is no safe
 * HTTP listener), and an HTTPS or SSL listener needs its certificate (`sslCertificateId`). Security Hub
 * ELB.3 asks every listener for HTTPS or TLS termination; Checkov CKV_AWS_127 asks every listener for a
 * certificate, which only HTTPS/SSL listeners take. The back-end leg (`instanceProtocol`) is not judged
 * here. Both type tokens (`aws:elb`, `aws:elasticloadbalancing`) are matched.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-listener-config.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-3
 */
export const elbLoadBalancerDisallowPlainListeners = resourcePolicy({
  name: "aws-elb-loadbalancer-disallow-plain-listeners",
  description:
    "Classic Load Balancer listeners must terminate HTTPS or SSL with a certificate (Security Hub ELB.3): an " +
    "HTTP or TCP listener carries prompts, completions and bearer tokens in clear, and a Classic Load " +
    "Balancer cannot redirect them to HTTPS.",
  catalog: ["FSBP ELB.3", "CKV_AWS_127"],
  remediation:
    'Set each listeners entry\'s lbProtocol to "https" (or "ssl") with sslCertificateId set to an ACM certificate ARN.',
  types: CLASSIC_LB_TYPES,
  check: (props, { name }) => {
    const out: string[] = [];
    ("listeners" in props ? asList(props.listeners) : []).forEach((entry, i) => {
      const l = asObject(entry);
      if (!l) return;
      // The port and the certificate are read plain: an unknown port only names the listener, and an
      // unknown certificate ARN (an aws.acm.Certificate output during preview) is a certificate.
      const raw = plain(l);
      const port = typeof raw.lbPort === "number" ? `port ${raw.lbPort}` : `#${i + 1}`;
      const protocol = "lbProtocol" in l ? lower(l.lbProtocol) : undefined;
      if (protocol === "https" || protocol === "ssl") {
        if (!isUnknown(raw.sslCertificateId) && !isSet(raw.sslCertificateId))
          out.push(
            `${lbLabel(name)} listener ${port} (${protocol.toUpperCase()}) has no certificate: set sslCertificateId to an ACM certificate ARN.`,
          );
        return;
      }
      out.push(
        `${lbLabel(name)} listener ${port} uses lbProtocol ${protocol === undefined || protocol === "" ? "unset" : `"${String(l.lbProtocol)}"`}, in clear: set lbProtocol "https" (or "ssl") with an sslCertificateId.`,
      );
    });
    return out;
  },
});
