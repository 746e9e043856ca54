// Types of harness.mjs for the TypeScript benchmarks (codec-*.ts).

export declare const BENCH_DIR: string;
export declare const ROOT: string;
export declare const WORK_DIR: string;
export declare const GEN_DIR: string;
export declare const PROTO_DIR: string;
export declare const MESOS_FILES: readonly string[];
export declare const QUICK: boolean;

/** A goal of docs/performance.md and whether this run met it. */
export interface Goal {
  goal: string;
  ratio: number;
  target: number;
  met: boolean;
  detail?: string;
}

export declare function median(values: readonly number[]): number;
export declare function rotate<T>(items: readonly T[], by: number): T[];
export declare function consume<T>(value: T): T;
export declare function pinToCpu(pid: number, cpu: number): boolean;
export declare function fmtOps(n: number): string;
export declare function fmtSeconds(s: number): string;
export declare function fmtRatio(r: number | string): string;
export declare function fmtBytes(n: number): string;
export declare function fmtInt(n: number): string;
export declare function printTable(title: string, header: string[], rows: unknown[][], notes?: string[]): void;
export declare function goal(name: string, ratio: number, target: number, detail?: string): Goal;
export declare function writeGroupResult(group: string, data: unknown): void;
export declare function bigintReplacer(key: string, value: unknown): unknown;
