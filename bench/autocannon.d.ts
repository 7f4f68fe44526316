// The subset of autocannon's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  interface Percentiles {
    mean: number;
    p50: number;
    p99: number;
    max: number;
  }

  interface Options {
    url: string;
    method?: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    pipelining?: number;
    /** Seconds. */
    duration?: number;
    /** Seconds before a request counts as timed out. */
    timeout?: number;
  }

  interface Result {
    requests: Percentiles;
    /** Milliseconds. */
    latency: Percentiles;
    '2xx': number;
    non2xx: number;
    errors: number;
    timeouts: number;
    /** Seconds actually run. */
    duration: number;
    statusCodeStats: Record<string, { count: number }>;
  }

  /** The run; also an emitter of each response's status and latency (ms). */
  interface Instance extends PromiseLike<Result> {
    on(
      event: 'response',
      listener: (client: unknown, statusCode: number, bytes: number, ms: number) => void,
    ): this;
  }

  function autocannon(options: Options): Instance;
  export default autocannon;
}
