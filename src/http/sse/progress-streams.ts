import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { AIIntegration, Progress } from '../../app/ai-integration.js';
import type { AnalysisResult, GenerationResult } from '../../app/results.js';
import type { Identity } from '../../domain/identity.js';
import { isTerminal, type Status } from '../../domain/status.js';
import { finalProgress, type ProgressSeen } from './final-progress.js';

export type StreamKind = 'analysis' | 'generation';

/** The `data` of a last `error` event: why the stream ends before `done`. */
export interface StreamNotice {
  error: { code: string; message: string };
}

/** Milliseconds an EventSource waits before reconnecting to a stream closed by a shutdown. */
const RECONNECT_AFTER_MS = 2_000;

export interface ProgressStreamRequest {
  kind: StreamKind;
  id: string;
  identity: Identity;
  /** Called once the resource is known to exist for this identity; returns the raw response to write to. */
  begin: () => ServerResponse;
}

export interface ProgressStreams {
  /**
   * Streams server-sent events for one analysis or generation: `status` now, then each progress event
   * (`status`, `tokens`, `waiting`, `validation`, `repair`), and `done` with the full result when it is terminal,
   * after which the stream closes. A stream that watched the run reports the final token count (and a
   * generation's validation) before `done` even when the run did not report them as it went. Throws
   * NotFoundError (before anything is written) for a resource the identity may not see.
   */
  open(request: ProgressStreamRequest): Promise<void>;
  /**
   * Ends every open stream (server shutdown), each with a last `error` event carrying `notice` and a
   * `retry:` hint, so its client knows to reconnect (to another instance, or this one once restarted).
   */
  closeAll(notice?: StreamNotice): void;
  size(): number;
}

export interface ProgressStreamsOptions {
  app: Pick<AIIntegration, 'getAnalysis' | 'getGeneration' | 'onProgress'>;
  logger: Logger;
  /** How often the store is read as well, for jobs that run in another process; default 1 s. */
  pollMs?: number;
  /** Comment lines that keep proxies from closing an idle stream; default 15 s. */
  keepAliveMs?: number;
}

export function createProgressStreams(options: ProgressStreamsOptions): ProgressStreams {
  const { app, logger } = options;
  const pollMs = options.pollMs ?? 1_000;
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const open = new Set<(notice?: StreamNotice) => void>();

  return {
    size: () => open.size,
    closeAll(notice) {
      for (const end of [...open]) end(notice);
    },
    async open({ kind, id, identity, begin }) {
      const load = (): Promise<AnalysisResult | GenerationResult> =>
        kind === 'analysis' ? app.getAnalysis(identity, id) : app.getGeneration(identity, id);
      const first = await load();
      const res = begin();
      let closed = false;
      let lastStatus: Status = first.status;
      let refreshing = false;
      const timers: NodeJS.Timeout[] = [];
      let unsubscribe = (): void => undefined;

      const write = (text: string): void => {
        if (!closed) res.write(text);
      };
      const send = (event: string, data: unknown): void => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const end = (notice?: StreamNotice): void => {
        if (closed) return;
        if (notice) write(`retry: ${RECONNECT_AFTER_MS}\nevent: error\ndata: ${JSON.stringify(notice)}\n\n`);
        closed = true;
        unsubscribe();
        for (const timer of timers) clearInterval(timer);
        open.delete(end);
        res.end();
      };
      const seen: ProgressSeen = { outputTokens: null, validation: false };
      const watchedRun = !isTerminal(first.status);
      const finish = (result: AnalysisResult | GenerationResult): void => {
        if (watchedRun) for (const progress of finalProgress(result, seen)) send(progress.type, progress);
        send('done', result);
        end();
      };
      const refresh = async (): Promise<void> => {
        if (refreshing || closed) return;
        refreshing = true;
        try {
          const current = await load();
          if (current.status !== lastStatus && !isTerminal(lastStatus)) {
            lastStatus = current.status;
            send('status', { type: 'status', id, status: current.status });
          }
          if (isTerminal(current.status)) finish(current);
        } catch (error) {
          logger.error({ err: error, id }, 'reading progress for an event stream failed; closing it');
          send('error', { error: { code: 'unavailable', message: 'Progress could not be read; reconnect to resume.' } });
          end();
        } finally {
          refreshing = false;
        }
      };

      open.add(end);
      res.on('close', () => end());
      send('status', { type: 'status', id, status: first.status });
      if (isTerminal(first.status)) {
        finish(first);
        return;
      }
      unsubscribe = app.onProgress(id, (progress: Progress) => {
        if (progress.type === 'status') {
          if (progress.status === lastStatus) return;
          lastStatus = progress.status;
        }
        if (progress.type === 'tokens') seen.outputTokens = progress.outputTokens;
        if (progress.type === 'validation') seen.validation = true;
        send(progress.type, progress);
        if (progress.type === 'status' && isTerminal(progress.status)) void refresh();
      });
      timers.push(setInterval(() => void refresh(), pollMs));
      timers.push(setInterval(() => write(': keep-alive\n\n'), keepAliveMs));
      // A change between the first read and the subscription would otherwise wait for the first poll.
      void refresh();
    },
  };
}
