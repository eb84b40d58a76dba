import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { ConfigurationError, loadLedgerConfig } from '../config/ledger-config';
import { checkDigestSignature, ed25519PrivateKey, publicKeyPem, signedBytes, signLogDigest } from './digest-signature';

const pem = (): string => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const digest = { position: '42', digest: 'ab'.repeat(32), eventCount: 42 };

describe('signed log digests (Ed25519 over RFC 8785 JSON of {position, digest, eventCount})', () => {
  const key = ed25519PrivateKey(pem());
  const signed = signLogDigest(digest, key);

  it('signs exactly the three fields, in canonical order', () => {
    expect(signedBytes(digest).toString()).toBe(`{"digest":"${'ab'.repeat(32)}","eventCount":42,"position":"42"}`);
    expect(signed).toMatchObject({ ...digest, algorithm: 'Ed25519', publicKey: publicKeyPem(key) });
  });

  it('checks a signature against the key in the file and the trusted key', () => {
    expect(checkDigestSignature(signed, publicKeyPem(key))).toMatchObject({ signature: 'VALID', key: 'TRUSTED' });
    expect(checkDigestSignature(signed)).toMatchObject({ signature: 'VALID', key: 'UNKNOWN' });
    expect(checkDigestSignature(signed, publicKeyPem(ed25519PrivateKey(pem())))).toMatchObject({ signature: 'VALID', key: 'UNTRUSTED' });
  });

  it('finds any change to a signed field', () => {
    expect(checkDigestSignature({ ...signed, position: '41' }).signature).toBe('INVALID');
    expect(checkDigestSignature({ ...signed, eventCount: 41 }).signature).toBe('INVALID');
    expect(checkDigestSignature({ ...signed, digest: 'cd'.repeat(32) }).signature).toBe('INVALID');
    expect(checkDigestSignature({ ...signed, publicKey: publicKeyPem(ed25519PrivateKey(pem())) }).signature).toBe('INVALID');
  });

  it('says when there is no signature, or a broken one', () => {
    expect(checkDigestSignature(digest)).toMatchObject({ signature: 'ABSENT', key: 'UNKNOWN' });
    expect(checkDigestSignature({ ...digest, signature: signed.signature })).toMatchObject({ signature: 'INVALID' });
    expect(checkDigestSignature({ ...signed, publicKey: 'not a key' })).toMatchObject({ signature: 'INVALID' });
  });

  it('refuses keys that are not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => ed25519PrivateKey(rsa)).toThrow(/not Ed25519/);
    expect(checkDigestSignature({ ...signed, publicKey: publicKeyPem(createPrivateKey(rsa)) })).toMatchObject({ signature: 'INVALID' });
  });
});

describe('LEDGER_SIGNING_KEY in the configuration', () => {
  it('takes an Ed25519 PEM, also with \\n escapes as one-line env files write it', () => {
    const key = pem();
    expect(loadLedgerConfig({ LEDGER_SIGNING_KEY: key }).signingKey).toBe(key);
    expect(loadLedgerConfig({ LEDGER_SIGNING_KEY: key.replace(/\n/g, '\\n') }).signingKey).toBe(key);
    expect(loadLedgerConfig({}).signingKey).toBeUndefined();
  });

  it('stops the start on anything else, saying why', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadLedgerConfig({ LEDGER_SIGNING_KEY: 'secret' })).toThrow(ConfigurationError);
    expect(() => loadLedgerConfig({ LEDGER_SIGNING_KEY: 'secret' })).toThrow(/LEDGER_SIGNING_KEY must be an Ed25519 private key in PEM/);
    expect(() => loadLedgerConfig({ LEDGER_SIGNING_KEY: rsa })).toThrow(/LEDGER_SIGNING_KEY must be an Ed25519 private key \(got rsa\)/);
  });
});
