import { createHash } from 'node:crypto';

/**
 * What dynalite 4 lacks and the DynamoDB store needs: TransactWriteItems, UpdateTimeToLive and a
 * DescribeTimeToLive that reports it. Transactions are emulated on top of dynalite's own single-item
 * operations, so condition and update expressions are still evaluated by dynalite:
 *
 *  1. read every target item (the snapshot);
 *  2. check each condition by a no-op conditional write — re-Put the snapshot, or Delete the absent
 *     item — which changes nothing and fails exactly when the condition is false;
 *  3. if any failed: TransactionCanceledException with per-item CancellationReasons (and the old
 *     item when ReturnValuesOnConditionCheckFailure is ALL_OLD); else apply every write, restoring
 *     the snapshots if one is rejected.
 *
 * Isolation comes from the caller running every request, transactional or not, one at a time.
 */

export interface WireResponse {
  status: number;
  body: string;
}

/** Sends one DynamoDB JSON-protocol request (operation name, JSON body) to dynalite. */
export type DynamoWire = (operation: string, body: unknown) => Promise<WireResponse>;

type AttributeMap = Record<string, unknown>;

interface WriteOperation {
  TableName: string;
  Key?: AttributeMap;
  Item?: AttributeMap;
  ConditionExpression?: string;
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: AttributeMap;
  ReturnValuesOnConditionCheckFailure?: string;
}

type Action = 'ConditionCheck' | 'Put' | 'Delete' | 'Update';
const ACTIONS: Action[] = ['ConditionCheck', 'Put', 'Delete', 'Update'];
const MAX_ITEMS = 100;

interface PlannedWrite {
  action: Action;
  op: WriteOperation;
  key: AttributeMap;
  snapshot?: AttributeMap;
}

export function awsError(type: string, message: string, extra: Record<string, unknown> = {}): WireResponse {
  return { status: 400, body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message, Message: message, ...extra }) };
}

function isError(response: WireResponse, type: string): boolean {
  return response.status !== 200 && response.body.includes(`#${type}`);
}

/** Only the names and values an expression uses: DynamoDB rejects unused ones. */
function usedBy(expressions: (string | undefined)[], op: WriteOperation): Pick<WriteOperation, 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
  const text = expressions.filter(Boolean).join(' ');
  const pick = (map: Record<string, unknown> | undefined, pattern: RegExp): Record<string, unknown> | undefined => {
    if (!map) return undefined;
    const used = new Set(text.match(pattern) ?? []);
    const kept = Object.fromEntries(Object.entries(map).filter(([k]) => used.has(k)));
    return Object.keys(kept).length > 0 ? kept : undefined;
  };
  return {
    ExpressionAttributeNames: pick(op.ExpressionAttributeNames, /#[A-Za-z0-9_]+/g) as Record<string, string> | undefined,
    ExpressionAttributeValues: pick(op.ExpressionAttributeValues, /:[A-Za-z0-9_]+/g),
  };
}

export class TransactionEmulator {
  private readonly ttl = new Map<string, { AttributeName: string; TimeToLiveStatus: string }>();
  private readonly tokens = new Map<string, { digest: string; response: WireResponse }>();

  constructor(private readonly wire: DynamoWire) {}

  updateTimeToLive(body: { TableName: string; TimeToLiveSpecification: { Enabled: boolean; AttributeName: string } }): WireResponse {
    const spec = body.TimeToLiveSpecification;
    const current = this.ttl.get(body.TableName);
    if (spec.Enabled && current?.TimeToLiveStatus === 'ENABLED') return awsError('ValidationException', 'TimeToLive is already enabled');
    this.ttl.set(body.TableName, { AttributeName: spec.AttributeName, TimeToLiveStatus: spec.Enabled ? 'ENABLED' : 'DISABLED' });
    return { status: 200, body: JSON.stringify({ TimeToLiveSpecification: spec }) };
  }

  async describeTimeToLive(body: { TableName: string }): Promise<WireResponse> {
    const table = await this.wire('DescribeTable', { TableName: body.TableName });
    if (table.status !== 200) return table;
    return { status: 200, body: JSON.stringify({ TimeToLiveDescription: this.ttl.get(body.TableName) ?? { TimeToLiveStatus: 'DISABLED' } }) };
  }

  forgetTable(tableName: string): void {
    this.ttl.delete(tableName);
  }

