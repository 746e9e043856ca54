/**
 * Helpers for writing the JavaScript that codecs compile with `new Function`:
 * safe property access for any field name, tag byte sequences, and a tiny
 * line buffer.
 */
import { makeTag, varintBytes } from "./wire.js";

/** A JavaScript string literal for `text`. */
export function quote(text: string): string {
  return JSON.stringify(text);
}

// Names that a plain object inherits; reading them must check for an own property.
function inherited(name: string): boolean {
  return name in Object.prototype;
}

/**
 * Expression reading own property `name` of `obj` (undefined when absent).
 * Inherited names such as `constructor` or `__proto__` go through `hasOwn`,
 * which the generated code receives from the runtime.
 */
export function readProp(obj: string, name: string): string {
  const access = `${obj}[${quote(name)}]`;
  return inherited(name) ? `(hasOwn(${obj}, ${quote(name)}) ? ${access} : undefined)` : access;
}

/**
 * Statement setting own property `name` of `obj` to `value`. Assigning
 * `__proto__` would change the prototype, so that one is defined instead.
 */
export function writeProp(obj: string, name: string, value: string): string {
  if (name === "__proto__") return `setOwn(${obj}, ${quote(name)}, ${value});`;
  return `${obj}[${quote(name)}] = ${value};`;
}

/** Statements writing the bytes of a field's tag at `b[p++]`. */
export function emitTagBytes(fieldNumber: number, wireType: number): string {
  return varintBytes(makeTag(fieldNumber, wireType))
    .map((byte) => `b[p++] = ${byte};`)
    .join(" ");
}

/** Number of bytes of a field's tag. */
export function tagSize(fieldNumber: number, wireType: number): number {
  return varintBytes(makeTag(fieldNumber, wireType)).length;
}

/** Collects generated source lines. */
export class Source {
  private readonly lines: string[] = [];

  /** Appends lines. */
  add(...lines: string[]): this {
    this.lines.push(...lines);
    return this;
  }

  /** The source text. */
  toString(): string {
    return this.lines.join("\n");
  }
}

/**
 * Hands out numbered slots for values the generated code needs (enum tables,
 * defaults, path helpers), so the code refers to them as locals `k0`, `k1`, …
 */
export class Constants {
  readonly values: unknown[] = [];
  private readonly index = new Map<unknown, number>();

  /** The local name of `value` (the same name for the same value). */
  ref(value: unknown): string {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return `k${i}`;
  }

  /** Declarations binding every slot to a local (`var k0 = K[0], ...`), reading from parameter `param`. */
  declarations(param: string): string {
    if (this.values.length === 0) return "";
    return `var ${this.values.map((_, i) => `k${i} = ${param}[${i}]`).join(", ")};`;
  }
}

/**
 * Hands out numbered lazy links to other compiled functions (`d0`, `d1`, … or
 * `c0`, …). Each link replaces itself with the real function on first call,
 * so types compile only when used and recursive types link to themselves.
 */
export class Links<T> {
  readonly targets: T[] = [];
  private readonly index = new Map<T, number>();

  constructor(
    private readonly prefix: string,
    private readonly arity: number,
  ) {}

  /** The local name of the link to `target`. */
  ref(target: T): string {
    let i = this.index.get(target);
    if (i === undefined) {
      i = this.targets.length;
      this.targets.push(target);
      this.index.set(target, i);
    }
    return `${this.prefix}${i}`;
  }

  /** Declarations of the self-replacing links, resolving through parameter `resolver(i)`. */
  declarations(resolver: string): string {
    const args = Array.from({ length: this.arity }, (_, i) => `a${i}`).join(", ");
    return this.targets
      .map((_, i) => {
        const name = `${this.prefix}${i}`;
        return `var ${name} = function (${args}) { ${name} = ${resolver}(${i}); return ${name}(${args}); };`;
      })
      .join("\n");
  }
}
