import type { NetworkInterfaceInfo } from 'node:os';

/**
 * Every address of every interface but loopback, as "name_address" separated by spaces, IPv4 and
 * IPv6 alike. The CSV writer quotes the field, so the colons of IPv6 need no stripping.
 */
export function formatAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string {
  const out: string[] = [];
  for (const [name, addresses] of Object.entries(interfaces)) {
    for (const a of addresses ?? []) if (!a.internal) out.push(`${name}_${a.address}`);
  }
  return out.join(' ');
}
