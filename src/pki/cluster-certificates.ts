// The certificates `engenho up` needs, kept under the TLS dir and reused across restarts:
//   ca.crt/ca.key                the cluster CA (10 years)
//   apiserver.crt/apiserver.key  the serving certificate, reissued when its SANs no longer cover the
//                                configured ones, it nears expiry or another CA signed it
//   admin.crt/admin.key          CN=kubernetes-admin, O=system:masters, reissued on the same terms
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import {
  type CertificateAuthority,
  createCertificateAuthority,
  issueClientCertificate,
  issueServingCertificate,
  loadCertificateAuthority,
} from './certificates.js';
import { type PemPair, readPemPair, writePemPair } from './pem-files.js';

export const ADMIN_USER = 'kubernetes-admin';
export const ADMIN_GROUP = 'system:masters';
/** Certificates with less than this left are reissued on start. */
export const RENEW_BEFORE_DAYS = 30;

export interface ClusterCertificatesOptions {
  tlsDir: string;
  /** Host names and IPs the serving certificate must cover. */
  subjectAltNames: string[];
  now?: Date;
}

export interface ClusterCertificates {
  ca: CertificateAuthority;
  serving: PemPair;
  admin: PemPair;
  /** What this call created (false: reused from the TLS dir). */
  created: { ca: boolean; serving: boolean; admin: boolean };
}

export async function ensureClusterCertificates(options: ClusterCertificatesOptions): Promise<ClusterCertificates> {
  const now = options.now ?? new Date();
  const { tlsDir } = options;

  const storedCa = readPemPair(tlsDir, 'ca');
  const caUsable = storedCa !== undefined && new Date(new X509Certificate(storedCa.certPem).validTo) > now;
  const ca = caUsable ? await loadCertificateAuthority(storedCa) : await createCertificateAuthority({ now });
  if (!caUsable) writePemPair(tlsDir, 'ca', ca);

  const storedServing = readPemPair(tlsDir, 'apiserver');
  const servingUsable =
    storedServing !== undefined &&
    isCurrent(storedServing, ca, now) &&
    coversAll(new X509Certificate(storedServing.certPem), options.subjectAltNames);
  const serving = servingUsable
    ? storedServing
    : await issueServingCertificate(ca, { commonName: 'engenho-apiserver', subjectAltNames: options.subjectAltNames, now });
  if (!servingUsable) writePemPair(tlsDir, 'apiserver', serving);

  const storedAdmin = readPemPair(tlsDir, 'admin');
  const adminUsable = storedAdmin !== undefined && isCurrent(storedAdmin, ca, now);
  const admin = adminUsable
    ? storedAdmin
    : await issueClientCertificate(ca, { commonName: ADMIN_USER, organizations: [ADMIN_GROUP], now });
  if (!adminUsable) writePemPair(tlsDir, 'admin', admin);

  return { ca, serving, admin, created: { ca: !caUsable, serving: !servingUsable, admin: !adminUsable } };
}

/** Signed by this CA and not within RENEW_BEFORE_DAYS of expiry. */
function isCurrent(pair: PemPair, ca: CertificateAuthority, now: Date): boolean {
  try {
    const certificate = new X509Certificate(pair.certPem);
    const caCertificate = new X509Certificate(ca.certPem);
    const renewAt = new Date(certificate.validTo).getTime() - RENEW_BEFORE_DAYS * 24 * 60 * 60 * 1000;
    return certificate.checkIssued(caCertificate) && certificate.verify(caCertificate.publicKey) && now.getTime() < renewAt;
  } catch {
    return false;
  }
}

function coversAll(certificate: X509Certificate, names: string[]): boolean {
  return names.every((name) =>
    isIP(name) ? certificate.checkIP(name) !== undefined : certificate.checkHost(name, { subject: 'never' }) !== undefined,
  );
}
