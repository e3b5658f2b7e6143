#!/usr/bin/env node
/**
 * The `secgov` executable.
 *
 * @module
 */
import { main } from './main.js';

// A reader that stops early (`secgov ... | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

void main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdoutIsTty: process.stdout.isTTY === true,
  stderrIsTty: process.stderr.isTTY === true,
}).then((code) => {
  process.exitCode = code;
});
