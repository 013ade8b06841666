import { memoByNames } from '../../src/core/memo-by-names.js';

test('computes again only when the list of names changes', () => {
  let calls = 0;
  const sorted = memoByNames((names) => {
    calls++;
    return [...names].sort();
  });
  expect(sorted(['b', 'a'])).toEqual(['a', 'b']);
  expect(sorted(['b', 'a'])).toEqual(['a', 'b']);
  expect(calls).toBe(1);
  expect(sorted(['b', 'a', 'c'])).toEqual(['a', 'b', 'c']);
  expect(calls).toBe(2);
  expect(sorted([])).toEqual([]);
  expect(calls).toBe(3);
});
