// `sysrec -H60`: commander reads a group of short flags one letter at a time, so -H60 is -H and
// then -60, which it takes for a negative number, hence an operand: the interval -60. The user
// meant -H 60; the error says so rather than that -60 is a bad interval.
import { UsageError } from '../core/errors.js';

export interface Operand {
  /** "an interval", "a count". */
  what: string;
  value: string | undefined;
}

/**
 * The argument a negative operand was cut from (`-H60` for `-60`), when it was not typed as such;
 * undefined when the user typed it (`sysrec -60`) or no group of letters ends with it.
 */
export function gluedArgument(args: string[], operand: string): string | undefined {
  if (!operand.startsWith('-') || args.includes(operand)) return undefined;
  const digits = operand.slice(1);
  return args.find((a) => a.endsWith(digits) && /^-[A-Za-z]+$/.test(a.slice(0, a.length - digits.length)));
}

/** Throws the UsageError for the first operand that is the value glued to a flag taking none. */
export function refuseGluedValues(args: string[], operands: Operand[]): void {
  for (const { what, value } of operands) {
    const arg = value === undefined ? undefined : gluedArgument(args, value);
    if (arg === undefined) continue;
    const digits = value!.slice(1);
    const flags = arg.slice(0, arg.length - digits.length);
    throw new UsageError(`'${arg}': -${flags.slice(-1)} takes no value; for ${what} of ${digits}, write '${flags} ${digits}'`);
  }
}
