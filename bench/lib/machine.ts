import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem, platform, arch, release } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryBytes: number;
  memoryGiB: number;
  node: string;
  platform: string;
  arch: string;
  kernel: string;
  sqlite: string;
  packages: Record<string, string>;
}

function packageVersion(root: string, name: string): string {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version as string;
  } catch {
    return 'unknown';
  }
}

function sqliteVersion(): Promise<string> {
  return new Promise((resolve) => {
    const db = new sqlite3.Database(':memory:');
    db.get('SELECT sqlite_version() AS v', (error: Error | null, row: { v: string } | undefined) => {
      db.close();
      resolve(error || !row ? 'unknown' : row.v);
    });
  });
}

export async function describeMachine(root: string): Promise<Machine> {
  const cpuList = cpus();
  return {
    cores: cpuList.length,
    cpuModel: cpuList[0]?.model?.trim() ?? 'unknown',
    memoryBytes: totalmem(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: platform(),
    arch: arch(),
    kernel: release(),
    sqlite: await sqliteVersion(),
    packages: Object.fromEntries(
      ['sqlite3', '@event-driven-io/emmett-sqlite', '@event-driven-io/emmett', 'canonicalize', 'typescript'].map((n) => [n, packageVersion(root, n)]),
    ),
  };
}

export interface GitInfo {
  sha: string;
  branch: string;
  /** Uncommitted changes under the paths the figures depend on. */
  dirty: boolean;
}

export function gitInfo(root: string): GitInfo {
  const git = (...args: string[]): string => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  return {
    sha: git('rev-parse', '--short', 'HEAD') || 'nogit',
    branch: git('rev-parse', '--abbrev-ref', 'HEAD') || 'unknown',
    dirty: git('status', '--porcelain', '--', 'libs/event-store', 'bench/benchmarks', 'bench/lib', 'bench/subjects', 'bench/run.ts') !== '',
  };
}
