export function median(values) {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function mean(values) {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * Orders of 0..n-1, one per round, in which every item comes right after every other item
 * equally often (a Williams design): whatever one variant leaves behind (garbage to collect,
 * idle sockets) then lands on each of the others alike. Plain rotations keep the cyclic
 * order, so each variant always followed the same one. n rows for an even n, 2n for an odd n.
 */
export function balancedOrders(n) {
  const first = [0];
  for (let low = 1, high = n - 1; first.length < n; ) {
    first.push(low++);
    if (first.length < n) first.push(high--);
  }
  const rows = Array.from({ length: n }, (_, shift) => first.map((item) => (item + shift) % n));
  return n % 2 === 0 ? rows : [...rows, ...rows.map((row) => [...row].reverse())];
}

/** Runs `task(i)` for i in 0..count-1 with at most `concurrency` in flight. */
export async function runPool(count, concurrency, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/**
 * Runs `measure(variant)` for every variant in each of `rounds` rounds, after one discarded
 * warm-up round, in balanced orders (above). Returns each measured round's results as a Map
 * from variant name to what `measure` gave.
 */
export async function interleavedRounds(variants, rounds, measure) {
  const orders = balancedOrders(variants.length);
  const measured = [];
  for (let round = -1; round < rounds; round++) {
    const order = orders[(round + orders.length) % orders.length].map((index) => variants[index]);
    const results = new Map();
    for (const variant of order) results.set(variant.name, await measure(variant));
    if (round >= 0) measured.push(results);
  }
  return measured;
}
