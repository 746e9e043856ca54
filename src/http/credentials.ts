/**
 * HTTP Basic credentials for Mesos. The secret is kept out of logs, JSON and
 * `util.inspect`; only the `Authorization` header value carries it.
 */
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { MesosTransportError } from "./errors.js";

/** A principal and its secret, as given in options. */
export interface CredentialsInput {
  readonly principal: string;
  readonly secret: string;
}

/** Validated credentials; printing them never shows the secret. */
export class Credentials {
  readonly principal: string;
  readonly #secret: string;

  constructor(input: CredentialsInput) {
    if (!input.principal) throw credentialsError("the principal is empty");
    // Mesos splits the decoded `principal:secret` on every colon and needs exactly two parts.
    if (input.principal.includes(":"))
      throw credentialsError("the principal contains ':', which Mesos cannot authenticate");
    if (input.secret.includes(":")) throw credentialsError("the secret contains ':', which Mesos cannot authenticate");
    this.principal = input.principal;
    this.#secret = input.secret;
  }

  /** The `Authorization` header value. */
  authorization(): string {
    return `Basic ${Buffer.from(`${this.principal}:${this.#secret}`, "utf8").toString("base64")}`;
  }

  toJSON(): { principal: string; secret: string } {
    return { principal: this.principal, secret: "[redacted]" };
  }

  [inspect.custom](): string {
    return `Credentials { principal: ${JSON.stringify(this.principal)}, secret: [redacted] }`;
  }
}

/**
 * Reads credentials from a file in one of the forms Mesos uses: JSON
 * `{"principal": "p", "secret": "s"}`, JSON `{"credentials": [{...}]}` (the
 * first entry), or text `principal secret` on the first non-empty line.
 */
export function readCredentialsFile(path: string): Credentials {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw credentialsError(`cannot read the credentials file ${path}: ${(error as Error).message}`, error);
  }
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw credentialsError(`the credentials file ${path} is not valid JSON`, error);
    }
    const entry = pickEntry(parsed);
    if (!entry) throw credentialsError(`the credentials file ${path} has no "principal" and "secret" strings`);
    return new Credentials(entry);
  }
  const line = trimmed.split("\n").find((l) => l.trim() !== "");
  const parts = line?.trim().split(/\s+/) ?? [];
  if (parts.length !== 2)
    throw credentialsError(`the credentials file ${path} must hold "principal secret" on its first line`);
  return new Credentials({ principal: parts[0]!, secret: parts[1]! });
}

function pickEntry(value: unknown): CredentialsInput | undefined {
  const record = value as { principal?: unknown; secret?: unknown; credentials?: unknown };
  if (typeof record?.principal === "string" && typeof record.secret === "string") {
    return { principal: record.principal, secret: record.secret };
  }
  if (Array.isArray(record?.credentials)) return pickEntry(record.credentials[0]);
  return undefined;
}

function credentialsError(detail: string, cause?: unknown): MesosTransportError {
  return new MesosTransportError("ERR_MESOS_CREDENTIALS", `Invalid credentials: ${detail}.`, { cause });
}
