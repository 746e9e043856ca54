/**
 * Required-field checks of decoded messages.
 *
 * A singular sub-message may arrive in several pieces that protobuf merges,
 * so it is only complete once its parent is. Checks therefore run when a
 * value is complete: on the top-level message after decoding, and on each
 * repeated element and map value right after it is read. A check covers the
 * message's own required fields and recurses into its singular sub-messages
 * (repeated ones were checked as they were read).
 */
import type { MessageSchema } from "../schema.js";
import { Links, quote, readProp, Source } from "./codegen.js";
import { decodeRuntime, decodeRuntimePrelude } from "./decode-runtime.js";

/** Checks a decoded message; throws `ERR_CODEC_REQUIRED_FIELD` with the path of the first missing field. */
export type RequiredChecker = (message: object) => void;

const needs = new WeakMap<MessageSchema, boolean>();

/** True when `schema` or a singular sub-message (at any depth) declares a required field. */
export function needsRequiredCheck(schema: MessageSchema): boolean {
  let result = needs.get(schema);
  if (result !== undefined) return result;
  result = false;
  const seen = new Set<MessageSchema>();
  const stack = [schema];
  search: while (stack.length > 0) {
    const current = stack.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const field of current.fields) {
      if (field.label === "required") {
        result = true;
        break search;
      }
      if (field.kind === "message" && field.label !== "repeated") stack.push(field.messageType!);
    }
  }
  needs.set(schema, result);
  return result;
}

const checkers = new WeakMap<MessageSchema, RequiredChecker>();

/** The compiled (and cached) required-field checker of `schema`. */
export function requiredChecker(schema: MessageSchema): RequiredChecker {
  let checker = checkers.get(schema);
  if (checker) return checker;
  const links = new Links<MessageSchema>("c", 1);
  const body = new Source().add("var v;");
  // One pass in declaration order, so the first missing field reported is the
  // first one validate.ts's findMissingRequired would list.
  for (const field of schema.fields) {
    const value = readProp("m", field.name);
    if (field.label === "required") {
      body.add(`if (${value} === undefined) throw required(${quote(field.name)});`);
    }
    if (field.kind === "message" && field.label !== "repeated" && needsRequiredCheck(field.messageType!)) {
      const check = links.ref(field.messageType!);
      body.add(
        `v = ${value};`,
        `if (v !== undefined) { try { ${check}(v); } catch (err) { throw within(err, ${quote(field.name)}); } }`,
      );
    }
  }
  const source = new Source().add(
    '"use strict";',
    decodeRuntimePrelude,
    links.declarations("C"),
    "return function (m) {",
    body.toString(),
    "};",
  );
  const factory = new Function("rt", "C", source.toString()) as (
    rt: unknown,
    resolve: (i: number) => RequiredChecker,
  ) => RequiredChecker;
  checker = factory(decodeRuntime, (i) => requiredChecker(links.targets[i]!));
  checkers.set(schema, checker);
  return checker;
}
