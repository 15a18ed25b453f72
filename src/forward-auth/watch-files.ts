import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface FileWatch {
  close(): void;
}

/**
 * Calls `onChange` (debounced) after anything changes in the directories of `files`. The directory is watched,
 * not the file: editors and config managers replace files by rename and Kubernetes swaps a `..data` symlink, and
 * a watch on the old inode would go silent. The callback decides whether the content really changed.
 */
export function watchFiles(files: readonly string[], onChange: () => void, debounceMs = 200): FileWatch {
  const dirs = [...new Set(files.map((f) => path.dirname(path.resolve(f))))];
  let timer: NodeJS.Timeout | undefined;
  const fire = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => { timer = undefined; onChange(); }, debounceMs);
    timer.unref();
  };
  const watchers: FSWatcher[] = dirs.map((dir) => {
    const w = watch(dir, { persistent: false }, fire);
    w.on('error', () => { /* directory gone: the last good configuration stays in force */ });
    return w;
  });
  return {
    close: () => {
      if (timer !== undefined) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
