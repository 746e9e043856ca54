/** TSDoc text from proto comments. */
import type { SourceLocation } from "../ir/types.js";

/** Makes a proto comment safe inside a `/** ... *\/` block. */
export function docText(comment: string | undefined): string {
  return (comment ?? "").replace(/\*\//g, "*\\/").replace(/\r/g, "");
}

/** The "where it comes from" line every generated declaration carries. */
export function protoSource(kind: string, fullName: string, location: SourceLocation | undefined): string {
  return `Proto: \`${kind} ${fullName}\`${location ? ` (${location.file}:${location.line})` : ""}`;
}

/** Joins non-empty paragraphs. */
export function paragraphs(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p.trim() !== "").join("\n\n");
}
