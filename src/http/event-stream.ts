/**
 * Reads a RecordIO event stream (the body of a SUBSCRIBE response) and
 * decodes each record. Chunk boundaries carry no meaning: records are cut
 * from the byte stream, wherever the chunks split them.
 */
import type { MessageType } from "../codec/index.js";
import { DEFAULT_MAX_RECORD_SIZE, RecordIODecoder } from "../recordio/index.js";
import { decodeBody, type Encoding } from "./content-type.js";
import { MesosTransportError } from "./errors.js";

/** Options of {@link readEventStream}. */
export interface EventStreamOptions {
  readonly encoding: Encoding;
  /** Largest record accepted, in bytes. */
  readonly maxRecordSize?: number;
  /** Where the stream comes from, for error messages. */
  readonly source: string;
  /**
   * Check every value of JSON events as `fromJson` does by default. Off by
   * default: the events come from Mesos, so they are decoded as trusted
   * (`fromJson(text, { trusted: true })`), which is faster.
   */
  readonly validateJson?: boolean;
  /** Called for every chunk received (liveness). */
  readonly onChunk?: () => void;
}

/**
 * Calls `handle` for each event, awaiting it (when it returns a promise)
 * before decoding the next; `handle` returns false to stop reading. Resolves at the end of the stream;
 * rejects when the stream breaks, is cut inside a record, or an event does
 * not decode.
 */
export async function readEventStream<T>(
  body: AsyncIterable<Uint8Array>,
  type: MessageType<T>,
  options: EventStreamOptions,
  handle: (event: T) => boolean | Promise<boolean>,
): Promise<void> {
  const decoder = new RecordIODecoder({ maxRecordSize: options.maxRecordSize ?? DEFAULT_MAX_RECORD_SIZE });
  const json = { trusted: !options.validateJson };
  for await (const chunk of body) {
    options.onChunk?.();
    for (const record of decoder.push(chunk)) {
      let event: T;
      try {
        event = decodeBody(type, record, options.encoding, json);
      } catch (error) {
        throw new MesosTransportError(
          "ERR_MESOS_DECODE",
          `An event from ${options.source} does not decode: ${(error as Error).message}`,
          { cause: error },
        );
      }
      // Most events are handled synchronously; awaiting only real promises saves a microtask per event.
      const outcome = handle(event);
      if (!(outcome === true || (outcome !== false && (await outcome)))) return;
    }
  }
  decoder.end();
}
