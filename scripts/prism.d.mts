export declare const SPEC_PATH: string;
export declare const SHARED_PRISM_URL_ENV: string;
export declare function freePort(): Promise<number>;
export declare function portUnavailable(port: number): Promise<string | undefined>;
export interface PrismOptions {
  mode?: "mock" | "proxy";
  upstream?: string;
  spec?: string;
  errors?: boolean;
  port?: number;
  inheritOutput?: boolean;
  onSlowStart?: (message: string) => void;
  entry?: string;
}
export interface RunningPrism {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
  log(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
export declare function startPrism(options?: PrismOptions): Promise<RunningPrism>;
