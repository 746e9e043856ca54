/** Scalar fixed point, ranges, sets and byte formatting of the mini-mesos resource model (section 7.1, 7.9). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addRanges,
  addScalars,
  addSets,
  coalesceRanges,
  compareScalars,
  formatBytes,
  formatByteCount,
  formatRanges,
  formatScalar,
  formatSet,
  fromFixedPoint,
  hasDuplicateItems,
  isZeroScalar,
  rangesContain,
  rangesEqual,
  rangesOverlap,
  setContains,
  subtractRanges,
  subtractScalars,
  subtractSets,
  toFixedPoint,
} from "../../testing/resources/index.js";

const r = (begin: number, end: number) => ({ begin: BigInt(begin), end: BigInt(end) });

describe("scalar fixed point", () => {
  it("adds 0.1 + 0.2 to exactly 0.3", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(addScalars(0.1, 0.2)).toBe(0.3);
    expect(compareScalars(0.1 + 0.2, 0.3)).toBe(0);
  });

  it("rounds to thousandths like llround (halves away from zero)", () => {
    expect(toFixedPoint(0.0004)).toBe(0);
    expect(toFixedPoint(0.0005)).toBe(1);
    expect(toFixedPoint(-0.0005)).toBe(-1);
    expect(toFixedPoint(-0.0004)).toBe(0);
    expect(Object.is(toFixedPoint(-0.0001), 0)).toBe(true);
    expect(toFixedPoint(1.2345)).toBe(1235);
    expect(toFixedPoint(2.5)).toBe(2500);
  });

  it("treats values below half a thousandth as zero", () => {
    expect(isZeroScalar(0.0004)).toBe(true);
    expect(isZeroScalar(0.0005)).toBe(false);
    expect(addScalars(1, 0.0004)).toBe(1);
    expect(subtractScalars(0.5, 0.4996)).toBe(0);
  });

  it("subtracts without binary residue", () => {
    expect(4 - 0.1).toBe(3.9);
    expect(subtractScalars(4, 0.1)).toBe(3.9);
    expect(subtractScalars(1, 0.9)).toBe(0.1);
    expect(1 - 0.9).not.toBe(0.1);
    expect(subtractScalars(0.3, 0.1)).toBe(0.2);
  });

  it("converts back as integer part plus thousandths, for negatives too", () => {
    expect(fromFixedPoint(3900)).toBe(3.9);
    expect(fromFixedPoint(-1500)).toBe(-1.5);
    expect(fromFixedPoint(1234567)).toBe(1234.567);
    expect(fromFixedPoint(0)).toBe(0);
  });

  it("round-trips every thousandth below 10^9 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (n) => {
        expect(toFixedPoint(fromFixedPoint(n))).toBe(n);
      }),
    );
  });

  it("makes sums associative and commutative in fixed point (property)", () => {
    const value = fc.double({ min: 0, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(value, value, value, (a, b, c) => {
        expect(addScalars(a, b)).toBe(addScalars(b, a));
        expect(compareScalars(addScalars(addScalars(a, b), c), addScalars(a, addScalars(b, c)))).toBe(0);
        expect(compareScalars(subtractScalars(addScalars(a, b), b), a)).toBe(0);
      }),
    );
  });
});

describe("formatScalar (%.15g)", () => {
  it.each([
    [2, "2"],
    [0.5, "0.5"],
    [1024, "1024"],
    [3.9, "3.9"],
    [0.1 + 0.2, "0.3"],
    [1 / 3, "0.333333333333333"],
    [123456789012345, "123456789012345"],
    [1e15, "1e+15"],
    [1234567890123456, "1.23456789012346e+15"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [1e-100, "1e-100"],
    [-2.5, "-2.5"],
    [0, "0"],
    [Infinity, "inf"],
    [Number.NaN, "nan"],
  ])("%s → %s", (value, text) => {
    expect(formatScalar(value)).toBe(text);
  });
});

describe("ranges", () => {
  it("coalesces overlapping and adjacent ranges, sorted", () => {
    expect(coalesceRanges([r(5, 6), r(1, 2), r(3, 4), r(10, 12), r(11, 20)])).toEqual([r(1, 6), r(10, 20)]);
    expect(addRanges([r(31000, 31999)], [r(32000, 32000)])).toEqual([r(31000, 32000)]);
    expect(addRanges([r(1, 1)], [r(3, 3)])).toEqual([r(1, 1), r(3, 3)]);
  });

  it("splits on subtraction", () => {
    expect(subtractRanges([r(31000, 32000)], [r(31500, 31500)])).toEqual([r(31000, 31499), r(31501, 32000)]);
    expect(subtractRanges([r(1, 10)], [r(1, 3), r(8, 10)])).toEqual([r(4, 7)]);
    expect(subtractRanges([r(1, 10)], [r(1, 10)])).toEqual([]);
    expect(subtractRanges([r(1, 3), r(5, 9)], [r(2, 6)])).toEqual([r(1, 1), r(7, 9)]);
  });

  it("works on the whole uint64 domain without precision loss", () => {
    const max = 2n ** 64n - 1n;
    expect(subtractRanges([{ begin: 0n, end: max }], [{ begin: max, end: max }])).toEqual([
      { begin: 0n, end: max - 1n },
    ]);
    expect(addRanges([{ begin: 0n, end: 2n ** 53n }], [{ begin: 2n ** 53n + 1n, end: max }])).toEqual([
      { begin: 0n, end: max },
    ]);
  });

  it("checks containment and equality on values, not on how they are split", () => {
    expect(rangesContain([r(1, 10)], [r(2, 3), r(5, 10)])).toBe(true);
    expect(rangesContain([r(1, 5), r(6, 10)], [r(4, 7)])).toBe(true);
    expect(rangesContain([r(1, 5), r(7, 10)], [r(4, 7)])).toBe(false);
    expect(rangesContain([r(1, 5)], [])).toBe(true);
    expect(rangesEqual([r(1, 2), r(3, 4)], [r(1, 4)])).toBe(true);
    expect(rangesEqual([r(1, 2)], [r(1, 3)])).toBe(false);
  });

  it("detects overlaps but not adjacency", () => {
    expect(rangesOverlap([r(1, 5), r(5, 6)])).toBe(true);
    expect(rangesOverlap([r(10, 20), r(1, 30)])).toBe(true);
    expect(rangesOverlap([r(1, 5), r(6, 7)])).toBe(false);
  });

  it("formats like Mesos", () => {
    expect(formatRanges([r(31000, 32000), r(33000, 33100)])).toBe("[31000-32000, 33000-33100]");
    expect(formatRanges([])).toBe("[]");
  });

  const rangeList = fc
    .array(fc.tuple(fc.bigInt({ min: 0n, max: 200n }), fc.bigInt({ min: 0n, max: 20n })), { maxLength: 6 })
    .map((pairs) => pairs.map(([begin, length]) => ({ begin, end: begin + length })));
  const values = (ranges: readonly { begin: bigint; end: bigint }[]) => {
    const out = new Set<bigint>();
    for (const x of ranges) for (let v = x.begin; v <= x.end; v++) out.add(v);
    return out;
  };

  it("agrees with a set-of-values model (property)", () => {
    fc.assert(
      fc.property(rangeList, rangeList, (a, b) => {
        const sum = addRanges(a, b);
        const diff = subtractRanges(a, b);
        expect(values(sum)).toEqual(new Set([...values(a), ...values(b)]));
        expect(values(diff)).toEqual(new Set([...values(a)].filter((v) => !values(b).has(v))));
        expect(rangesOverlap(sum)).toBe(false);
        expect(coalesceRanges(sum)).toEqual(sum);
        expect(rangesContain(a, diff)).toBe(true);
        expect(rangesEqual(addRanges(diff, b), addRanges(a, b))).toBe(true);
      }),
    );
  });
});

describe("sets", () => {
  it("unites, subtracts and checks containment", () => {
    expect(addSets(["a", "b"], ["b", "c"])).toEqual(["a", "b", "c"]);
    expect(subtractSets(["a", "b", "c"], ["b"])).toEqual(["a", "c"]);
    expect(setContains(["a", "b"], ["b"])).toBe(true);
    expect(setContains(["a"], ["b"])).toBe(false);
    expect(hasDuplicateItems(["a", "a"])).toBe(true);
    expect(formatSet(["a", "b"])).toBe("{a, b}");
  });
});

describe("formatBytes", () => {
  it.each([
    [32, "32MB"],
    [16, "16MB"],
    [1024, "1GB"],
    [32.5, "33280KB"],
    [2048 * 1024, "2TB"],
    [1536, "1536MB"],
    [0, "0B"],
    [1 / 1024 / 1024, "1B"],
  ])("%s MB → %s", (mb, text) => {
    expect(formatBytes(mb)).toBe(text);
  });

  it("formats raw byte counts with the largest exact unit", () => {
    expect(formatByteCount(1023)).toBe("1023B");
    expect(formatByteCount(1024)).toBe("1KB");
    expect(() => formatByteCount(-1)).toThrow(RangeError);
  });
});
