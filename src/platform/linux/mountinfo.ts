// /proc/self/mountinfo: one line per mount, "id parent major:minor root mountpoint options
// [optional…] - fstype source superoptions". The major:minor names the block device a filesystem
// lives on, which is how a disk is matched to its filesystem (names can lie, numbers cannot).

export interface Mount {
  /** "8:1" */
  device: string;
  /** The directory of the filesystem that is mounted: "/" unless this is a bind mount of a subtree. */
  root: string;
  mountPoint: string;
  fsType: string;
}

/** The kernel escapes space, tab, newline and backslash in paths as \040, \011, \012, \134. */
function unescape(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export function parseMountinfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    const dash = f.indexOf('-', 6);
    if (f.length < 10 || dash < 0 || !/^\d+:\d+$/.test(f[2])) continue;
    mounts.push({ device: f[2], root: unescape(f[3]), mountPoint: unescape(f[4]), fsType: f[dash + 1] });
  }
  return mounts;
}

/**
 * The mount point of each device: the first mount of the filesystem's own root, so that bind
 * mounts of a subtree (containers, /var/lib/…) do not stand in for the real mount point.
 */
export function mountPointsByDevice(mounts: Mount[]): Map<string, string> {
  const byDevice = new Map<string, string>();
  for (const m of mounts) if (m.root === '/' && !byDevice.has(m.device)) byDevice.set(m.device, m.mountPoint);
  for (const m of mounts) if (!byDevice.has(m.device)) byDevice.set(m.device, m.mountPoint);
  return byDevice;
}
