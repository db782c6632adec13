/**
 * Files written under a temporary name and renamed into place once complete and synced: a reader (or a retry after
 * a crash) sees the previous complete file or the new complete file, never half of one.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const TEMP_MARK = '.tmp-';

export interface AtomicFile {
  readonly path: string;
  write(text: string): Promise<void>;
  /** Syncs, closes and renames into place. */
  commit(): Promise<void>;
  /** Closes and removes the temporary file; safe after commit (then it does nothing). */
  abort(): Promise<void>;
}

export async function openAtomicFile(path: string): Promise<AtomicFile> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}${TEMP_MARK}${process.pid}-${randomUUID().slice(0, 8)}`;
  const handle = await open(temp, 'w');
  let state: 'open' | 'committed' | 'aborted' = 'open';
  return {
    path,
    async write(text) {
      await handle.write(text);
    },
    async commit() {
      await handle.sync();
      await handle.close();
      await rename(temp, path);
      state = 'committed';
    },
    async abort() {
      if (state !== 'open') return;
      state = 'aborted';
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
    },
  };
}

export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const file = await openAtomicFile(path);
  try {
    await file.write(text);
    await file.commit();
  } finally {
    await file.abort();
  }
}

/** Complete files in a directory (temporary files of attempts in flight or crashed are left out), sorted. */
export async function completeFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && !e.name.includes(TEMP_MARK))
    .map((e) => join(dir, e.name))
    .sort();
}

/**
 * Removes temporary files nobody has written to for `idleMs`: left by an attempt whose worker died. A live writer
 * touches its file at every page, so an attempt still running (a timed-out one, say) keeps its file.
 */
export async function removeStaleTempFiles(dir: string, idleMs = 10 * 60_000): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.includes(TEMP_MARK)) continue;
    const path = join(dir, entry.name);
    const info = await stat(path).catch(() => null);
    if (info && Date.now() - info.mtimeMs > idleMs) await unlink(path).catch(() => undefined);
  }
}
