/**
 * Recognises the "union" pattern Mesos (and others) use instead of `oneof`: a
 * singular enum field `type`, plus one optional field per enum value named
 * after the value in lower case (`SUBSCRIBE` → `subscribe`). Derived from the
 * structure alone, never from message names.
 */
import type { EnumIR, FieldIR, UnionIR } from "./types.js";

const DISCRIMINATOR = "type";
const PLACEHOLDER_VALUE = /(^|_)(UNKNOWN|UNSPECIFIED)$/;

/** The union pattern of a message, or undefined when the message does not follow it. */
export function detectUnion(
  fields: readonly FieldIR[],
  findEnum: (name: string) => EnumIR | undefined,
): UnionIR | undefined {
  const discriminator = fields.find(
    (f) => f.name === DISCRIMINATOR && f.label !== "repeated" && f.type.kind === "enum",
  );
  if (!discriminator || discriminator.type.kind !== "enum" || discriminator.oneof) return undefined;
  const enumIR = findEnum(discriminator.type.ref);
  if (!enumIR) return undefined;

  const byName = new Map(fields.map((f) => [f.name, f]));
  const members = enumIR.values.map((v) => {
    const field = byName.get(v.name.toLowerCase());
    const usable =
      field && field !== discriminator && field.label === "optional" && !field.oneof && field.type.kind !== "map";
    return { value: v.name, field: usable ? field.name : undefined, comment: v.comment };
  });
  const candidates = enumIR.values.filter((v) => !PLACEHOLDER_VALUE.test(v.name)).length;
  const matched = members.filter((m) => m.field !== undefined).length;
  // At least two payload fields, covering at least half of the meaningful values.
  if (matched < 2 || matched * 2 < candidates) return undefined;
  return {
    discriminator: DISCRIMINATOR,
    discriminatorRequired: discriminator.label === "required",
    enumName: enumIR.fullName,
    members,
  };
}
