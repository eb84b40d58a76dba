import { spawnSync } from 'node:child_process';
import { REBUILD_NODE_FLAGS } from '@app/read-model';
import { relaunchArguments } from './relaunch';

describe('ledger CLI relaunch with V8 flags', () => {
  const argv = ['/usr/bin/node', '/app/dist/apps/cli/src/main.js'];

  it('relaunches `rebuild` with the rebuild flags, keeping the node options and arguments it was given', () => {
    expect(relaunchArguments([...argv, 'rebuild', '--projection', 'archive'], ['--enable-source-maps'], {})).toEqual([
      ...REBUILD_NODE_FLAGS,
      '--enable-source-maps',
      '/app/dist/apps/cli/src/main.js',
      'rebuild',
      '--projection',
      'archive',
    ]);
  });

  it('runs as it is: other commands, flags already given (any value, any spelling), the relaunched process', () => {
    expect(relaunchArguments([...argv, 'verify'], [], {})).toBeUndefined();
    expect(relaunchArguments([...argv], [], {})).toBeUndefined();
    expect(relaunchArguments([...argv, 'rebuild'], ['--max-semi-space-size=32', '--single-threaded-gc'], {})).toBeUndefined();
    expect(relaunchArguments([...argv, 'rebuild'], [], { NODE_OPTIONS: '--max-old-space-size=4096 --max_semi_space_size=128 --single_threaded_gc' })).toBeUndefined();
    // One of them given: only the other is added.
    expect(relaunchArguments([...argv, 'rebuild'], ['--max-semi-space-size=32'], {})).toEqual(['--single-threaded-gc', '--max-semi-space-size=32', ...argv.slice(1), 'rebuild']);
    expect(relaunchArguments([...argv, 'rebuild'], [], { LEDGER_CLI_RELAUNCHED: '1' })).toBeUndefined();
  });

  it('the flags are ones this node accepts', () => {
    const run = spawnSync(process.execPath, [...REBUILD_NODE_FLAGS, '-e', 'process.stdout.write(process.execArgv.join(" "))'], { encoding: 'utf8' });
    // node refuses an option it does not know (exit 9, "bad option").
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.startsWith(`${REBUILD_NODE_FLAGS.join(' ')} -e`)).toBe(true);
  });
});
