import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenService } from '@app/application';
import { TokenCommand } from '../apps/cli/src/commands/token.command';
import { runCli } from './support/cli';

/** `ledger token`: the one command that reads (or first makes) the service's token secret. */
describe('ledger token', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-cli-token-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const token = (args: string[], jwtSecret?: string) => runCli(['token', ...args], { dataDir: dir, ...(jwtSecret && { jwtSecret }) }, { providers: [TokenCommand] });

  it('signs with LEDGER_JWT_SECRET when set, writing nothing into the data dir', async () => {
    const run = await token(['--role', 'subject', '--sub', 'office-1', '--uscc', '11370100MB28501230', '--expires-in', '30m'], 'cli-token-secret-0123456789');
    expect(run.code).toBe(0);
    const claims = new TokenService('cli-token-secret-0123456789').verify(run.stdout.trim());
    expect(claims).toMatchObject({ sub: 'office-1', role: 'subject', uscc: '11370100MB28501230' });
    expect(existsSync(join(dir, 'jwt-secret'))).toBe(false);
  });

  it('otherwise makes the secret the service will use, and says so', async () => {
    const run = await token(['--role', 'auditor', '--sub', 'alice']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('generated one into');
    const secret = readFileSync(join(dir, 'jwt-secret'), 'utf8').trim();
    expect(new TokenService(secret).verify(run.stdout.trim())).toMatchObject({ sub: 'alice', role: 'auditor' });
    // Kept: the next token is signed with the same secret, without a word.
    const again = await token(['--role', 'auditor', '--sub', 'bob']);
    expect(again.stderr).toBe('');
    expect(new TokenService(secret).verify(again.stdout.trim())).toMatchObject({ sub: 'bob' });
  });

  it('refuses --uscc for another role than subject, and a role it does not know (2, no token)', async () => {
    const uscc = await token(['--role', 'auditor', '--sub', 'a', '--uscc', '11370100MB28501230'], 'cli-token-secret-0123456789');
    expect(uscc).toMatchObject({ code: 2, stdout: '' });
    expect(uscc.stderr).toContain('--uscc is for the subject role only');
    expect(await token(['--role', 'admin', '--sub', 'a'], 'cli-token-secret-0123456789')).toMatchObject({ code: 2, stdout: '' });
  });
});
