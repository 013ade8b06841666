// Who this host is on the wire. The host id is the machine id (systemd/dbus) as a UUID; the dsid of
// a subscription is UUIDv5 of the host id and the subscription id in the NIL namespace, as the
// original sender made it, so a host keeps its data source ids across the port.
import { createHash } from 'node:crypto';
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

export function readHostId(files: string[] = MACHINE_ID_FILES): string {
  for (const f of files) {
    try {
      const id = machineIdAsUuid(readFileSync(f, 'utf8'));
      if (id !== undefined) return id;
    } catch {
      // try the next place
    }
  }
  throw new RuntimeError(`no machine id in ${files.join(' or ')}: run systemd-machine-id-setup (or dbus-uuidgen --ensure)`);
}

export function dsidOf(hostId: string, sid: string): string {
  return uuidv5(hostId + sid);
}
