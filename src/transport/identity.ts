// Who this host is on the wire. The host id is the machine id (systemd/dbus) as a UUID, on FreeBSD
// the kernel's kern.hostuuid (or /etc/hostid where that is all zeros), as the original sender took
// them; the dsid of a subscription is UUIDv5 of the host id and the subscription id in the NIL
// namespace, as the original sender made it, so a host keeps its data source ids across the port.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { RuntimeError } from '../core/errors.js';

const NIL = Buffer.alloc(16);

/** RFC 4122 name-based UUID, version 5 (SHA-1). */
export function uuidv5(name: string, namespace: Buffer = NIL): string {
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** "0123456789abcdef0123456789abcdef" -> "01234567-89ab-cdef-0123-456789abcdef". */
export function machineIdAsUuid(machineId: string): string | undefined {
  const id = machineId.trim().split('\n').pop()!.trim().toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(id)) return undefined;
  return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
}

export const MACHINE_ID_FILES = ['/var/lib/dbus/machine-id', '/etc/machine-id'];

const UUID_TEXT = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const ZERO_UUID = /^[0-]+$/;

/**
 * FreeBSD's host id from `sysctl -n kern.hostuuid` (or a `sysctl -a` line of it), as written:
 * undefined when it is no UUID or all zeros (a kernel that was given none), which /etc/hostid
 * then stands for.
 */
export function hostUuidOf(sysctlText: string): string | undefined {
  // sysctl -a holds other lines of hex (kern.msgbuf's text, say): only the id's own line, or a
  // line that is an id alone (sysctl -n), is taken.
  for (const line of sysctlText.split('\n')) {
    const id = line.replace(/^kern\.hostuuid: /, '').replace(/\0/g, '').trim();
    if (UUID_TEXT.test(id) && (line.startsWith('kern.hostuuid: ') || id === line.replace(/\0/g, '').trim())) return ZERO_UUID.test(id) ? undefined : id;
  }
  return undefined;
}

/** The host id of a FreeBSD host, or undefined when it has none. */
function freebsdHostId(): string | undefined {
  try {
    const id = hostUuidOf(execFileSync('/sbin/sysctl', ['-n', 'kern.hostuuid'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    if (id !== undefined) return id;
  } catch {
    // no sysctl of that name: /etc/hostid
  }
  try {
    const id = readFileSync('/etc/hostid', 'utf8').trim();
    return UUID_TEXT.test(id) && !ZERO_UUID.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

export function readHostId(files: string[] = MACHINE_ID_FILES, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'freebsd') {
    const id = freebsdHostId();
    if (id !== undefined) return id;
  }
  for (const f of files) {
    try {
      const id = machineIdAsUuid(readFileSync(f, 'utf8'));
      if (id !== undefined) return id;
    } catch {
      // try the next place
    }
  }
  if (platform === 'freebsd') throw new RuntimeError(`no host id: kern.hostuuid is unset, /etc/hostid holds no UUID and there is no machine id in ${files.join(' or ')} (service hostid start makes one)`);
  throw new RuntimeError(`no machine id in ${files.join(' or ')}: run systemd-machine-id-setup (or dbus-uuidgen --ensure)`);
}

export function dsidOf(hostId: string, sid: string): string {
  return uuidv5(hostId + sid);
}
