import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCertificateAuthority, ensureClusterCertificates, issueClientCertificate } from './index.js';

let tlsDir: string;
beforeEach(() => {
  tlsDir = join(mkdtempSync(join(tmpdir(), 'engenho-pki-')), 'tls');
});
afterEach(() => rmSync(join(tlsDir, '..'), { recursive: true, force: true }));

const SANS = ['localhost', '127.0.0.1', '::1', 'engenho.example.com'];

describe('ensureClusterCertificates', () => {
  it('creates a CA, a serving certificate with the SANs and an admin client certificate', async () => {
    const result = await ensureClusterCertificates({ tlsDir, subjectAltNames: SANS });
    expect(result.created).toEqual({ ca: true, serving: true, admin: true });

    const ca = new X509Certificate(result.ca.certPem);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('CN=engenho-ca');
    expect(ca.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });

    const serving = new X509Certificate(result.serving.certPem);
    expect(serving.verify(ca.publicKey)).toBe(true);
    expect(serving.checkIssued(ca)).toBe(true);
    expect(serving.ca).toBe(false);
    expect(serving.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:engenho.example.com');
    expect(serving.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);

    const admin = new X509Certificate(result.admin.certPem);
    expect(admin.verify(ca.publicKey)).toBe(true);
    expect(admin.subject).toBe('O=system:masters\nCN=kubernetes-admin');
    expect(admin.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
  });

  it('writes keys 0600 and certificates 0644 under the TLS dir', async () => {
    await ensureClusterCertificates({ tlsDir, subjectAltNames: SANS });
    for (const name of ['ca', 'apiserver', 'admin']) {
      expect(statSync(join(tlsDir, `${name}.key`)).mode & 0o777).toBe(0o600);
      expect(statSync(join(tlsDir, `${name}.crt`)).mode & 0o777).toBe(0o644);
      expect(readFileSync(join(tlsDir, `${name}.key`), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    }
  });

  it('reuses everything on restart', async () => {
    const first = await ensureClusterCertificates({ tlsDir, subjectAltNames: SANS });
    const second = await ensureClusterCertificates({ tlsDir, subjectAltNames: SANS });
    expect(second.created).toEqual({ ca: false, serving: false, admin: false });
    expect(second.ca.certPem).toBe(first.ca.certPem);
    expect(second.ca.keyPem).toBe(first.ca.keyPem);
    expect(second.serving).toEqual(first.serving);
    expect(second.admin).toEqual(first.admin);
  });

  it('reissues only the serving certificate when the SANs grow', async () => {
    const first = await ensureClusterCertificates({ tlsDir, subjectAltNames: SANS });
    const second = await ensureClusterCertificates({ tlsDir, subjectAltNames: [...SANS, '10.1.2.3'] });
    expect(second.created).toEqual({ ca: false, serving: true, admin: false });
    expect(second.ca.certPem).toBe(first.ca.certPem);
    expect(new X509Certificate(second.serving.certPem).checkIP('10.1.2.3')).toBe('10.1.2.3');
    const third = await ensureClusterCertificates({ tlsDir, subjectAltNames: ['localhost'] });
    expect(third.created).toEqual({ ca: false, serving: false, admin: false });
  });

  it('reissues leaf certificates near expiry, keeping the CA', async () => {
    const longAgo = new Date(Date.now() - 340 * 24 * 60 * 60 * 1000);
    const first = await ensureClusterCertificates({ tlsDir, subjectAltNames: SANS, now: longAgo });
    const second = await ensureClusterCertificates({ tlsDir, subjectAltNames: SANS });
    expect(second.created).toEqual({ ca: false, serving: true, admin: true });
    expect(second.ca.certPem).toBe(first.ca.certPem);
  });

  it('the certificates carry a real mutual-TLS handshake', async () => {
    const result = await ensureClusterCertificates({ tlsDir, subjectAltNames: SANS });
    const server = tls.createServer(
      { cert: result.serving.certPem, key: result.serving.keyPem, ca: result.ca.certPem, requestCert: true, rejectUnauthorized: true },
      (socket) => socket.end(`hello ${socket.getPeerCertificate().subject.CN}`),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: result.ca.certPem, cert: result.admin.certPem, key: result.admin.keyPem });
        let text = '';
        socket.on('data', (chunk) => (text += chunk));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(reply).toBe('hello kubernetes-admin');
    } finally {
      server.close();
    }
  });
});

describe('issueClientCertificate', () => {
  it('puts the user in CN and the groups in O', async () => {
    const ca = await createCertificateAuthority();
    const issued = await issueClientCertificate(ca, { commonName: 'system:node:node-1', organizations: ['system:nodes', 'engenho:kubelets'] });
    const certificate = new X509Certificate(issued.certPem);
    expect(certificate.subject).toBe('O=system:nodes\nO=engenho:kubelets\nCN=system:node:node-1');
    expect(certificate.issuer).toBe('CN=engenho-ca');
    expect(certificate.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
  });
});
