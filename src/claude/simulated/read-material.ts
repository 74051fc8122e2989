import { parseUserContent } from '../prompts/user-content.js';

/** What the simulated model reads out of the user's material to make its answer about it. */
export interface Material {
  kind: string;
  /** All text of the material (string parts verbatim, JSON parts as found in them). */
  text: string;
  /** Parts by name, parsed as JSON where they are JSON. */
  parts: Record<string, unknown>;
  headings: string[];
  bullets: string[];
  /** Business entities named in the material, most mentioned first. */
  entities: string[];
  /** Volumes like "50,000 orders per day", normalised to a month. */
  monthlyVolumes: Array<{ what: string; perMonth: number }>;
  /** Lower-cased keywords of interest found in the text. */
  mentions: Set<string>;
}

const ENTITY_WORDS = [
  'order', 'payment', 'customer', 'user', 'product', 'inventory', 'invoice', 'notification', 'shipment',
  'cart', 'catalog', 'review', 'booking', 'appointment', 'account', 'subscription', 'report', 'document',
  'message', 'ticket', 'project', 'task', 'file', 'event', 'patient', 'course', 'student', 'vehicle',
  'reservation', 'listing', 'transaction', 'device', 'reading', 'article', 'comment', 'tenant', 'slot',
  'waitlist', 'calendar', 'refund', 'shift', 'warehouse', 'supplier', 'driver', 'delivery', 'menu',
];

const KEYWORDS = [
  'gdpr', 'hipaa', 'pci', 'soc 2', 'soc2', 'iso 27001', 'personal data', 'pii', 'encrypt', 'kms',
  'typescript', 'node', 'python', 'graphql', 'websocket', 'real-time', 'realtime', 'search', 'analytics',
  'authentication', 'login', 'oauth', 'cognito', 'sso', 'mfa', 'authoriz', 'api key',
  'cache', 'cdn', 'cloudfront', 'dlq', 'dead-letter', 'retry', 'idempot', 'monitor', 'alarm', 'cloudwatch',
  'x-ray', 'tracing', 'multi-az', 'multi-region', 'backup', 'disaster recovery', 'availability', 'sla',
  'latency', 'p99', 'throughput', 'load balancer', 'ec2', 'rds', 'aurora', 'dynamodb', 'lambda', 'sqs',
  'sns', 'eventbridge', 'step functions', 's3', 'nat gateway', 'vpc', 'waf', 'email', 'sms', 'upload',
  'ci/cd', 'pipeline', 'canary', 'blue/green', 'terraform', 'cloudformation', 'sam', 'monolith',
];

const UNIT_PER_MONTH: Record<string, number> = { second: 2_592_000, minute: 43_200, hour: 720, day: 30, week: 4.3, month: 1, year: 1 / 12 };

export function readMaterial(userContent: string): Material {
  const { kind, parts: rawParts, text: whole } = parseUserContent(userContent);
  const parts: Record<string, unknown> = {};
  const texts: string[] = [];
  for (const [name, raw] of Object.entries(rawParts)) {
    const parsed = parseJson(raw);
    parts[name] = parsed === undefined ? raw : parsed;
    texts.push(parsed === undefined ? raw : stringsIn(parsed).join('\n'));
  }
  const text = texts.length > 0 ? texts.join('\n') : whole;
  const lower = text.toLowerCase();
  return {
    kind,
    text,
    parts,
    headings: [...text.matchAll(/^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) => (m[1] ?? '').trim()).filter(Boolean).slice(0, 40),
    bullets: [...text.matchAll(/^\s*(?:[-*+]|\d+[.)])\s+(.+)$/gm)].map((m) => (m[1] ?? '').trim()).filter(Boolean).slice(0, 80),
    entities: entitiesIn(lower),
    monthlyVolumes: volumesIn(lower),
    mentions: new Set(KEYWORDS.filter((keyword) => lower.includes(keyword))),
  };
}

function parseJson(raw: string): unknown {
  const trimmed = raw.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined; // Not JSON after all: the part is read as text.
  }
}

/** Every string value (and object key) in a JSON value, depth first. */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      stringsIn(item, out);
    }
  }
  return out;
}

function entitiesIn(lower: string): string[] {
  const counts = ENTITY_WORDS
    .map((word) => ({ word, count: (lower.match(new RegExp(`\\b${word}(s|es)?\\b`, 'g')) ?? []).length }))
    .filter(({ count }) => count > 0);
  counts.sort((a, b) => b.count - a.count || ENTITY_WORDS.indexOf(a.word) - ENTITY_WORDS.indexOf(b.word));
  // A word named once is usually incidental ("the cancellation policy"); keep it only when nothing else is named.
  const repeated = counts.filter(({ count }) => count > 1);
  return (repeated.length > 0 ? repeated : counts).map(({ word }) => word);
}

function volumesIn(lower: string): Array<{ what: string; perMonth: number }> {
  const found: Array<{ what: string; perMonth: number }> = [];
  const pattern = /(\d[\d,.]*)\s*(k|m|thousand|million)?\s+([a-z-]+(?:\s[a-z-]+)?)\s+(?:per|a|an|each|\/)\s*(second|minute|hour|day|week|month|year)\b/g;
  for (const match of lower.matchAll(pattern)) {
    const base = Number((match[1] ?? '').replace(/,/g, ''));
    if (!Number.isFinite(base) || base <= 0) continue;
    const scale = match[2] === 'k' || match[2] === 'thousand' ? 1_000 : match[2] === 'm' || match[2] === 'million' ? 1_000_000 : 1;
    const unit = UNIT_PER_MONTH[match[4] ?? 'month'] ?? 1;
    found.push({ what: match[3] ?? 'requests', perMonth: Math.round(base * scale * unit) });
  }
  // Tables put the figure after the unit: "| bookings per day | 6,000 | 80,000 |" (the first column counts).
  const tabular = /([a-z][a-z ()+-]{2,40}?)\s+per\s+(second|minute|hour|day|week|month|year)\b[^|\n]*\|\s*(\d[\d,.]*)\s*(k|m)?\b/g;
  for (const match of lower.matchAll(tabular)) {
    const base = Number((match[3] ?? '').replace(/,/g, ''));
    if (!Number.isFinite(base) || base <= 0) continue;
    const scale = match[4] === 'k' ? 1_000 : match[4] === 'm' ? 1_000_000 : 1;
    found.push({ what: (match[1] ?? 'requests').trim(), perMonth: Math.round(base * scale * (UNIT_PER_MONTH[match[2] ?? 'month'] ?? 1)) });
  }
  return found.slice(0, 10);
}
