/** Load runs of the HTTP benchmark: autocannon, with every response time kept at full precision. */
import type { IncomingHttpHeaders } from 'node:http';
import autocannon from 'autocannon';

export interface LoadResult {
  requests: number;
  non2xx: number;
  errors: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  /** Median of each `Server-Timing` step over the 2xx responses (when asked for), in ms. */
  steps: Record<string, number>;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Body of each request; called once per request (unique inputs defeat the cache). */
  body?: () => string;
  /** Collect the responses' `Server-Timing` steps. */
  serverTiming?: boolean;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** autocannon's own histogram keeps whole milliseconds; sub-millisecond overheads need the raw times. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const times: number[] = [];
  const steps = new Map<string, number[]>();
  const onResponse = (status: number, _body: string, _context: object, headers: IncomingHttpHeaders | undefined): void => {
    const header = headers?.['server-timing'];
    if (status < 200 || status >= 300 || typeof header !== 'string') return;
    for (const entry of header.split(', ')) {
      const [name, dur] = entry.split(';dur=');
      if (name && dur) steps.set(name, [...(steps.get(name) ?? []), Number(dur)]);
    }
  };
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
      ...(options.serverTiming ? { onResponse } : {}),
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
    steps: Object.fromEntries([...steps].map(([name, values]) => [name, percentile(values.sort((a, b) => a - b), 50)])),
  };
}
