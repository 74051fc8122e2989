import { describe, expect, it } from 'vitest';
import { PrometheusRegistry } from './prometheus-registry.js';

describe('PrometheusRegistry', () => {
  it('writes counters, cumulative histogram buckets and gauges in the text format', async () => {
    const registry = new PrometheusRegistry();
    const requests = registry.counter('t_requests_total', 'Requests.');
    const latency = registry.histogram('t_latency_seconds', 'Latency.', [0.1, 0.01]);
    registry.gauge('t_depth', 'Depth.', async () => 3);
    requests.inc({ route: '/v1/analyses', status: '201' });
    requests.inc({ status: '201', route: '/v1/analyses' }, 2);
    latency.observe({ route: '/x' }, 0.005);
    latency.observe({ route: '/x' }, 0.05);
    latency.observe({ route: '/x' }, 5);
    const text = await registry.render();
    expect(text).toContain('# TYPE t_requests_total counter');
    expect(text).toContain('t_requests_total{route="/v1/analyses",status="201"} 3');
    expect(text).toContain('t_latency_seconds_bucket{route="/x",le="0.01"} 1');
    expect(text).toContain('t_latency_seconds_bucket{route="/x",le="0.1"} 2');
    expect(text).toContain('t_latency_seconds_bucket{route="/x",le="+Inf"} 3');
    expect(text).toContain('t_latency_seconds_count{route="/x"} 3');
    expect(text).toContain('t_depth 3');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('escapes label values', async () => {
    const registry = new PrometheusRegistry();
    registry.counter('t_total', 'T.').inc({ limit: 'a"b\\c\nd' });
    expect(await registry.render()).toContain('t_total{limit="a\\"b\\\\c\\nd"} 1');
  });
});
