// sysctl(8) on FreeBSD and macOS: one run asks for many names and prints "name: value" lines, in
// the order asked. A value may run over several lines (vm.vmtotal); a name the kernel does not
// have is reported on stderr ("sysctl: unknown oid 'vm.stats.vm.v_cache_count'") and the run ends
// with a non-zero status (the count of such names) after printing the others: that name is simply
// missing from the result. Any other complaint fails the sample.
import { runTool, unparseable, firstLine } from './run-tool.js';
import { RuntimeError } from '../core/errors.js';

export type SysctlValues = Map<string, string>;

/** "kern.cp_time: " at the start of a line: a name has at least one dot, a continuation line none before its colon. */
const NAME_LINE = /^([A-Za-z_][\w%-]*(?:\.[\w%-]+)+): ?(.*)$/;

export function parseSysctl(text: string): SysctlValues {
  const values: SysctlValues = new Map();
  let current: string | undefined;
  for (const line of text.split('\n')) {
    const m = NAME_LINE.exec(line);
    if (m !== null) {
      current = m[1];
      values.set(current, m[2]);
    } else if (current !== undefined && line !== '') {
      values.set(current, `${values.get(current)}\n${line}`);
    }
  }
  return values;
}

/** The names stderr reports as unknown; undefined when stderr holds anything else. */
export function unknownOids(stderr: string): string[] | undefined {
  const names: string[] = [];
  for (const line of stderr.split('\n')) {
    if (line.trim() === '') continue;
    const m = /unknown oid '([^']+)'/.exec(line);
    if (m === null) return undefined;
    names.push(m[1]);
  }
  return names;
}

export async function readSysctl(names: readonly string[]): Promise<SysctlValues> {
  const r = await runTool('sysctl', names, { acceptExitCodes: 'any' });
  if (r.exitCode !== 0 && unknownOids(r.stderr) === undefined) {
    throw new RuntimeError(`sysctl failed (exit status ${r.exitCode}): ${firstLine(r.stderr)}`);
  }
  return parseSysctl(r.stdout);
}

/** A whole number, or undefined when the name is missing. */
export function sysctlNumber(values: SysctlValues, name: string): number | undefined {
  const text = values.get(name)?.trim();
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text === '' || !Number.isFinite(n)) throw unparseable('sysctl', `${name} is not a number: '${firstLine(text)}'`);
  return n;
}

/** A list of whole numbers ("kern.cp_times: 116 0 85 4 30896 …"), or undefined when missing. */
export function sysctlNumbers(values: SysctlValues, name: string): number[] | undefined {
  const text = values.get(name)?.trim();
  if (text === undefined) return undefined;
  const list = text.split(/\s+/).map(Number);
  if (text === '' || list.some((n) => !Number.isFinite(n))) throw unparseable('sysctl', `${name} is not a list of numbers: '${firstLine(text)}'`);
  return list;
}

/** A value that must be there: its absence is an error naming it. */
export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw unparseable('sysctl', `no ${name} in its output`);
  return value;
}

/** vm.loadavg "{ 0.33 0.33 0.37 }". */
export function parseLoadavgBraces(text: string | undefined): { avg1: number; avg5: number; avg15: number } | undefined {
  const m = text === undefined ? null : /\{\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\}/.exec(text);
  return m === null ? undefined : { avg1: Number(m[1]), avg5: Number(m[2]), avg15: Number(m[3]) };
}

/** kern.boottime "{ sec = 1594339054, usec = 740932 } Thu Jul  9 16:57:34 2020": seconds since the epoch. */
export function parseBoottime(text: string | undefined): number | undefined {
  const m = text === undefined ? null : /sec = (\d+)/.exec(text);
  return m === null ? undefined : Number(m[1]);
}
