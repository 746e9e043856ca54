/**
 * A throwaway certificate authority for TLS tests, made with the openssl
 * command: a CA, a server certificate for 127.0.0.1 and a client certificate.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** PEM texts of a CA, a server key pair for 127.0.0.1/localhost, and a client key pair. */
export interface TestCertificates {
  readonly ca: string;
  readonly serverKey: string;
  readonly serverCert: string;
  readonly clientKey: string;
  readonly clientCert: string;
}

/** Makes fresh certificates (takes well under a second). */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "mesos-tls-"));
  const openssl = (...args: string[]): void => {
    execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  };
  try {
    openssl(
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=test-ca",
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
    );
    writeFileSync(join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    for (const name of ["server", "client"]) {
      openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        `/CN=${name}`,
        "-keyout",
        `${name}.key`,
        "-out",
        `${name}.csr`,
      );
      openssl(
        "x509",
        "-req",
        "-in",
        `${name}.csr`,
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-out",
        `${name}.pem`,
        ...(name === "server" ? ["-extfile", "server.ext"] : []),
      );
    }
    const read = (file: string): string => readFileSync(join(dir, file), "utf8");
    return {
      ca: read("ca.pem"),
      serverKey: read("server.key"),
      serverCert: read("server.pem"),
      clientKey: read("client.key"),
      clientCert: read("client.pem"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
