// Signs service account tokens: compact JWS with ES256 (ECDSA P-256, SHA-256), the `kid` derived from
// the public key as upstream does (base64url of the SHA-256 of its DER SubjectPublicKeyInfo).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { ApiContext } from '../context.js';

export interface TokenSigner {
  keyId: string;
  publicKey: KeyObject;
  sign(claims: Record<string, unknown>): string;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export function createTokenSigner(privateKeyPem: string): TokenSigner {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch (error) {
    throw new Error(`the service account signing key is not a PEM private key: ${(error as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('the service account signing key must be an ECDSA P-256 key (ES256)');
  }
  const publicKey = createPublicKey(privateKey);
  const keyId = base64url(createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest());
  return {
    keyId,
    publicKey,
    sign(claims) {
      const header = base64url(JSON.stringify({ alg: 'ES256', kid: keyId }));
      const payload = base64url(JSON.stringify(claims));
      const signature = sign('sha256', Buffer.from(`${header}.${payload}`), { key: privateKey, dsaEncoding: 'ieee-p1363' });
      return `${header}.${payload}.${base64url(signature)}`;
    },
  };
}

const signers = new WeakMap<ApiContext, TokenSigner>();

/**
 * The context's signer: its configured key, else a key made for this server's lifetime (tokens then
 * stop verifying after a restart; `engenho up` passes the cluster CA key).
 */
export function tokenSignerOf(ctx: ApiContext): TokenSigner {
  let signer = signers.get(ctx);
  if (signer === undefined) {
    const pem = ctx.serviceAccountSigningKey ?? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    if (ctx.serviceAccountSigningKey === undefined) ctx.logger.warn('no service account signing key configured: tokens are signed with a key that lasts until the server stops');
    signer = createTokenSigner(pem);
    signers.set(ctx, signer);
  }
  return signer;
}
