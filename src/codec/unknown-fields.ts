/**
 * Unknown binary fields (fields of a newer schema, or proto2 enum numbers this
 * schema does not know) are kept on the decoded object under a non-enumerable
 * symbol, so a decode/encode round trip gives back every byte.
 */

/** Key of the raw unknown fields of a decoded message: an array of `tag + payload` chunks. */
export const unknownFields: unique symbol = Symbol.for("create-mesos-framework.unknownFields");

/** A message object as the codecs see it. */
export type MessageObject = Record<string, unknown> & { [unknownFields]?: Uint8Array[] };

/** Appends a raw `tag + payload` chunk to the unknown fields of `message`. */
export function addUnknownField(message: object, chunk: Uint8Array): void {
  const holder = message as MessageObject;
  const existing = holder[unknownFields];
  if (existing) existing.push(chunk);
  else Object.defineProperty(message, unknownFields, { value: [chunk], writable: true, configurable: true });
}

/** The raw unknown-field chunks of `message`, if any. */
export function getUnknownFields(message: object): readonly Uint8Array[] | undefined {
  return (message as MessageObject)[unknownFields];
}
