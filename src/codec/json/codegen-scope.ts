/**
 * Shared plumbing of the JSON codec compilers: run-time values that generated
 * code refers to, and safe spelling of literals.
 */

/** Collects the run-time values a generated function refers to, by identifier. */
export class CodegenScope {
  private readonly values: unknown[] = [];
  private readonly ids = new Map<unknown, string>();

  /** An identifier bound to `value` inside the generated function. */
  ref(value: unknown): string {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = `c${this.values.length}`;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  /**
   * Compiles `body` (which may use the identifiers handed out by `ref`, and
   * must `return` the function it builds) and returns what it returns.
   */
  build<T>(name: string, body: string): T {
    const bindings = this.values.map((_, i) => `const c${i} = values[${i}];`).join("\n");
    const source = `"use strict";\n${bindings}\n${body}\n//# sourceURL=${name}`;
    // new Function compiles one specialized function per message type: the
    // reason this codec is fast. The source only contains schema names spelled
    // through `literal`, never data.
    const factory = new Function("values", source) as (values: unknown[]) => T;
    return factory(this.values);
  }
}

/** A JavaScript string literal for `text`. */
export function literal(text: string): string {
  return JSON.stringify(text);
}

/** An identifier-safe version of a type name, for readable stack traces. */
export function functionName(typeName: string, suffix: string): string {
  return `${typeName.replace(/[^A-Za-z0-9_$]/g, "_")}_${suffix}`;
}

/** Property read that ignores inherited properties (for field names like `constructor`). */
export function readProperty(object: string, name: string, scope: CodegenScope): string {
  if (name in Object.prototype)
    return `(${scope.ref(Object.hasOwn)}(${object}, ${literal(name)}) ? ${object}[${literal(name)}] : undefined)`;
  return `${object}[${literal(name)}]`;
}

/**
 * Slots of lazily compiled functions, one per key (a message type), that
 * generated code calls as `<id>.fn(...)`. A slot exists before its function
 * is compiled, so recursive types can refer to their own; the first call
 * compiles the function and puts it in the slot.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any function shape; callers name theirs
export function lazySlots<K extends object, F extends (...args: any[]) => unknown>(
  compile: (key: K) => F,
): (key: K) => { fn: F } {
  const slots = new WeakMap<K, { fn: F }>();
  return (key) => {
    let slot = slots.get(key);
    if (!slot) {
      const created: { fn: F } = {
        fn: ((...args: Parameters<F>) => {
          created.fn = compile(key);
          return created.fn(...args);
        }) as F,
      };
      slots.set(key, created);
      slot = created;
    }
    return slot;
  };
}
