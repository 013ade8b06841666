// Runs one of the OS's statistics tools (sysctl, kstat, iostat, netstat…) through execa: an
// argument array, never a shell, and a timeout. Every failure is one line that names the tool.
import { RuntimeError } from '../core/errors.js';

/** Long enough for a loaded machine; a tool that hangs must not stall the recorder for good. */
export const TOOL_TIMEOUT_MS = 10_000;

export interface ToolOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ToolOptions {
  /**
   * Exit statuses that still mean output worth parsing: kstat exits 1 when a selector matched
   * nothing; sysctl exits with the number of names it did not know ('any': the caller checks why).
   */
  acceptExitCodes?: readonly number[] | 'any';
  timeoutMs?: number;
}

/** The first line of a tool's complaint, blanks squeezed, for an error message. */
export function firstLine(text: string): string {
  return text.trim().split('\n')[0].replace(/\s+/g, ' ');
}

export async function runTool(tool: string, args: readonly string[], options: ToolOptions = {}): Promise<ToolOutput> {
  const { execa } = await import('execa');
  const timeoutMs = options.timeoutMs ?? TOOL_TIMEOUT_MS;
  const r = await execa(tool, [...args], { timeout: timeoutMs, reject: false, stdin: 'ignore', encoding: 'utf8' });
  const code = (r as { code?: string }).code;
  if (code === 'ENOENT') throw new RuntimeError(`cannot run ${tool}: not found on PATH`);
  if (code === 'EACCES') throw new RuntimeError(`cannot run ${tool}: permission denied`);
  if (r.timedOut) throw new RuntimeError(`${tool} did not finish within ${timeoutMs / 1000} s`);
  const stdout = String(r.stdout ?? '');
  const stderr = String(r.stderr ?? '');
  const exitCode = r.exitCode;
  if (exitCode === undefined) throw new RuntimeError(`${tool} was killed by ${r.signal ?? 'a signal'}`);
  const accepted = options.acceptExitCodes === 'any' || (options.acceptExitCodes ?? []).includes(exitCode);
  if (exitCode !== 0 && !accepted) {
    const why = firstLine(stderr);
    throw new RuntimeError(`${tool} failed (exit status ${exitCode})${why ? `: ${why}` : ''}`);
  }
  return { stdout, stderr, exitCode };
}

/** Output a parser could not make sense of: the message names the tool and what was missing. */
export function unparseable(tool: string, what: string): RuntimeError {
  return new RuntimeError(`cannot parse the output of ${tool}: ${what}`);
}

/**
 * Runs a tool and parses what it printed; a parser's null fails the sample with a message that
 * names the tool (as the user would type it) and what its output lacked.
 */
export async function runAndParse<T>(
  tool: string,
  args: readonly string[],
  parse: (stdout: string) => T | null,
  lacking: string,
): Promise<T> {
  const parsed = parse((await runTool(tool, args)).stdout);
  if (parsed === null) throw unparseable([tool, ...args].join(' '), lacking);
  return parsed;
}

/** A snapshot's two clocks, read when a sample starts (before its tools run). */
export function sampleClock(): { epochMs: number; monoNs: bigint } {
  return { epochMs: Date.now(), monoNs: process.hrtime.bigint() };
}
