/** Runs the CLI from source (no build) so tests can spawn `skafu-ai serve` as its own process. */
import { main } from '../../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
