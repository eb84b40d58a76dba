import { JwtService } from '@nestjs/jwt';
import { TokenService } from './token.service';

describe('TokenService', () => {
  afterEach(() => jest.restoreAllMocks());

  it('verifies a token again from memory with the same principal', () => {
    const tokens = new TokenService('a-secret-of-16-chars');
    const token = tokens.issue({ sub: 'alice', role: 'subject', uscc: '11370100MB28501230' });
    const first = tokens.verify(token);
    expect(first).toEqual({ sub: 'alice', role: 'subject', uscc: '11370100MB28501230' });
    expect(tokens.verify(token)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('refuses a remembered token once it has expired, with the error a fresh verification gives', () => {
    const tokens = new TokenService('a-secret-of-16-chars');
    const now = Date.now();
    const token = tokens.issue({ sub: 'bob', role: 'auditor', expiresIn: '30m' });
    expect(tokens.verify(token).sub).toBe('bob');
    jest.spyOn(Date, 'now').mockReturnValue(now + 31 * 60 * 1000);
    expect(() => tokens.verify(token)).toThrow('jwt expired');
    expect(() => tokens.verify(token)).toThrow('jwt expired');
  });

  it('refuses a token without exp, even one signed with its own secret (it would never expire)', () => {
    const tokens = new TokenService('a-secret-of-16-chars');
    const endless = new JwtService({ secret: 'a-secret-of-16-chars' }).sign({ sub: 'dave', role: 'auditor' });
    expect(() => tokens.verify(endless)).toThrow('token has no expiry (exp claim)');
    expect(() => tokens.verify(endless)).toThrow('token has no expiry (exp claim)');
  });

  it('issues every token with an exp', () => {
    const tokens = new TokenService('a-secret-of-16-chars');
    const claims = new JwtService({}).decode(tokens.issue({ sub: 'erin', role: 'registrar' }));
    expect(claims.exp - claims.iat).toBe(8 * 3600);
    expect(new JwtService({}).decode(tokens.issue({ sub: 'erin', role: 'registrar', expiresIn: '30m' })).exp).toEqual(expect.any(Number));
  });

  it('does not accept a token signed with another secret, nor a tampered one', () => {
    const tokens = new TokenService('a-secret-of-16-chars');
    const other = new TokenService('another-secret-16-chars').issue({ sub: 'eve', role: 'auditor' });
    expect(() => tokens.verify(other)).toThrow('invalid signature');
    const token = tokens.issue({ sub: 'carol', role: 'auditor' });
    tokens.verify(token);
    const [header, , signature] = token.split('.');
    const claims = Buffer.from(JSON.stringify({ sub: 'carol', role: 'credit-office', iat: 1, exp: 4102444800 })).toString('base64url');
    expect(() => tokens.verify(`${header}.${claims}.${signature}`)).toThrow('invalid signature');
  });
});
