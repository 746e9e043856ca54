/**
 * The agent's `--resources` and `--attributes` flags in their `;`-separated
 * text form (section 7.10): `cpus:4;mem:1024;ports:[31000-32000];cpus(web):1`
 * and `rack:r7;zone:3;ports:[1-5];slots:{a,b}`.
 */
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import { AgentFlagError } from "./errors.js";
import { offerOrder } from "./offer-order.js";
import { Resources } from "./resources.js";
import { validateRole } from "./roles.js";
import { validateResource } from "./validate.js";

/** Options of {@link parseResourcesFlag}. */
export interface ParseResourcesOptions {
  /** `offer` (default): the order a master offers them in (offer-order.ts); `flag`: as written, like `AgentInfo.resources`. */
  readonly order?: "offer" | "flag";
}

type ParsedValue =
  | { type: "SCALAR"; scalar: mesos.Value_Scalar }
  | { type: "RANGES"; ranges: mesos.Value_Ranges }
  | { type: "SET"; set: mesos.Value_Set }
  | { type: "TEXT"; text: mesos.Value_Text };

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * Parses `--resources`: `name[(role)]:value` pieces, where a role other than
 * `*` makes a STATIC reservation (post-refinement spelling); repeated
 * identities merge. Throws {@link AgentFlagError} naming the bad piece.
 */
export function parseResourcesFlag(text: string, options: ParseResourcesOptions = {}): mesos.Resource[] {
  const parsed: mesos.Resource[] = [];
  for (const piece of pieces(text, /;/)) {
    const fail = (code: AgentFlagError["code"], why: string): never => {
      throw new AgentFlagError(code, `Bad value for resources: ${why} in '${piece}'`, "resources", piece);
    };
    const parts = piece.split(":");
    if (parts.length !== 2) fail("ERR_FLAG_SYNTAX", "missing or extra ':'");
    const [head, valueText] = parts as [string, string];
    const { name, role } = splitNameAndRole(head, (why) => fail("ERR_FLAG_PARENTHESES", why));
    if (name === "") fail("ERR_FLAG_SYNTAX", "empty resource name");
    const roleError = validateRole(role);
    if (roleError !== undefined) fail("ERR_FLAG_ROLE", roleError);
    const value = parseValue(valueText, (why) => fail("ERR_FLAG_VALUE", why));
    if (value.type === "TEXT") fail("ERR_FLAG_TYPE", `value '${value.text.value}' of '${name}' is text`);
    const resource = { name, ...value } as mesos.Resource;
    if (role !== "*") resource.reservations = [{ type: "STATIC", role }];
    const invalid = validateResource(resource);
    if (invalid !== undefined) fail("ERR_FLAG_INVALID_RESOURCE", invalid);
    parsed.push(resource);
  }
  const merged = Resources.of(parsed).toArray();
  return options.order === "flag" ? merged : offerOrder(merged);
}

/**
 * Parses `--attributes`: `name:value` pieces separated by `;` or newlines; a
 * number is SCALAR, `[a-b,...]` RANGES, `{a,b}` SET, anything else TEXT.
 * Throws {@link AgentFlagError} naming the bad piece.
 */
export function parseAttributesFlag(text: string): mesos.Attribute[] {
  return pieces(text, /[;\n]/).map((piece) => {
    const fail = (code: AgentFlagError["code"], why: string): never => {
      throw new AgentFlagError(code, `Invalid attribute '${piece}': ${why}`, "attributes", piece);
    };
    // Only the first ':' separates: attribute values may contain more (e.g. URLs).
    const colon = piece.indexOf(":");
    if (colon < 0) fail("ERR_FLAG_SYNTAX", "expected name:value");
    const name = piece.slice(0, colon).trim();
    const valueText = piece.slice(colon + 1).trim();
    if (name === "" || valueText === "") fail("ERR_FLAG_SYNTAX", "empty name or value");
    const value = parseValue(valueText, (why) => fail("ERR_FLAG_VALUE", why));
    if (value.type === "RANGES" && value.ranges.range!.some((r) => r.begin > r.end)) {
      fail("ERR_FLAG_VALUE", "begin > end");
    }
    return { name, ...value } as mesos.Attribute;
  });
}

function pieces(text: string, separator: RegExp): string[] {
  return text
    .split(separator)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

function splitNameAndRole(head: string, fail: (why: string) => never): { name: string; role: string } {
  const open = head.indexOf("(");
  if (open < 0) {
    if (head.includes(")")) fail("mismatched parentheses");
    return { name: head.trim(), role: "*" };
  }
  const close = head.indexOf(")");
  if (close < open) fail("mismatched parentheses");
  if (head.slice(close + 1).trim() !== "") fail(`unexpected text after ')'`);
  return { name: head.slice(0, open).trim(), role: head.slice(open + 1, close).trim() };
}

/** Parses one value; spaces are insignificant in numbers, ranges and sets (`[1-2, 4-5]`), kept inside text. */
function parseValue(raw: string, fail: (why: string) => never): ParsedValue {
  const compact = raw.replace(/\s+/g, "");
  if (compact === "") fail("empty value");
  if (compact.startsWith("[")) {
    if (!compact.endsWith("]")) fail(`missing ']' in '${raw.trim()}'`);
    const range = items(compact.slice(1, -1)).map((item) => {
      const bounds = /^(\d+)-(\d+)$/.exec(item);
      if (bounds === null) return fail(`bad range '${item}' (expected begin-end)`);
      const [begin, end] = [BigInt(bounds[1]!), BigInt(bounds[2]!)];
      if (end > UINT64_MAX) fail(`range '${item}' exceeds uint64`);
      return { begin, end };
    });
    return { type: "RANGES", ranges: { range } };
  }
  if (compact.startsWith("{")) {
    if (!compact.endsWith("}")) fail(`missing '}' in '${raw.trim()}'`);
    return { type: "SET", set: { item: items(compact.slice(1, -1)) } };
  }
  if (NUMBER.test(compact)) return { type: "SCALAR", scalar: { value: Number(compact) } };
  return { type: "TEXT", text: { value: raw.trim() } };
}

function items(inner: string): string[] {
  return inner.split(",").filter((item) => item !== "");
}
