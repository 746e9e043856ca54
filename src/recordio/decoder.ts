/**
 * Streaming RecordIO decoder (`<decimal length>\n<length bytes>`, repeated), as
 * Mesos frames the SUBSCRIBE event stream. Chunks may split records anywhere;
 * every byte is looked at once, so a long stream costs linear time and memory
 * stays bounded by the largest record.
 */
import { RecordIOError } from "./errors.js";

/** Options of the decoder. */
export interface RecordIODecoderOptions {
  /** Largest record accepted, in bytes (default 64 MiB). */
  readonly maxRecordSize?: number;
}

/** Default {@link RecordIODecoderOptions.maxRecordSize}. */
export const DEFAULT_MAX_RECORD_SIZE = 64 * 1024 * 1024;

const NEWLINE = 0x0a;
const ZERO = 0x30;
const NINE = 0x39;
// More digits than this cannot be a length below 2^53; reject before the number loses precision.
const MAX_LENGTH_DIGITS = 15;

/** Turns chunks of a RecordIO stream into records. */
export class RecordIODecoder {
  private readonly maxRecordSize: number;
  /** The length prefix read so far (the record's length once its newline is seen). */
  private length = 0;
  private digits = 0;
  private readingBody = false;
  private body: Uint8Array | undefined;
  private filled = 0;
  /** Stream position of the first byte of the current chunk, for error offsets. */
  private offset = 0;
  /** Stream position where the current record (its length prefix) starts. */
  private recordStart = 0;

  constructor(options: RecordIODecoderOptions = {}) {
    this.maxRecordSize = options.maxRecordSize ?? DEFAULT_MAX_RECORD_SIZE;
  }

  /** Feeds a chunk; returns the records it completes (possibly none). Records are views of or copies from the chunks. */
  push(chunk: Uint8Array): Uint8Array[] {
    const records: Uint8Array[] = [];
    let pos = 0;
    const end = chunk.length;
    while (pos < end) {
      if (!this.readingBody) {
        const byte = chunk[pos]!;
        if (byte === NEWLINE) {
          if (this.digits === 0) throw this.badLength("an empty length prefix", this.offset + pos);
          this.startBody();
          pos++;
          if (this.length === 0) records.push(this.finish(new Uint8Array(0), pos));
          continue;
        }
        if (byte < ZERO || byte > NINE) {
          throw this.badLength(`byte ${describe(byte)} in the length prefix`, this.offset + pos);
        }
        if (++this.digits > MAX_LENGTH_DIGITS)
          throw this.tooLarge(`a length prefix of more than ${MAX_LENGTH_DIGITS} digits`);
        this.length = this.length * 10 + (byte - ZERO);
        pos++;
        continue;
      }
      const wanted = this.length - this.filled;
      const available = end - pos;
      if (this.body === undefined && available >= wanted) {
        // The whole record is inside this chunk: hand out a view, no copy.
        pos += wanted;
        records.push(this.finish(chunk.subarray(pos - wanted, pos), pos));
        continue;
      }
      this.body ??= new Uint8Array(this.length);
      const take = Math.min(wanted, available);
      this.body.set(chunk.subarray(pos, pos + take), this.filled);
      this.filled += take;
      pos += take;
      if (this.filled === this.length) records.push(this.finish(this.body, pos));
    }
    this.offset += end;
    return records;
  }

  /** True between records (a stream may end here). */
  get atBoundary(): boolean {
    return !this.readingBody && this.digits === 0;
  }

  /** Declares the end of the stream; throws if it stopped inside a record or a length prefix. */
  end(): void {
    if (this.atBoundary) return;
    const where = this.readingBody
      ? `inside a record of ${this.length} bytes (${this.filled} received)`
      : "inside a length prefix";
    throw new RecordIOError(
      "ERR_RECORDIO_TRUNCATED",
      `RecordIO stream ended ${where}; the connection was cut`,
      this.recordStart,
    );
  }

  private startBody(): void {
    if (this.length > this.maxRecordSize) {
      throw this.tooLarge(
        `a record of ${this.length} bytes (the maximum is ${this.maxRecordSize}; raise maxRecordSize if it is genuine)`,
      );
    }
    this.readingBody = true;
    this.filled = 0;
    this.body = undefined;
  }

  private finish(record: Uint8Array, nextPos: number): Uint8Array {
    this.readingBody = false;
    this.length = 0;
    this.digits = 0;
    this.body = undefined;
    this.recordStart = this.offset + nextPos;
    return record;
  }

  private badLength(what: string, at: number): RecordIOError {
    return new RecordIOError(
      "ERR_RECORDIO_LENGTH",
      `Malformed RecordIO stream: ${what} at byte ${at} (expected decimal digits and a newline)`,
      at,
    );
  }

  private tooLarge(what: string): RecordIOError {
    return new RecordIOError("ERR_RECORDIO_TOO_LARGE", `RecordIO stream announces ${what}`, this.recordStart);
  }
}

function describe(byte: number): string {
  const hex = `0x${byte.toString(16).padStart(2, "0")}`;
  return byte >= 0x20 && byte < 0x7f ? `${hex} '${String.fromCharCode(byte)}'` : hex;
}

/** Decodes a whole stream of chunks into records; throws a {@link RecordIOError} on malformed or cut input. */
export async function* decodeRecordIO(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options?: RecordIODecoderOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  const decoder = new RecordIODecoder(options);
  for await (const chunk of chunks) yield* decoder.push(chunk);
  decoder.end();
}