  async transactWriteItems(body: { TransactItems?: Record<string, WriteOperation>[]; ClientRequestToken?: string }): Promise<WireResponse> {
    const digest = createHash('sha256').update(JSON.stringify(body.TransactItems ?? null)).digest('hex');
    if (body.ClientRequestToken) {
      const seen = this.tokens.get(body.ClientRequestToken);
      if (seen) return seen.digest === digest ? seen.response : awsError('IdempotentParameterMismatchException', 'The request uses the same client token as a previous, but non-identical request.');
    }
    const planned = await this.plan(body.TransactItems ?? []);
    const response = Array.isArray(planned) ? await this.execute(planned) : planned;
    if (body.ClientRequestToken && response.status === 200) this.tokens.set(body.ClientRequestToken, { digest, response });
    return response;
  }

  private async keyOf(action: Action, op: WriteOperation): Promise<AttributeMap | WireResponse> {
    if (action !== 'Put') return op.Key ?? awsError('ValidationException', `${action} needs a Key`);
    const described = await this.wire('DescribeTable', { TableName: op.TableName });
    if (described.status !== 200) return described;
    const schema = (JSON.parse(described.body) as { Table: { KeySchema: { AttributeName: string }[] } }).Table.KeySchema;
    return Object.fromEntries(schema.map((k) => [k.AttributeName, op.Item?.[k.AttributeName]]));
  }

  private async plan(items: Record<string, WriteOperation>[]): Promise<PlannedWrite[] | WireResponse> {
    if (items.length === 0 || items.length > MAX_ITEMS) {
      return awsError('ValidationException', `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length between 1 and ${MAX_ITEMS}`);
    }
    const planned: PlannedWrite[] = [];
    const seen = new Set<string>();
    for (const entry of items) {
      const actions = ACTIONS.filter((a) => entry[a] !== undefined);
      const action = actions[0];
      const op = action ? entry[action] : undefined;
      if (actions.length !== 1 || !action || !op) return awsError('ValidationException', 'TransactItems can only contain one of Check, Put, Update or Delete');
      const key = await this.keyOf(action, op);
      if ('status' in key && 'body' in key) return key as WireResponse;
      const identity = `${op.TableName}|${JSON.stringify(Object.entries(key).sort())}`;
      if (seen.has(identity)) return awsError('ValidationException', 'Transaction request cannot include multiple operations on one item');
      seen.add(identity);
      planned.push({ action, op, key });
    }
    return planned;
  }

  private async execute(planned: PlannedWrite[]): Promise<WireResponse> {
    for (const p of planned) {
      const read = await this.wire('GetItem', { TableName: p.op.TableName, Key: p.key, ConsistentRead: true });
      if (read.status !== 200) return read;
      p.snapshot = (JSON.parse(read.body) as { Item?: AttributeMap }).Item;
    }
    const reasons: Record<string, unknown>[] = [];
    for (const p of planned) {
      if (!p.op.ConditionExpression) {
        reasons.push({ Code: 'None' });
        continue;
      }
      const check = { TableName: p.op.TableName, ConditionExpression: p.op.ConditionExpression, ...usedBy([p.op.ConditionExpression], p.op) };
      const result = p.snapshot
        ? await this.wire('PutItem', { ...check, Item: p.snapshot })
        : await this.wire('DeleteItem', { ...check, Key: p.key });
      if (result.status === 200) reasons.push({ Code: 'None' });
      else if (isError(result, 'ConditionalCheckFailedException')) {
        const withItem = p.op.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && p.snapshot ? { Item: p.snapshot } : {};
        reasons.push({ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', ...withItem });
      } else return result;
    }
    if (reasons.some((r) => r['Code'] !== 'None')) {
      const codes = reasons.map((r) => String(r['Code'])).join(', ');
      return awsError('TransactionCanceledException', `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`, { CancellationReasons: reasons });
    }
    return this.apply(planned);
  }

  private async apply(planned: PlannedWrite[]): Promise<WireResponse> {
    const applied: PlannedWrite[] = [];
    for (const p of planned) {
      const { TableName } = p.op;
      let result: WireResponse = { status: 200, body: '{}' };
      if (p.action === 'Put') result = await this.wire('PutItem', { TableName, Item: p.op.Item });
      if (p.action === 'Delete') result = await this.wire('DeleteItem', { TableName, Key: p.key });
      if (p.action === 'Update') {
        result = await this.wire('UpdateItem', { TableName, Key: p.key, UpdateExpression: p.op.UpdateExpression, ...usedBy([p.op.UpdateExpression], p.op) });
      }
      if (result.status !== 200) {
        for (const done of applied.reverse()) {
          const restore = done.snapshot
            ? await this.wire('PutItem', { TableName: done.op.TableName, Item: done.snapshot })
            : await this.wire('DeleteItem', { TableName: done.op.TableName, Key: done.key });
          if (restore.status !== 200) throw new Error(`dynalite transaction emulation could not roll back: ${restore.body}`);
        }
        return result;
      }
      applied.push(p);
    }
    return { status: 200, body: '{}' };
  }
}
