// A cluster certificate authority and the certificates it issues (ECDSA P-256, SHA-256), made with
// @peculiar/x509 over Node's WebCrypto. Keys travel as PKCS#8 PEM ("PRIVATE KEY"), which Node's
// TLS and Go's crypto/tls (kubectl) both read.
import { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Issued certificates start a little in the past so clocks that disagree slightly still accept them. */
const BACKDATE_MS = 5 * 60 * 1000;

export interface CertificateAuthority {
  certPem: string;
  keyPem: string;
  certificate: x509.X509Certificate;
  privateKey: CryptoKey;
}

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

export interface ValidityOptions {
  validityDays?: number;
  /** Injected clock for tests. */
  now?: Date;
}

export interface ServingCertificateRequest extends ValidityOptions {
  commonName: string;
  /** Host names and IP addresses (each classified by its shape). */
  subjectAltNames: string[];
}

export interface ClientCertificateRequest extends ValidityOptions {
  /** Becomes the Kubernetes user name. */
  commonName: string;
  /** Become the Kubernetes groups (system:masters is cluster-admin). */
  organizations?: string[];
}

const generateKeys = async (): Promise<CryptoKeyPair> =>
  (await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

const serialNumber = (): string => {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f; // keep it positive
  return Buffer.from(bytes).toString('hex');
};

function validity(options: ValidityOptions, defaultDays: number): { notBefore: Date; notAfter: Date } {
  const now = options.now ?? new Date();
  return {
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + (options.validityDays ?? defaultDays) * DAY_MS),
  };
}

const distinguishedName = (commonName: string, organizations: string[] = []): x509.JsonName => [
  ...organizations.map((organization) => ({ O: [organization] })),
  { CN: [commonName] },
];

export async function createCertificateAuthority(
  options: ValidityOptions & { commonName?: string } = {},
): Promise<CertificateAuthority> {
  const keys = await generateKeys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: distinguishedName(options.commonName ?? 'engenho-ca'),
    ...validity(options, 3650),
    keys,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate, privateKey: keys.privateKey, certPem: certificate.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) };
}

/** Reads a CA back from its PEM files. */
export async function loadCertificateAuthority(pems: { certPem: string; keyPem: string }): Promise<CertificateAuthority> {
  const certificate = new x509.X509Certificate(pems.certPem);
  const privateKey = (await webcrypto.subtle.importKey(
    'pkcs8',
    x509.PemConverter.decodeFirst(pems.keyPem),
    KEY_ALGORITHM,
    true,
    ['sign'],
  )) as unknown as CryptoKey;
  return { certificate, privateKey, certPem: pems.certPem, keyPem: pems.keyPem };
}

async function issue(
  ca: CertificateAuthority,
  subject: x509.JsonName,
  extensions: x509.Extension[],
  options: ValidityOptions,
): Promise<IssuedCertificate> {
  const keys = await generateKeys();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject,
    issuer: ca.certificate.subject,
    ...validity(options, 365),
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      ...extensions,
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: certificate.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) };
}

export async function issueServingCertificate(ca: CertificateAuthority, request: ServingCertificateRequest): Promise<IssuedCertificate> {
  const names = [...new Set(request.subjectAltNames)].map((name) =>
    isIP(name) ? { type: 'ip' as const, value: name } : { type: 'dns' as const, value: name },
  );
  return issue(
    ca,
    distinguishedName(request.commonName),
    [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
    ],
    request,
  );
}

/** A client certificate for Kubernetes x509 authentication: CN is the user, O the groups. */
export async function issueClientCertificate(ca: CertificateAuthority, request: ClientCertificateRequest): Promise<IssuedCertificate> {
  return issue(
    ca,
    distinguishedName(request.commonName, request.organizations),
    [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ],
    request,
  );
}
