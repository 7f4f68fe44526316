import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '../../src/mfa/passkeys/index.js';

/**
 * A WebAuthn authenticator in software, for tests: it makes ES256 credentials and signs
 * assertions as a browser + platform authenticator would, with attestation `none`. Each
 * credential keeps its own signature counter. Options let a test lie (another origin or RP ID,
 * an old counter) the way an attacker or a cloned key would.
 */

// --- minimal CBOR (RFC 8949): just what attestation objects and COSE keys need -----------------

type Cbor = number | string | Uint8Array | Map<number | string, Cbor>;

function head(major: number, value: number): Buffer {
  if (value < 24) return Buffer.from([(major << 5) | value]);
  if (value < 0x100) return Buffer.from([(major << 5) | 24, value]);
  if (value < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(value, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(value, 1);
  return b;
}

export function encodeCbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  const parts = [head(5, value.size)];
  for (const [k, v] of value) parts.push(encodeCbor(k), encodeCbor(v));
  return Buffer.concat(parts);
}

// --- authenticator data flags (WebAuthn §6.1) -------------------------------------------------

const UP = 0x01;
const UV = 0x04;
const BE = 0x08;
const BS = 0x10;
const AT = 0x40;

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const b64url = (data: Uint8Array) => Buffer.from(data).toString('base64url');

export interface SoftwareCredential {
  id: Buffer;
  privateKey: KeyObject;
  /** The COSE public key. */
  cosePublicKey: Buffer;
  rpId: string;
  userHandle: string;
  counter: number;
}

export interface SoftwareAuthenticatorOptions {
  /** The page origin the "browser" reports in clientDataJSON. */
  origin: string;
  /** Synced (backup-eligible and backed up, like iCloud Keychain) instead of device-bound. */
  synced?: boolean;
  /** Whether the user is verified (PIN, biometric). Default true. */
  userVerification?: boolean;
  /** Authenticators without a counter always report 0. Default true. */
  keepsCounter?: boolean;
  aaguid?: string;
}

/** What a test may falsify in one ceremony. */
export interface CeremonyOverrides {
  origin?: string;
  /** The RP ID whose hash goes into authenticator data (the browser would refuse; a phisher would not). */
  rpId?: string;
  challenge?: string;
  /** Sign with this counter instead of the next one (a cloned key, a replay). */
  counter?: number;
  userVerified?: boolean;
  /** Which credential to use (default: the newest that the options allow). */
  credentialId?: string;
  /** Leave out the user handle of an assertion. */
  omitUserHandle?: boolean;
}

export class SoftwareAuthenticator {
  readonly credentials: SoftwareCredential[] = [];
  readonly #options: Required<SoftwareAuthenticatorOptions>;

  constructor(options: SoftwareAuthenticatorOptions) {
    this.#options = {
      synced: false,
      userVerification: true,
      keepsCounter: true,
      aaguid: '00000000-0000-0000-0000-000000000000',
      ...options,
    };
  }

  #flags(userVerified: boolean): number {
    let flags = UP;
    if (userVerified) flags |= UV;
    if (this.#options.synced) flags |= BE | BS;
    return flags;
  }

  #clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8');
  }

  /** navigator.credentials.create(): a new credential, registered with attestation `none`. */
  createCredential(
    options: PublicKeyCredentialCreationOptionsJSON,
    overrides: CeremonyOverrides = {},
  ): RegistrationResponseJSON {
    const rpId = overrides.rpId ?? options.rp.id ?? new URL(this.#options.origin).hostname;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cosePublicKey = encodeCbor(
      new Map<number, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x as string, 'base64url')],
        [-3, Buffer.from(jwk.y as string, 'base64url')],
      ]),
    );
    const credential: SoftwareCredential = {
      id: randomBytes(32),
      privateKey,
      cosePublicKey,
      rpId,
      userHandle: options.user.id,
      counter: 0,
    };
    const counter = overrides.counter ?? credential.counter;
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credential.id.length);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([this.#flags(overrides.userVerified ?? this.#options.userVerification) | AT]),
      uint32(counter),
      Buffer.from(this.#options.aaguid.replace(/-/g, ''), 'hex'),
      idLength,
      credential.id,
      cosePublicKey,
    ]);
    const attestationObject = encodeCbor(
      new Map<string, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    const clientDataJSON = this.#clientData(
      'webauthn.create',
      overrides.challenge ?? options.challenge,
      overrides.origin ?? this.#options.origin,
    );
    this.credentials.push(credential);
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        transports: ['internal', 'hybrid'],
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  /** navigator.credentials.get(): an assertion signed over authData || sha256(clientDataJSON). */
  getAssertion(
    options: PublicKeyCredentialRequestOptionsJSON,
    overrides: CeremonyOverrides = {},
  ): AuthenticationResponseJSON {
    const credential = this.#pick(options, overrides.credentialId);
    if (overrides.counter === undefined && this.#options.keepsCounter) credential.counter++;
    const counter = overrides.counter ?? (this.#options.keepsCounter ? credential.counter : 0);
    const authData = Buffer.concat([
      sha256(overrides.rpId ?? credential.rpId),
      Buffer.from([this.#flags(overrides.userVerified ?? this.#options.userVerification)]),
      uint32(counter),
    ]);
    const clientDataJSON = this.#clientData(
      'webauthn.get',
      overrides.challenge ?? options.challenge,
      overrides.origin ?? this.#options.origin,
    );
    const signature = sign(
      'sha256',
      Buffer.concat([authData, sha256(clientDataJSON)]),
      credential.privateKey,
    );
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(overrides.omitUserHandle ? {} : { userHandle: credential.userHandle }),
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  #pick(options: PublicKeyCredentialRequestOptionsJSON, credentialId?: string): SoftwareCredential {
    const allowed = options.allowCredentials?.map((c) => c.id);
    const candidates = this.credentials.filter((c) => {
      const id = b64url(c.id);
      if (credentialId !== undefined) return id === credentialId;
      return (!options.rpId || c.rpId === options.rpId) && (!allowed?.length || allowed.includes(id));
    });
    const credential = candidates.at(-1);
    if (!credential) throw new Error('the software authenticator has no credential for these options');
    return credential;
  }
}

function uint32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value);
  return b;
}
