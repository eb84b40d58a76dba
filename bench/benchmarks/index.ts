import type { Benchmark } from '../lib/types';
import { appendsBenchmark } from './appends';
import { auditBenchmark } from './audit';
import { growthBenchmark } from './growth';
import { httpBenchmark } from './http';
import { readsBenchmark } from './reads';
import { rebuildBenchmark } from '../rebuild.bench';

/**
 * Every benchmark `npm run bench` runs, in order. Adding one (rebuild, HTTP, audit, growth...)
 * is writing a module that exports a `Benchmark` and listing it here.
 */
export const BENCHMARKS: Benchmark[] = [appendsBenchmark, readsBenchmark, auditBenchmark, rebuildBenchmark, httpBenchmark, growthBenchmark];
