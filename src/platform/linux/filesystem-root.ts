// Where statfs finds the watched system's mount points. Under --rootfs when it is given; at "/" for
// this machine's own procfs; nowhere for another machine's procfs given alone (a container watching
// its host without the host's / mounted): statfs there would describe this machine's filesystems.
import type { SourceRoots } from '../types.js';

export function filesystemRoot(roots: SourceRoots): string | undefined {
  if (roots.rootfs !== undefined) return roots.rootfs;
  return roots.procfs === '/proc' ? '/' : undefined;
}

/** A mount point of the watched system as a path here. */
export function underRoot(root: string, mountPoint: string): string {
  return root === '/' ? mountPoint : `${root}${mountPoint}`;
}
