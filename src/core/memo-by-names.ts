/**
 * Remembers what `compute` gave for the last list of device names and gives it again while the
 * list is the same: device sets change seldom, and sorting or classifying thousands of names (or
 * reading sysfs for them) every sample is waste.
 */
export function memoByNames<T>(compute: (names: string[]) => T): (names: string[]) => T {
  let key: string | undefined;
  let value: T;
  return (names) => {
    const k = names.join('\n');
    if (k !== key) {
      key = k;
      value = compute(names);
    }
    return value;
  };
}
