/**
 * The character reader of picojson 1.3.0 (`input<Iter>`), reproduced exactly
 * because Mesos' syntax error texts ("line <n> near: ...") depend on where it
 * stops.
 */

/**
 * picojson's reader: `getc` marks the current character consumed and the next
 * `getc` moves past it; `ungetc` only clears the mark.
 */
export class Input {
  cur = 0;
  consumed = false;
  line = 1;

  /** Reads `text` from its start, on line 1. */
  constructor(readonly text: string) {}

  getc(): number {
    if (this.consumed) {
      if (this.text.charCodeAt(this.cur) === 0x0a) this.line++;
      this.cur++;
    }
    if (this.cur >= this.text.length) {
      this.consumed = false;
      return -1;
    }
    this.consumed = true;
    return this.text.charCodeAt(this.cur);
  }

  ungetc(): void {
    this.consumed = false;
  }

  /** Position just after what was parsed (picojson's `cur()`). */
  end(): number {
    return this.consumed ? this.cur + 1 : this.cur;
  }

  skipWs(): void {
    for (;;) {
      const ch = this.getc();
      if (ch !== 0x20 && ch !== 0x09 && ch !== 0x0a && ch !== 0x0d) {
        this.ungetc();
        return;
      }
    }
  }

  expect(expected: number): boolean {
    this.skipWs();
    if (this.getc() !== expected) {
      this.ungetc();
      return false;
    }
    return true;
  }

  match(pattern: string): boolean {
    for (let i = 0; i < pattern.length; i++) {
      if (this.getc() !== pattern.charCodeAt(i)) {
        this.ungetc();
        return false;
      }
    }
    return true;
  }
}
