/**
 * Checks against bytes recorded from a real Mesos master (shared/fixtures):
 * every number and string Mesos wrote is reproduced by our formatting, and
 * whole events decode and re-encode to the identical bytes (C024, C043).
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  compileJsonDecoder,
  compileJsonEncoder,
  formatMesosDouble,
  parseMesosJson,
  quoteMesosString,
} from "../codec/json/index.js";
import { eventSchema, mesosSubset } from "./json-mesos-subset.js";
import { FIXTURES, available, records } from "./json-observe.js";

const jsonStreams = available ? readdirSync(FIXTURES).filter((f) => f.endsWith(".json.recordio")) : [];
const schedulerStreams = jsonStreams.filter((f) => !f.startsWith("executor-api"));
const allRecords = jsonStreams.flatMap((f) => records(f));

describe.skipIf(!available)("recorded Mesos JSON", () => {
  it("finds the recordings", () => {
    expect(jsonStreams.length).toBeGreaterThanOrEqual(6);
    expect(allRecords.length).toBeGreaterThan(50);
  });

  it("parses every record like JSON.parse (none holds an integer beyond 2^53)", () => {
    for (const text of allRecords) expect(parseMesosJson(text)).toEqual(JSON.parse(text));
  });

  it("writes every double exactly as Mesos did", () => {
    const doubles = new Set<string>();
    for (const text of allRecords) {
      for (const m of text.matchAll(/[:[,](-?\d+(?:\.\d+)?(?:e-?\d+)?)(?=[,\]}])/g))
        if (/[.e]/.test(m[1]!)) doubles.add(m[1]!);
    }
    expect(doubles.size).toBeGreaterThan(40);
    expect(doubles).toContain("15.0");
    for (const token of doubles) expect(formatMesosDouble(Number(token))).toBe(token);
  });

  it("writes every string exactly as Mesos did", () => {
    let count = 0;
    for (const text of allRecords) {
      for (const m of text.matchAll(/"(?:[^"\\]|\\.)*"/g)) {
        expect(quoteMesosString(JSON.parse(m[0]) as string)).toBe(m[0]);
        count++;
      }
    }
    expect(count).toBeGreaterThan(4000);
  });

  const covered = new Set(["SUBSCRIBED", "HEARTBEAT", "OFFERS", "MESSAGE", "FAILURE"]);
  const events = schedulerStreams.flatMap((file) =>
    records(file)
      .filter((text) => covered.has((JSON.parse(text) as { type: string }).type))
      .map((text, i) => ({ name: `${file} #${i} ${(JSON.parse(text) as { type: string }).type}`, text })),
  );

  it("covers enough events", () => {
    expect(events.length).toBeGreaterThan(30);
    expect(events.some((e) => e.name.includes("OFFERS"))).toBe(true);
    expect(events.some((e) => e.name.includes("MESSAGE"))).toBe(true);
  });

  it("decodes and re-encodes SUBSCRIBED, HEARTBEAT, OFFERS, MESSAGE and FAILURE byte for byte", () => {
    const schema = eventSchema(mesosSubset(true));
    const decode = compileJsonDecoder(schema, true);
    const encode = compileJsonEncoder(schema);
    for (const { name, text } of events) expect(encode(decode(parseMesosJson(text))), name).toBe(text);
  });

  it("writes an empty capability for QUOTA_V2 with the 1.11.0 schema, as a 1.11.0 master does (C043)", () => {
    const schema = eventSchema(mesosSubset(false));
    const decode = compileJsonDecoder(schema, true);
    const encode = compileJsonEncoder(schema);
    const subscribed = events.filter((e) => e.name.endsWith("SUBSCRIBED"));
    expect(subscribed.length).toBeGreaterThan(0);
    for (const { name, text } of subscribed) {
      const expected = text.replace('{"type":"QUOTA_V2"}', "{}");
      expect(expected).toContain('"capabilities":[{"type":"AGENT_UPDATE"},{"type":"AGENT_DRAINING"},{}]');
      expect(encode(decode(parseMesosJson(text))), name).toBe(expected);
    }
  });
});
