#!/usr/bin/env node
/**
 * Entry point of the `create-mesos-framework` command. It checks the Node
 * version before loading anything heavy, then dispatches to a command.
 */
const MIN_NODE_MAJOR = 20;
const major = Number(process.versions.node.split(".")[0]);
if (major < MIN_NODE_MAJOR) {
  process.stderr.write(
    `create-mesos-framework needs Node.js ${MIN_NODE_MAJOR} or newer; this is ${process.version}.\n`,
  );
  process.exit(1);
}

const { main } = await import("./main.js");
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
