import { Command, CommandRunner, Option } from 'nest-commander';
import { isRole, ROLES, TokenService } from '@app/application';
import { isValidUscc } from '@app/domain';

interface TokenOptions {
  role: string;
  sub: string;
  uscc?: string;
  expiresIn: string;
}

/** `ledger token --role auditor --sub alice [--uscc …] [--expires-in 8h]`: prints a signed token. */
@Command({ name: 'token', description: 'Issue an API token (HS256, signed with the service secret)' })
export class TokenCommand extends CommandRunner {
  constructor(private readonly tokens: TokenService) {
    super();
  }

  async run(_args: string[], options: TokenOptions): Promise<void> {
    try {
      process.stdout.write(`${this.issue(options)}\n`);
    } catch (error) {
      process.stderr.write(`ledger token: ${(error as Error).message}\n`);
      process.exitCode = 2;
    }
  }

  private issue(options: TokenOptions): string {
    if (!isRole(options.role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
    if (!options.sub) throw new Error('--sub is required: who the token is for');
    if (options.role === 'subject' && !options.uscc) throw new Error('--uscc is required for the subject role');
    if (options.uscc !== undefined && !isValidUscc(options.uscc)) throw new Error(`--uscc ${options.uscc} is not a valid USCC`);
    return this.tokens.issue({ sub: options.sub, role: options.role, uscc: options.uscc, expiresIn: options.expiresIn });
  }

  @Option({ flags: '-r, --role <role>', description: `one of ${ROLES.join(', ')}`, required: true })
  parseRole(value: string): string {
    return value;
  }

  @Option({ flags: '-s, --sub <sub>', description: 'who the token is for (ends up as the actor of every event)', required: true })
  parseSub(value: string): string {
    return value;
  }

  @Option({ flags: '-u, --uscc <uscc>', description: 'for the subject role: the institution it speaks for' })
  parseUscc(value: string): string {
    return value;
  }

  @Option({ flags: '-e, --expires-in <duration>', description: 'lifetime, e.g. 30m, 8h, 7d', defaultValue: '8h' })
  parseExpiresIn(value: string): string {
    if (!/^\d+[smhd]$/.test(value)) throw new Error('--expires-in must look like 30m, 8h or 7d');
    return value;
  }
}
