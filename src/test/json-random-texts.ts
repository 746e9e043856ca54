/**
 * Random JSON texts for the property tests of the JSON decoders: what Mesos
 * would write for a schema, with perturbations (wrong kinds, nulls, unknown
 * keys, keys out of order, numbers JSON.parse reads differently).
 */
import fc from "fast-check";
import type { FieldSchema, MessageSchema } from "../codec/schema.js";
import { fieldTarget } from "../codec/json/field-target.js";

const NUMBER_TOKENS = [
  "0",
  "-0",
  "1",
  "-1",
  "1.5",
  "-2.9",
  "4294967295",
  "4294967297",
  "1e21",
  "1E+2",
  "2.5e-7",
  "1e400",
  "-1e400",
  "9007199254740991",
  "9007199254740992",
  "9007199254740993",
  "-9007199254740993",
  "9223372036854775807",
  "-9223372036854775808",
  "9223372036854775808",
  "18446744073709551615",
  "1795631143454676123",
  "1795631143454676124",
  "1.7956311434546762e18",
  "1795631143454676123.5",
  "9999999999999999999",
  "10000000000000000001",
];
const STRING_TOKENS = [
  '""',
  '"x"',
  '"Infinity"',
  '"-Infinity"',
  '"NaN"',
  '" 42\\n"',
  '"true"',
  '"false"',
  '"1795631143454676123"',
  '"a 1795631143454676124 b"',
  '"x 1e999 y"',
  '"\\ud800"',
  '"AQID"',
  '"A Q=="',
  '"AQ_D"',
  '"é😀"',
  '"\\u00e9"',
];

const numberToken = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NUMBER_TOKENS) },
  { weight: 2, arbitrary: fc.integer().map(String) },
  { weight: 2, arbitrary: fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map(String) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)) },
);
const stringToken = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...STRING_TOKENS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)) },
);

/** Any JSON value, as text. */
const anyToken: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    numberToken,
    stringToken,
    fc.constantFrom("true", "false", "null"),
    fc.array(tie("value"), { maxLength: 3 }).map((items) => `[${items.join(",")}]`),
    fc
      .uniqueArray(fc.tuple(fc.constantFrom("a", "value", "x_y"), tie("value")), {
        maxLength: 3,
        selector: ([key]) => key,
      })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`),
  ),
})).value;

/** A plausible value text of one element of `field`, or now and then anything. */
function elementToken(field: FieldSchema, depth: number): fc.Arbitrary<string> {
  const target = fieldTarget(field);
  let plausible: fc.Arbitrary<string>;
  if (target.kind === "message") {
    plausible = depth > 0 ? messageText(target.messageType, depth - 1) : fc.constant("{}");
  } else if (target.kind === "enum") {
    const names = target.enumType.values.map((v) => JSON.stringify(v.name));
    plausible = fc.constantFrom(...names, '"BOGUS"');
  } else {
    switch (target.scalar) {
      case "string":
        plausible = stringToken;
        break;
      case "bytes":
        plausible = fc.oneof(
          fc.uint8Array({ maxLength: 20 }).map((b) => `"${Buffer.from(b).toString("base64")}"`),
          stringToken,
        );
        break;
      case "bool":
        plausible = fc.constantFrom("true", "false", '"true"', '"false"');
        break;
      default:
        plausible = fc.oneof({ weight: 4, arbitrary: numberToken }, { weight: 1, arbitrary: stringToken });
    }
  }
  return fc.oneof({ weight: 12, arbitrary: plausible }, { weight: 1, arbitrary: anyToken });
}

/** A plausible value text of `field`: arrays for repeated fields (mostly), objects for maps. */
function fieldToken(field: FieldSchema, depth: number): fc.Arbitrary<string> {
  const one = elementToken(field, depth);
  if (field.kind === "map") {
    const key =
      field.mapKey === "string"
        ? fc.constantFrom("a", "b", "__proto__", "cpus")
        : fc.constantFrom("1", "007", "-1", "true", "18446744073709551615", "x");
    const map = fc
      .uniqueArray(
        fc.tuple(key, fc.oneof({ weight: 8, arbitrary: one }, { weight: 1, arbitrary: fc.constant("null") })),
        { maxLength: 3, selector: ([k]) => k },
      )
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`);
    return fc.oneof({ weight: 8, arbitrary: map }, { weight: 1, arbitrary: map.map((m) => `[${m}]`) });
  }
  if (field.label !== "repeated") return one;
  const items = fc.array(fc.oneof({ weight: 12, arbitrary: one }, { weight: 1, arbitrary: fc.constant("null") }), {
    minLength: 1,
    maxLength: 4,
  });
  return fc.oneof(
    { weight: 10, arbitrary: items.map((list) => `[${list.join(",")}]`) },
    { weight: 1, arbitrary: one },
    { weight: 1, arbitrary: fc.constant("[]") },
    { weight: 1, arbitrary: items.map((list) => `[[${list.join(",")}]]`) },
  );
}

/**
 * A text of a `schema` message: the fields in declaration order (as Mesos
 * writes them) or shuffled, now and then with unknown keys and nulls.
 */
export function messageText(schema: MessageSchema, depth: number): fc.Arbitrary<string> {
  const entries = schema.fields.map((field) => {
    const value = fc
      .oneof({ weight: 20, arbitrary: fieldToken(field, depth) }, { weight: 1, arbitrary: fc.constant("null") })
      .map((text) => `${JSON.stringify(field.name)}:${text}`);
    // Required fields are mostly there, others now and then.
    const absent = field.label === "required" ? 1 : 3;
    return fc.oneof(
      { weight: absent, arbitrary: fc.constant(null) },
      { weight: field.label === "required" ? 12 : 1, arbitrary: value },
    );
  });
  const extra = fc.array(
    fc.tuple(fc.constantFrom("unknown", "frameworkId", "0"), anyToken).map(([k, v]) => `${JSON.stringify(k)}:${v}`),
    { maxLength: 1 },
  );
  return fc
    .tuple(fc.tuple(...entries), extra, fc.integer({ min: 0, max: 5 }), fc.nat())
    .map(([fields, more, mode, seed]) => {
      const pairs = [...fields.filter((p): p is string => p !== null), ...(mode === 0 ? more : [])];
      if (mode === 1 && pairs.length > 1) {
        // A rotation: some key comes out of declaration order.
        const k = (seed % (pairs.length - 1)) + 1;
        pairs.push(...pairs.splice(0, k));
      }
      const space = mode === 2 ? " " : "";
      return `{${space}${pairs.join(`,${space}`)}${space}}`;
    });
}
