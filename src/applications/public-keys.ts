import { createHash, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';

/**
 * Reads a registered verification key — an X.509 certificate or an SPKI public key, as PEM
 * or as base64 of DER or PEM — into a public JWK. Returns undefined for anything else.
 */
export function readPublicKey(
  input: string,
): { jwk: Record<string, unknown>; thumbprint: string } | undefined {
  const keyObject = toKeyObject(input.trim());
  if (keyObject?.type !== 'public') return undefined;
  const jwk = keyObject.export({ format: 'jwk' }) as Record<string, unknown>;
  if (jwk.kty !== 'RSA' && jwk.kty !== 'EC') return undefined;
  const der = keyObject.export({ format: 'der', type: 'spki' });
  return { jwk, thumbprint: createHash('sha256').update(der).digest('base64url') };
}

function toKeyObject(input: string): KeyObject | undefined {
  const pem = input.includes('-----BEGIN') ? input : decodedPem(input);
  try {
    if (pem) {
      return pem.includes('CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
    }
    const der = Buffer.from(input, 'base64');
    try {
      return new X509Certificate(der).publicKey;
    } catch {
      return createPublicKey({ key: der, format: 'der', type: 'spki' });
    }
  } catch {
    return undefined;
  }
}

function decodedPem(input: string): string | undefined {
  const text = Buffer.from(input, 'base64').toString('utf8');
  return text.includes('-----BEGIN') ? text : undefined;
}
