#!/usr/bin/env node
/**
 * Entry point of the `mini-mesos` command. It checks the Node version before
 * loading anything heavy, turns SIGINT and SIGTERM into a clean stop, and
 * exits with the code the command returns.
 */
// A module (for top-level await), though it exports nothing.
export {};

const MIN_NODE_MAJOR = 20;
const major = Number(process.versions.node.split(".")[0]);
if (major < MIN_NODE_MAJOR) {
  process.stderr.write(`mini-mesos needs Node.js ${MIN_NODE_MAJOR} or newer; this is ${process.version}.\n`);
  process.exit(1);
}

// Handlers go in before the cluster starts, so a signal during start-up also stops it cleanly.
const stopRequested = new Promise<string>((resolve) => {
  let stopping = false;
  const onSignal = (signal: string): void => {
    // A second signal while stopping means "now": give up on the clean stop.
    if (stopping) process.exit(1);
    stopping = true;
    resolve(signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
});

const { runCli } = await import("./cli-main.js");
const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  stopRequested,
});
process.exitCode = code;
// Everything is closed by now; should a stray handle remain, it must not keep the command alive.
setTimeout(() => process.exit(code), 2000).unref();
process.removeAllListeners("SIGINT");
process.removeAllListeners("SIGTERM");
