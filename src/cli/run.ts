/** Entry point for running the CLI from sources (`node --import tsx src/cli/run.ts ...`), used by tests and dev. */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
