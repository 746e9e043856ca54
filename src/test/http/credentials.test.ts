import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Credentials, readCredentialsFile } from "../../http/credentials.js";
import { MesosTransportError } from "../../http/errors.js";
import { thrown } from "../../../test/helpers/thrown.js";

describe("Credentials", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "creds-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("builds the exact Basic header Mesos checks", () => {
    const credentials = new Credentials({ principal: "fw", secret: "s3cr3t" });
    expect(credentials.authorization()).toBe(`Basic ${Buffer.from("fw:s3cr3t").toString("base64")}`);
  });

  it("never shows the secret in JSON, inspect or string form", () => {
    const credentials = new Credentials({ principal: "fw", secret: "s3cr3t" });
    for (const text of [
      JSON.stringify(credentials),
      inspect(credentials),
      String(credentials),
      inspect({ credentials }),
    ]) {
      expect(text).not.toContain("s3cr3t");
    }
  });

  it("refuses colons, which Mesos can never authenticate", () => {
    const error = thrown(MesosTransportError, () => new Credentials({ principal: "fw", secret: "a:b" }));
    expect(error.code).toBe("ERR_MESOS_CREDENTIALS");
    expect(error.message).not.toContain("a:b");
  });

  it("reads the Mesos credential file forms", async () => {
    const forms = {
      "plain.txt": "fw s3cr3t\n",
      "single.json": '{"principal":"fw","secret":"s3cr3t"}',
      "list.json": '{"credentials":[{"principal":"fw","secret":"s3cr3t"}]}',
    };
    for (const [name, text] of Object.entries(forms)) {
      await writeFile(join(dir, name), text);
      expect(readCredentialsFile(join(dir, name)).authorization()).toBe(
        `Basic ${Buffer.from("fw:s3cr3t").toString("base64")}`,
      );
    }
  });

  it("explains an unreadable or malformed file without echoing its content", async () => {
    await writeFile(join(dir, "bad.json"), '{"principal":"fw","secret":');
    await writeFile(join(dir, "bad.txt"), "only-one-word-s3cr3t");
    for (const name of ["missing", "bad.json", "bad.txt"]) {
      const error = thrown(MesosTransportError, () => readCredentialsFile(join(dir, name)));
      expect(error.code).toBe("ERR_MESOS_CREDENTIALS");
      expect(error.message).toContain(name);
      expect(error.message).not.toContain("s3cr3t");
    }
  });
});
