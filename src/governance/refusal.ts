import { UsageLimitExceededError } from '../domain/errors.js';
import type { Identity } from '../domain/identity.js';
import type { Operation } from '../domain/operations.js';
import { formatUsd } from '../domain/money.js';
import { limitName, type QuotaCounter } from './quota-counters.js';

const WINDOW_WORDS: Record<QuotaCounter['metric'], string> = {
  requestsPerDay: 'daily request limit',
  requestsPerMonth: 'monthly request limit',
  tokensPerDay: 'daily token limit',
  budgetUsdPerDay: 'daily budget',
  budgetUsdPerMonth: 'monthly budget',
  maxConcurrent: 'concurrent request limit',
  requestsPerMinute: 'per-minute request limit',
};

function show(counter: QuotaCounter, value: number): string {
  return counter.unit === 'usd' ? formatUsd(value) : String(value);
}

function inWords(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

/** The call a refusal is about: what its worst case was reserved for. */
export interface RefusedCall {
  operation: Operation;
  /** max_tokens of the reservation that did not fit. */
  maxTokens: number;
}

/**
 * The refusal for a breached counter: names the limit, its value, current use and the reset. When
 * the limit still has room but not for this call's worst case (a dollar budget or token limit
 * reserves input + max_tokens up front), it says so, with the call's reservation and how to shrink it.
 */
export function refusalFor(counter: QuotaCounter, current: number, identity: Identity, now: Date, call?: RefusedCall): UsageLimitExceededError {
  const limit = counter.limit ?? 0;
  const who = counter.scope === 'user' ? `user "${identity.userId}" of organisation "${identity.orgId}"` : `organisation "${identity.orgId}"`;
  const what = `${counter.operation ? `${counter.operation} ` : ''}${WINDOW_WORDS[counter.metric]}`;
  const reserves = counter.unit === 'usd' || counter.unit === 'tokens';
  const reserved = reserves ? ' or reserved by requests in progress' : '';
  const reset = counter.resetsAt
    ? ` It resets at ${counter.resetsAt.toISOString()} (in ${inWords(counter.resetsAt.getTime() - now.getTime())}).`
    : ' A slot frees up when a running request of yours finishes.';
  let message: string;
  if (reserves && current < limit) {
    const worstCase = counter.unit === 'usd' ? `worst-case cost of ${show(counter, counter.amount)}` : `worst case of ${show(counter, counter.amount)} tokens`;
    const tokens = call ? `its input and up to ${call.maxTokens} output tokens` : 'its input and max_tokens';
    const knob = call ? `\`maxTokens.${call.operation}\`` : '`maxTokens` for the operation';
    message = `Refused: this call's ${worstCase} (${tokens}) would exceed what is left of the ${what} of ${who} — ${limitName(counter)} = ${show(counter, limit)}, ${show(counter, current)} used${reserved}, ${show(counter, limit - current)} left.${reset} Raise the limit under \`plans\` in the config file, lower ${knob} in the config file, or wait for the reset.`;
  } else {
    const needed = reserves ? ` (this request needs up to ${show(counter, counter.amount)})` : '';
    message = `Refused: the ${what} of ${who} is reached — ${limitName(counter)} = ${show(counter, limit)}, ${show(counter, current)} used${reserved}${needed}.${reset} Raise the limit under \`plans\` in the config file, or wait.`;
  }
  const retryAfterSeconds = counter.resetsAt ? Math.max(1, Math.ceil((counter.resetsAt.getTime() - now.getTime()) / 1000)) : 5;
  return new UsageLimitExceededError(
    {
      limit: limitName(counter),
      scope: counter.scope,
      value: counter.unit === 'usd' ? limit / 1_000_000 : limit,
      current: counter.unit === 'usd' ? current / 1_000_000 : current,
      unit: counter.unit,
      ...(counter.resetsAt ? { resetsAt: counter.resetsAt.toISOString() } : {}),
    },
    message,
    retryAfterSeconds,
  );
}
