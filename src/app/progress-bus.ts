import { EventEmitter } from 'node:events';
import type { CallOptions, Progress } from './ai-integration.js';

/** In-process fan-out of progress per aggregate id (spinners, server-sent events). */
export class ProgressBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  emit(progress: Progress): void {
    this.emitter.emit(progress.id, progress);
  }

  subscribe(id: string, listener: (progress: Progress) => void): () => void {
    this.emitter.on(id, listener);
    return () => this.emitter.off(id, listener);
  }
}

/** Sends progress to the bus (other listeners) and to the caller's own callback. */
export function emit(bus: ProgressBus, options: CallOptions, progress: Progress): void {
  bus.emit(progress);
  options.onProgress?.(progress);
}
