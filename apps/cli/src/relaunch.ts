import { REBUILD_NODE_FLAGS } from '@app/read-model';

/** Set in the relaunched process, so it never relaunches again. */
export const RELAUNCHED_ENV = 'LEDGER_CLI_RELAUNCHED';

/** The V8 flags a command runs best with: a rebuild wants a larger young generation. */
export function nodeFlagsFor(command: string | undefined): readonly string[] {
  return command === 'rebuild' ? REBUILD_NODE_FLAGS : [];
}

/**
 * The arguments to run this CLI again under `node` with the flags its command wants, or
 * undefined when it should run as it is: the command wants none, they are already given (on the
 * command line or in NODE_OPTIONS, any value), or this is the relaunched process.
 */
export function relaunchArguments(argv: readonly string[], execArgv: readonly string[], env: NodeJS.ProcessEnv): string[] | undefined {
  if (env[RELAUNCHED_ENV] === '1') return undefined;
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)].map((flag) => flag.split('=')[0].replace(/_/g, '-'));
  const missing = nodeFlagsFor(argv[2]).filter((flag) => !given.includes(flag.split('=')[0]));
  if (missing.length === 0) return undefined;
  return [...missing, ...execArgv, ...argv.slice(1)];
}
