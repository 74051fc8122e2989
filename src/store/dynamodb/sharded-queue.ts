import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { GSI1 } from './table-keys.js';
import { dynamoCall, type DynamoTable } from './dynamo-table.js';

type Item = Record<string, unknown>;

interface ShardCursor {
  partition: string;
  buffer: Item[];
  startKey: Item | undefined;
  exhausted: boolean;
}

export interface QueueScan {
  /** The index partitions (shards) of one queue. */
  partitions: string[];
  /** Only items whose index sort key is below (`<`) or at most (`<=`) `bound`. */
  below: { bound: string; inclusive: boolean };
  pageSize: number;
}

/**
 * Yields the items of several index shards merged in sort-key order (oldest first), paging each
 * shard lazily, so a caller can stop as soon as it has claimed enough. Items come from the sparse
 * index and may be slightly stale; callers confirm each with a conditional write.
 */
export async function* mergedQueue(table: DynamoTable, action: string, scan: QueueScan): AsyncGenerator<Item> {
  const cursors: ShardCursor[] = scan.partitions.map((partition) => ({ partition, buffer: [], startKey: undefined, exhausted: false }));
  const fill = async (cursor: ShardCursor): Promise<void> => {
    while (cursor.buffer.length === 0 && !cursor.exhausted) {
      const page = await dynamoCall(table, action, () => table.doc.send(new QueryCommand({
        TableName: table.tableName,
        IndexName: GSI1,
        KeyConditionExpression: `gsi1pk = :p AND gsi1sk ${scan.below.inclusive ? '<=' : '<'} :b`,
        ExpressionAttributeValues: { ':p': cursor.partition, ':b': scan.below.bound },
        ScanIndexForward: true,
        Limit: scan.pageSize,
        ExclusiveStartKey: cursor.startKey,
      })));
      cursor.buffer.push(...(page.Items ?? []));
      cursor.startKey = page.LastEvaluatedKey;
      cursor.exhausted = page.LastEvaluatedKey === undefined;
    }
  };
  for (;;) {
    await Promise.all(cursors.map(fill));
    let next: ShardCursor | undefined;
    for (const cursor of cursors) {
      const head = cursor.buffer[0];
      if (head === undefined) continue;
      if (next === undefined || String(head['gsi1sk']) < String(next.buffer[0]?.['gsi1sk'])) next = cursor;
    }
    const item = next?.buffer.shift();
    if (item === undefined) return;
    yield item;
  }
}
