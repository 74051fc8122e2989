/** Load runs of the HTTP benchmark: autocannon, with every response time kept at full precision. */
import autocannon from 'autocannon';

export interface LoadResult {
  requests: number;
  non2xx: number;
  errors: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Body of each request; called once per request (unique inputs defeat the cache). */
  body?: () => string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** autocannon's own histogram keeps whole milliseconds; sub-millisecond overheads need the raw times. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const times: number[] = [];
  let non2xx = 0;
  let finish: (result: autocannon.Result) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => { finish = resolve; fail = reject; });
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    requests: [{
      method: options.method ?? 'GET',
      setupRequest: (request) => (options.body ? { ...request, body: options.body() } : request),
    }],
  }, (error, result) => (error ? fail(error) : finish(result)));
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) times.push(responseTime);
    else non2xx += 1;
  });
  const result = await done;
  times.sort((a, b) => a - b);
  return {
    requests: times.length + non2xx,
    non2xx,
    errors: result.errors + result.timeouts,
    requestsPerSecond: times.length / options.seconds,
    p50: percentile(times, 50),
    p90: percentile(times, 90),
    p99: percentile(times, 99),
  };
}
