import ora, { type Ora } from 'ora';
import type { Progress } from '../app/ai-integration.js';
import type { CliIO } from './io.js';

/**
 * A spinner on stderr with the elapsed time and, for generations, the streamed token count.
 * Silent when stderr is not a terminal, so logs and pipes stay clean, and when the terminal reports
 * no width (a pseudo-terminal without a size): ora divides by the width to clear its line and would
 * loop for ever.
 */
export class ProgressReporter {
  private readonly spinner: Ora | null;
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private detail = '';

  constructor(io: CliIO, private readonly label: string) {
    this.spinner = io.stderr.isTTY && hasWidth(io.stderr) ? ora({ text: label, stream: io.stderr as NodeJS.WriteStream, discardStdin: false }) : null;
  }

  start(): void {
    if (!this.spinner) return;
    this.spinner.start();
    this.timer = setInterval(() => this.render(), 250);
    this.timer.unref();
  }

  update(progress: Progress): void {
    if (progress.type === 'tokens') this.detail = `${progress.outputTokens.toLocaleString('en-US')} tokens`;
    else if (progress.type === 'validation') this.detail = progress.valid ? 'validated' : `validation found ${progress.errors} error(s)`;
    else if (progress.type === 'repair') this.detail = 'asking Claude to fix the findings';
    this.render();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.spinner?.stop();
  }

  private render(): void {
    if (!this.spinner) return;
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    this.spinner.text = `${this.label} ${seconds}s${this.detail ? ` · ${this.detail}` : ''}`;
  }
}

function hasWidth(stream: object): boolean {
  const columns = (stream as { columns?: unknown }).columns;
  return typeof columns === 'number' && columns > 0;
}
