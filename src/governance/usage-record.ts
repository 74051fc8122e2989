import type { Identity } from '../domain/identity.js';
import type { TokenUsage } from '../domain/token-usage.js';
import type { LedgerStatus, RollupField, RollupIncrement, UsageRecord } from '../ports/store.js';
import { latencyBucketField } from './latency-histogram.js';
import { utcDay } from './windows.js';

/**
 * The roll-up scope of a user. Ids are escaped (a no-op for the ids API keys allow) so that a `:`
 * in an id cannot make two users of two organisations share one scope.
 */
export function userScope(identity: Identity): string {
  return `user:${encodeURIComponent(identity.orgId)}:${encodeURIComponent(identity.userId)}`;
}

export function orgScope(orgId: string): string {
  return `org:${encodeURIComponent(orgId)}`;
}

/** The ledger row of one call and the roll-ups it adds to, for the user and the organisation. */
export function usageRecord(args: {
  id: string;
  identity: Identity;
  operation: string;
  model: string;
  aggregateId: string | null;
  tokens: TokenUsage;
  costMicroUsd: number;
  latencyMs: number;
  status: LedgerStatus;
  now: Date;
}): UsageRecord {
  const { identity, tokens, status } = args;
  const fields: Partial<Record<RollupField, number>> = {
    inputTokens: tokens.input,
    outputTokens: tokens.output,
    cacheCreationTokens: tokens.cacheCreation,
    cacheReadTokens: tokens.cacheRead,
    costMicroUsd: args.costMicroUsd,
  };
  if (status === 'refused') {
    fields.refused = 1;
  } else {
    fields.requests = 1;
    fields[status === 'failed' ? 'failed' : 'successful'] = 1;
    if (status === 'cached') fields.cached = 1;
    fields.latencyMsSum = Math.round(args.latencyMs);
    fields.latencySamples = 1;
    fields[latencyBucketField(args.latencyMs)] = 1;
  }
  const day = utcDay(args.now);
  const rollups: RollupIncrement[] = [userScope(identity), orgScope(identity.orgId)].map((scope) => ({
    scope, day, operation: args.operation, model: args.model, fields,
  }));
  return {
    ledger: {
      id: args.id,
      orgId: identity.orgId,
      userId: identity.userId,
      operation: args.operation,
      model: args.model,
      aggregateId: args.aggregateId,
      tokens,
      costMicroUsd: args.costMicroUsd,
      latencyMs: Math.round(args.latencyMs),
      status,
      cached: status === 'cached',
      occurredAt: args.now.toISOString(),
    },
    rollups,
  };
}
