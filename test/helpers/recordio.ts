/** Splits a whole RecordIO buffer (`<length>\n<bytes>` repeated) into records, for fixture tests. */
export function splitRecordIO(data: Uint8Array): Uint8Array[] {
  const records: Uint8Array[] = [];
  let pos = 0;
  while (pos < data.length) {
    const newline = data.indexOf(0x0a, pos);
    if (newline < 0) throw new Error(`RecordIO: no length terminator at byte ${pos}`);
    const length = Number(new TextDecoder().decode(data.subarray(pos, newline)));
    if (!Number.isInteger(length) || newline + 1 + length > data.length)
      throw new Error(`RecordIO: bad length at byte ${pos}`);
    records.push(data.subarray(newline + 1, newline + 1 + length));
    pos = newline + 1 + length;
  }
  return records;
}
