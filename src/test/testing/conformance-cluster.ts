/**
 * The cluster every conformance test runs against: agent A of
 * mesos-protocol.md section 9 on a virtual clock, simulated tasks, and no
 * strict mode (the cases misuse the protocol on purpose: stale offers,
 * unacknowledged updates, ...). Closed after each test.
 */
import { afterEach } from "vitest";
import { startMiniMesos, type MiniMesos, type MiniMesosOptions } from "../../testing/cluster.js";

/** Agent A of the conformance cases. */
export const AGENT_A = "cpus:4;mem:1024;disk:2048;ports:[31000-32000]";

/** Registers the cleanup and returns the function that starts a test's cluster. */
export function conformanceCluster(
  beforeClose: () => void | Promise<void> = () => {},
): (options?: MiniMesosOptions) => Promise<MiniMesos> {
  let cluster: MiniMesos | undefined;
  afterEach(async () => {
    await beforeClose();
    await cluster?.close();
    cluster = undefined;
  });
  return async (options = {}) => {
    cluster = await startMiniMesos({
      agents: [{ resources: AGENT_A }],
      clock: "virtual",
      taskMode: "inline",
      strict: false,
      ...options,
    });
    return cluster;
  };
}
