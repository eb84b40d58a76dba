import { createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from '@app/event-store';

/** The log digest as the API gives it: the rolling SHA-256 through `position`, over `eventCount` events. */
export interface LogDigest {
  /** Global position of the last event covered, a decimal string. */
  position: string;
  digest: string;
  eventCount: number;
}

/** A digest signed with the ledger's Ed25519 key (`LEDGER_SIGNING_KEY`). */
export interface SignedLogDigest extends LogDigest {
  algorithm: 'Ed25519';
  /** Base64 Ed25519 signature over the UTF-8 bytes of RFC 8785 JSON of `{position, digest, eventCount}`. */
  signature: string;
  /** The verifying key, SPKI PEM. */
  publicKey: string;
}

/** The exact bytes that are signed: nothing but the three fields, in canonical JSON. */
export function signedBytes(digest: LogDigest): Buffer {
  return Buffer.from(canonicalJson({ position: digest.position, digest: digest.digest, eventCount: digest.eventCount }), 'utf8');
}

/** Reads an Ed25519 private key (PKCS#8 PEM); throws with a reason otherwise. */
export function ed25519PrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the key is ${key.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519`);
  return key;
}

export function publicKeyPem(key: KeyObject): string {
  return (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'pem' }).toString();
}

export function signLogDigest(digest: LogDigest, privateKey: KeyObject): SignedLogDigest {
  return {
    position: digest.position,
    digest: digest.digest,
    eventCount: digest.eventCount,
    algorithm: 'Ed25519',
    signature: sign(null, signedBytes(digest), privateKey).toString('base64'),
    publicKey: publicKeyPem(privateKey),
  };
}

export type SignatureStatus = 'VALID' | 'INVALID' | 'ABSENT';
export type KeyStatus = 'TRUSTED' | 'UNTRUSTED' | 'UNKNOWN';

export interface SignatureCheck {
  signature: SignatureStatus;
  /**
   * Whether the key that signed is the one the checker trusts. A valid signature by a key nobody
   * vouched for proves only that someone signed it; `UNKNOWN` when no trusted key was given.
   */
  key: KeyStatus;
  detail: string;
}

const samePublicKey = (a: string, b: string): boolean => {
  try {
    return createPublicKey(a).export({ type: 'spki', format: 'der' }).equals(createPublicKey(b).export({ type: 'spki', format: 'der' }));
  } catch {
    return false;
  }
};

/**
 * Checks a saved digest's signature with the public key it carries, and that key against the
 * trusted one (the auditor's pinned key, or the ledger's own).
 */
export function checkDigestSignature(saved: Partial<SignedLogDigest> & LogDigest, trustedPublicKey?: string): SignatureCheck {
  if (saved.signature === undefined && saved.publicKey === undefined) {
    return { signature: 'ABSENT', key: 'UNKNOWN', detail: 'the saved digest is not signed' };
  }
  if (typeof saved.signature !== 'string' || typeof saved.publicKey !== 'string') {
    return { signature: 'INVALID', key: 'UNKNOWN', detail: 'a signed digest needs both signature and publicKey' };
  }
  let valid: boolean;
  try {
    const key = createPublicKey(saved.publicKey);
    if (key.asymmetricKeyType !== 'ed25519') {
      return { signature: 'INVALID', key: 'UNKNOWN', detail: `the public key is ${key.asymmetricKeyType}, not Ed25519` };
    }
    valid = verify(null, signedBytes(saved), key, Buffer.from(saved.signature, 'base64'));
  } catch (error) {
    return { signature: 'INVALID', key: 'UNKNOWN', detail: `the public key cannot be read: ${(error as Error).message}` };
  }
  const key: KeyStatus = trustedPublicKey === undefined ? 'UNKNOWN' : samePublicKey(saved.publicKey, trustedPublicKey) ? 'TRUSTED' : 'UNTRUSTED';
  const keyDetail =
    key === 'TRUSTED' ? 'by the trusted key' : key === 'UNTRUSTED' ? 'but NOT by the trusted key' : '(no trusted key to compare the signer with)';
  return valid
    ? { signature: 'VALID', key, detail: `the signature is valid, ${keyDetail}` }
    : { signature: 'INVALID', key, detail: 'the signature does not match {position, digest, eventCount}: the file was altered or signed with another key' };
}
