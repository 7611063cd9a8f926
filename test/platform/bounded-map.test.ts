import { describe, expect, test } from 'vitest';
import { BoundedMap } from '../../src/platform/bounded-map.js';

describe('a bounded map forgets its oldest entries', () => {
  test('beyond its capacity, in the order keys were first set; a re-set keeps its place', () => {
    const map = new BoundedMap<string, number>(3);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    map.set('a', 10);
    expect(map.get('a')).toBe(10);
    map.set('d', 4);
    expect([map.get('a'), map.get('b'), map.get('c'), map.get('d')]).toEqual([undefined, 2, 3, 4]);
    expect(map.size).toBe(3);
  });

  test('deleted keys free their room and are skipped when their turn to be evicted comes', () => {
    const map = new BoundedMap<number, number>(2);
    map.set(1, 1);
    map.set(2, 2);
    map.delete(1);
    map.set(3, 3);
    expect(map.size).toBe(2);
    map.set(4, 4);
    expect([map.get(2), map.get(3), map.get(4)]).toEqual([undefined, 3, 4]);
  });

  test('stays flat over many times its capacity (a simulated day sets millions of message ids)', () => {
    const map = new BoundedMap<number, number>(1_000);
    for (let key = 0; key < 200_000; key++) map.set(key, key);
    expect(map.size).toBe(1_000);
    expect(map.get(198_999)).toBeUndefined();
    expect(map.get(199_000)).toBe(199_000);
  });
});
