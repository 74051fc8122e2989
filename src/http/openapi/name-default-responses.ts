import { STATUS_CODES } from 'node:http';

type Doc = { paths?: Record<string, Record<string, { responses?: Record<string, { description?: string }> }>> };

/** Responses without a description of their own get the HTTP reason phrase instead of "Default Response". */
export function nameDefaultResponses<T extends object>(document: T): T {
  const doc = document as Doc;
  for (const item of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(item)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (response.description === 'Default Response') response.description = STATUS_CODES[Number(status)] ?? status;
      }
    }
  }
  return document;
}
