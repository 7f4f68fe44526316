/** Latency figures of a set of samples, in the samples' unit. */
export interface Figures {
  p50: number;
  p99: number;
  max: number;
}

export const figuresOf = (samples: number[]): Figures => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
};

/**
 * Times two in-process calls, the baseline and the subject, each `iterations` times after a
 * warm-up, in alternating slices (A B, B A, …) so a change in machine speed hits both alike.
 * `call(i)` returns a number that is summed, so the work cannot be optimised away.
 * Returns the per-call times in microseconds.
 */
export function timeAlternating(
  calls: { baseline: (i: number) => number; subject: (i: number) => number },
  options: { warmup: number; iterations: number; slices: number },
): { baseline: number[]; subject: number[] } {
  let sink = 0;
  for (let i = 0; i < options.warmup; i++) sink += calls.subject(i) + calls.baseline(i);
  const samples = { baseline: [] as number[], subject: [] as number[] };
  const measure = (call: (i: number) => number, into: number[], count: number) => {
    for (let i = 0; i < count; i++) {
      const start = process.hrtime.bigint();
      sink += call(i);
      into.push(Number(process.hrtime.bigint() - start) / 1_000);
    }
  };
  const perSlice = Math.ceil(options.iterations / options.slices);
  for (let slice = 0; slice < options.slices; slice++) {
    if (slice % 2 === 0) {
      measure(calls.subject, samples.subject, perSlice);
      measure(calls.baseline, samples.baseline, perSlice);
    } else {
      measure(calls.baseline, samples.baseline, perSlice);
      measure(calls.subject, samples.subject, perSlice);
    }
  }
  if (sink === 0) throw new Error('nothing was measured');
  return samples;
}
