/** RecordIO framing of outgoing records (for the simulator and tests). */

const utf8 = new TextEncoder();

/** Frames one record: its byte length in decimal, a newline, then the bytes. Strings are UTF-8 encoded. */
export function encodeRecord(payload: Uint8Array | string): Uint8Array {
  const bytes = typeof payload === "string" ? utf8.encode(payload) : payload;
  const header = utf8.encode(`${bytes.length}\n`);
  const out = new Uint8Array(header.length + bytes.length);
  out.set(header, 0);
  out.set(bytes, header.length);
  return out;
}
