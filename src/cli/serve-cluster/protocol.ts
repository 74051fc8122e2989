/**
 * What the `serve --processes n` primary and its workers say to each other over the cluster IPC
 * channel. Workers are the same CLI entry with the same arguments; this variable tells them apart
 * from a `serve` that merely runs under somebody else's cluster (a process manager).
 */
export const WORKER_ENV = 'SKAFU_AI_CLUSTER_WORKER';

/** A worker listens (its routes, job pool and outbox dispatcher are running). */
export interface ListeningMessage {
  type: 'skafu-ai:listening';
  url: string;
}

export function listeningMessage(url: string): ListeningMessage {
  return { type: 'skafu-ai:listening', url };
}

export function isListeningMessage(message: unknown): message is ListeningMessage {
  if (typeof message !== 'object' || message === null) return false;
  const { type, url } = message as Record<string, unknown>;
  return type === 'skafu-ai:listening' && typeof url === 'string';
}
