import { counterDelta, summedDelta, perSecond, percentOf, addKnown } from '../../src/core/counters.js';

test('a counter that went backwards has no delta', () => {
  expect(counterDelta(10, 25)).toBe(15);
  expect(counterDelta(10, 10)).toBe(0);
  expect(counterDelta(2 ** 32 - 5, 3)).toBeNull();
});

test('summedDelta counts devices present in both readings, and is unknown if any went backwards', () => {
  const a = new Map([['sda', 100], ['sdb', 50], ['gone', 7]]);
  expect(summedDelta(a, new Map([['sda', 150], ['sdb', 60], ['new', 999]]), (v) => v)).toBe(60);
  expect(summedDelta(a, new Map([['sda', 150], ['sdb', 40]]), (v) => v)).toBeNull();
});

test('helpers keep unknown values unknown', () => {
  expect(perSecond(30, 2, 0.5)).toBe(7.5);
  expect(perSecond(null, 2)).toBeNull();
  expect(percentOf(1, 4)).toBe(25);
  expect(percentOf(1, 0)).toBeNull();
  expect(percentOf(null, 4)).toBeNull();
  expect(addKnown(1, null)).toBeNull();
});
