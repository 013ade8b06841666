// Which distribution and release: /etc/os-release (ID, VERSION_ID) on every current system, and
// the older release files on those from before it.

export interface OsRelease {
  id?: string;
  version?: string;
}

/** KEY=value and KEY="quoted value" lines (os-release, lsb-release). */
export function parseKeyValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m === null) continue;
    let v = m[2].trim();
    if (/^(["']).*\1$/.test(v)) v = v.slice(1, -1).replace(/\\(["$`\\])/g, '$1');
    values.set(m[1], v);
  }
  return values;
}

export function parseOsRelease(text: string): OsRelease {
  const kv = parseKeyValues(text);
  return { id: kv.get('ID')?.toLowerCase(), version: kv.get('VERSION_ID') };
}

/** /etc/lsb-release (Ubuntu before os-release): DISTRIB_ID, DISTRIB_RELEASE. */
export function parseLsbRelease(text: string): OsRelease {
  const kv = parseKeyValues(text);
  return { id: kv.get('DISTRIB_ID')?.toLowerCase(), version: kv.get('DISTRIB_RELEASE') };
}

/** "CentOS release 6.10 (Final)", "Red Hat Enterprise Linux Server release 6.9 (Santiago)". */
export function parseRedhatRelease(text: string): OsRelease {
  const line = text.split('\n')[0].trim();
  const version = /release\s+(\d+(\.\d+)*)/.exec(line)?.[1];
  const name = line.toLowerCase();
  const id = name.startsWith('centos') ? 'centos' : name.startsWith('cloudlinux') ? 'cloudlinux'
    : name.startsWith('fedora') ? 'fedora' : name.startsWith('red hat') ? 'rhel' : undefined;
  return { id, version };
}

/** The release files to try after os-release, and how each reads. */
export const OLDER_RELEASE_FILES: [string, (text: string) => OsRelease][] = [
  ['lsb-release', parseLsbRelease],
  ['redhat-release', parseRedhatRelease],
  ['debian_version', (t) => ({ id: 'debian', version: t.split('\n')[0].trim() })],
  ['alpine-release', (t) => ({ id: 'alpine', version: t.split('\n')[0].trim() })],
];
