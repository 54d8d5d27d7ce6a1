export declare const SPEC_PATH: string;
export declare function freePort(): Promise<number>;
export interface PrismOptions {
  mode?: "mock" | "proxy";
  upstream?: string;
  spec?: string;
  errors?: boolean;
  port?: number;
  readyTimeoutMs?: number;
  inheritOutput?: boolean;
}
export interface RunningPrism {
  url: string;
  port: number;
  stop(): Promise<void>;
  log(): string;
}
export declare function startPrism(options?: PrismOptions): Promise<RunningPrism>;
