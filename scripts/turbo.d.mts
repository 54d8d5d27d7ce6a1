export declare function turboEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
export declare function turboCommand(args: string[]): [string, string[]];
