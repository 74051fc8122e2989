import { truncate } from './naming.js';
import type { Material } from './read-material.js';

export interface CostEstimate {
  requestsPerMonth: number;
  totalUsd: number;
  lambdaUsd: number;
  breakdown: Array<{ item: string; monthlyUsd: number; basis: string }>;
  assumptions: string[];
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** A list-price estimate (us-east-1) of a serverless system of `services` services at the material's volume. */
export function estimateServerlessCost(material: Material, services: number): CostEstimate {
  // Business events (bookings, orders) cause a few API requests each; a stated peak rate is about three times the average.
  const requestsFor = (volume: { what: string; perMonth: number }): number => {
    if (!/request|call|hit/.test(volume.what)) return volume.perMonth * 3;
    return /peak/.test(volume.what) ? volume.perMonth / 3 : volume.perMonth;
  };
  const stated = material.monthlyVolumes.reduce((max, volume) => Math.max(max, requestsFor(volume)), 0);
  const requestsPerMonth = stated > 0 ? Math.round(Math.min(stated, 5_000_000_000)) : 1_000_000;
  const millions = requestsPerMonth / 1_000_000;
  const lambdaUsd = round2(millions * 0.2 + millions * 1_000_000 * 0.2 * 0.512 * 0.0000166667);
  const apiUsd = round2(millions * 3.5);
  const dynamoUsd = round2(millions * 0.5 * 1.25 + millions * 0.5 * 0.25 + services * 2.5);
  const eventsUsd = round2(millions * 0.5 * 1);
  const logsUsd = round2(Math.max(1, millions * 0.5 * 0.5));
  const breakdown = [
    { item: 'Lambda compute', monthlyUsd: lambdaUsd, basis: `${requestsPerMonth.toLocaleString('en-US')} invocations, 200 ms at 512 MB` },
    { item: 'API Gateway requests', monthlyUsd: apiUsd, basis: 'REST API at $3.50 per million requests' },
    { item: 'DynamoDB on-demand', monthlyUsd: dynamoUsd, basis: 'one write and one read per two requests, plus storage' },
    { item: 'EventBridge events', monthlyUsd: eventsUsd, basis: 'one event per two requests' },
    { item: 'CloudWatch Logs', monthlyUsd: logsUsd, basis: 'about 0.5 GB of logs per million requests' },
  ];
  return {
    requestsPerMonth,
    lambdaUsd,
    totalUsd: round2(breakdown.reduce((sum, line) => sum + line.monthlyUsd, 0)),
    breakdown,
    assumptions: [
      stated > 0 ? truncate(`${requestsPerMonth.toLocaleString('en-US')} API requests per month, from the volumes stated (${material.monthlyVolumes.slice(0, 3).map((v) => `${v.what}: ${v.perMonth.toLocaleString('en-US')} per month`).join('; ')}), at about three requests per business event and a peak three times the average.`, 500) : 'No volume is stated: 1 million API requests per month assumed.',
      'AWS on-demand list prices in us-east-1, no free tier.',
    ],
  };
}
