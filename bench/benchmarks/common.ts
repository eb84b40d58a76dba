import type { BenchContext, Subject } from '../lib/types';
import { emmettSubject } from '../subjects/emmett';
import { ceilingSubject } from '../subjects/ceiling';
import { oursSubject } from '../subjects/ours';
import { StoreUnderTest, SubjectFactory, Synchronous } from '../subjects/subject';

export interface SubjectLineup {
  factories: SubjectFactory[];
  /** The durability every compared subject runs with (Emmett's, read back from its connection). */
  synchronous: Synchronous;
  journalMode: string;
  /** Settings per subject, read back from a probe store. */
  settings: Record<string, Record<string, unknown>>;
  subjects: Subject[];
}

/**
 * The three stores side by side, all in Emmett's durability mode (it sets only
 * `journal_mode = WAL`; `synchronous` is whatever its connection gets by default). When that is
 * not FULL, the ledger also runs at its own default FULL as an extra column.
 */
export async function lineup(context: BenchContext): Promise<SubjectLineup> {
  const emmett = emmettSubject();
  const probeDir = context.temp.dir('emmett-settings');
  const probe = await emmett.open(probeDir);
  const emmettSettings = await probe.settings();
  await probe.close();
  context.temp.discard(probeDir);
  const synchronous = String(emmettSettings.synchronous) as Synchronous;
  const factories = [oursSubject(synchronous), emmett, ceilingSubject(synchronous)];
  if (synchronous !== 'FULL') factories.push(oursSubject('FULL', 'ours-full'));
  const settings: Record<string, Record<string, unknown>> = { emmett: emmettSettings };
  for (const factory of factories) {
    if (factory.id === 'emmett') continue;
    const dir = context.temp.dir(`${factory.id}-settings`);
    const store = await factory.open(dir);
    settings[factory.id] = await store.settings();
    await store.close();
    context.temp.discard(dir);
  }
  return {
    factories,
    synchronous,
    journalMode: String(emmettSettings.journal_mode),
    settings,
    subjects: factories.map((f) => ({ id: f.id, label: f.label, kind: f.kind, settings: settings[f.id] })),
  };
}

/** Opens a fresh store of `factory` in its own temp folder; `done()` closes it and frees the disk. */
export async function freshStore(
  context: BenchContext,
  factory: SubjectFactory,
  label: string,
): Promise<{ store: StoreUnderTest; done: () => Promise<void> }> {
  const dir = context.temp.dir(`${label}-${factory.id}`);
  const store = await factory.open(dir);
  return {
    store,
    done: async () => {
      await store.close();
      context.temp.discard(dir);
    },
  };
}

/** Rotates the subject order per scenario so no store always runs first (warm caches, thermals). */
export function rotate<T>(items: T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
