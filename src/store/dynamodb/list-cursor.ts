import { InvalidInputError } from '../../domain/errors.js';

interface CursorKey {
  /** The listing (index partition) the cursor belongs to. */
  p: string;
  pk: string;
  sk: string;
  gsi1sk: string;
}

/** An opaque page cursor: the index key of the last item returned, as base64url JSON. */
export function encodeListCursor(partition: string, item: Record<string, unknown>): string {
  const key: CursorKey = { p: partition, pk: String(item['pk']), sk: String(item['sk']), gsi1sk: String(item['gsi1sk']) };
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The ExclusiveStartKey of a cursor; refuses cursors that are malformed or from another listing. */
export function decodeListCursor(cursor: string, partition: string): Record<string, string> {
  const invalid = (): InvalidInputError => new InvalidInputError('The page cursor is not valid for this listing; start again without a cursor.', ['cursor']);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const key = parsed as Partial<CursorKey> | null;
  if (key?.p !== partition || typeof key.pk !== 'string' || typeof key.sk !== 'string' || typeof key.gsi1sk !== 'string') throw invalid();
  return { pk: key.pk, sk: key.sk, gsi1pk: partition, gsi1sk: key.gsi1sk };
}
