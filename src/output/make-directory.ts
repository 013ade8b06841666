// `mkdir -p`, failing rather than spinning. Node's own recursive mkdir loops forever where a file
// system answers ENOENT for a directory whose parent exists (mkdir /proc/nope): it takes the
// ENOENT for a missing parent, finds the parent there, and tries again, without end.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Creates `dir` and its missing parents (with `mode`, less the umask); throws the system error of the first that cannot be. */
export function makeDirectory(dir: string, mode = 0o777): void {
  try {
    mkdirSync(dir, mode);
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && statSync(dir).isDirectory()) return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw err;
    makeDirectory(parent, mode);
  }
  // The parent is there now: an error this time is the directory's own, and final.
  try {
    mkdirSync(dir, mode);
  } catch (err) {
    // Made by another process meanwhile: as good as made by this one.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(dir).isDirectory()) throw err;
  }
}
