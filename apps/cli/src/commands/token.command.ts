import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { isRole, LEDGER_CONFIG, LedgerConfig, resolveJwtSecret, ROLES, TokenService } from '@app/application';
import { isValidUscc } from '@app/domain';
import { UsageError } from '../usage-error';

/** The longest lifetime a token may be given: tokens expire (README), and a year is the most an operator should hand out. */
const LONGEST_SECONDS = 366 * 86_400;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

interface TokenOptions {
  role: string;
  sub: string;
  uscc?: string;
  expiresIn: string;
}

/** `ledger token --role auditor --sub alice [--uscc …] [--expires-in 8h]`: prints a signed token. */
@Command({ name: 'token', description: 'Issue an API token (HS256, signed with the service secret)' })
export class TokenCommand extends CommandRunner {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {
    super();
  }

  async run(_args: string[], options: TokenOptions): Promise<void> {
    try {
      this.check(options);
    } catch (error) {
      process.stderr.write(`ledger token: ${(error as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    // The service's secret, read (or first made) only for this command: the others never write into the data dir.
    const resolved = resolveJwtSecret(this.config.jwtSecret, this.config.dataDir);
    if (resolved.source === 'generated') {
      process.stderr.write(`ledger token: no secret was set or kept yet: generated one into ${resolved.file}; a service running with another secret refuses this token\n`);
    }
    process.stdout.write(`${new TokenService(resolved.secret).issue({ sub: options.sub, role: options.role as never, uscc: options.uscc, expiresIn: options.expiresIn })}\n`);
  }

  private check(options: TokenOptions): void {
    if (!isRole(options.role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
    if (!options.sub) throw new Error('--sub is required: who the token is for');
    if (options.role === 'subject' && !options.uscc) throw new Error('--uscc is required for the subject role');
    if (options.role !== 'subject' && options.uscc !== undefined) throw new Error('--uscc is for the subject role only (the other roles act for every institution)');
    if (options.uscc !== undefined && !isValidUscc(options.uscc)) throw new Error(`--uscc ${options.uscc} is not a valid USCC`);
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
    const match = /^(\d{1,9})([smhd])$/.exec(value);
    if (!match) throw new UsageError('--expires-in must look like 30m, 8h or 7d');
    const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
    if (seconds < 1 || seconds > LONGEST_SECONDS) throw new UsageError('--expires-in must be at least 1s and at most 366d');
    return value;
  }
}
