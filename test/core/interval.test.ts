import { parseSamplingPlan, MAX_INTERVAL_SECONDS } from '../../src/core/interval.js';
import { UsageError } from '../../src/core/errors.js';

describe('[interval [count]]', () => {
  test('no arguments: one sample, whole-second timestamps', () => {
    expect(parseSamplingPlan(undefined, undefined)).toEqual({ timestampDecimals: 0 });
  });

  test('interval only runs until stopped; fractional intervals stamp milliseconds', () => {
    expect(parseSamplingPlan('60', undefined)).toEqual({ intervalSeconds: 60, timestampDecimals: 0 });
    expect(parseSamplingPlan('.5', '3')).toEqual({ intervalSeconds: 0.5, count: 3, timestampDecimals: 3 });
    expect(parseSamplingPlan('0.5', undefined).intervalSeconds).toBe(0.5);
    expect(parseSamplingPlan('0.1', undefined).intervalSeconds).toBe(0.1);
    expect(parseSamplingPlan('60.0', undefined).timestampDecimals).toBe(0);
  });

  test('intervals up to a year and a leap day: longer than any timer of Node, and accepted', () => {
    expect(MAX_INTERVAL_SECONDS).toBe(366 * 86_400);
    expect(parseSamplingPlan('3000000', undefined).intervalSeconds).toBe(3_000_000);
    expect(parseSamplingPlan('31622400', '1').intervalSeconds).toBe(31_622_400);
  });

  test.each([
    ['31622400.5', undefined, "interval '31622400.5' is too long: the maximum is 31622400 s (366 days)"],
    ['99999999999', undefined, "interval '99999999999' is too long: the maximum is 31622400 s (366 days)"],
    ['abc', undefined, "interval 'abc' is not a number of seconds"],
    ['0', undefined, "interval '0' is too short: the minimum is 0.1 s"],
    ['-1', undefined, "interval '-1' cannot be negative: the minimum is 0.1 s"],
    ['-.5', undefined, "interval '-.5' cannot be negative: the minimum is 0.1 s"],
    ['0.01', undefined, "interval '0.01' is too short: the minimum is 0.1 s"],
    ['1e3', undefined, "interval '1e3' is not a number of seconds"],
    ['1', '0', "count '0' is not a whole number of samples of at least 1"],
    ['1', '-2', "count '-2' is not a whole number of samples of at least 1"],
    ['1', '1.5', "count '1.5' is not a whole number of samples of at least 1"],
  ])('interval %p count %p: %s', (interval, count, message) => {
    expect(() => parseSamplingPlan(interval, count)).toThrow(new UsageError(message));
  });
});
