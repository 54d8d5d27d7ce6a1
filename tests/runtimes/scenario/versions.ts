// Each runtime's own version global, read here so a run proves where it ran. Only the report
// looks at these: the client itself never asks which runtime it is on.
export interface RuntimeVersions {
  node?: string;
  bun?: string;
  deno?: string;
  edgeRuntime?: string;
  userAgent?: string;
}

export function runtimeVersions(): RuntimeVersions {
  const g = globalThis as {
    process?: { versions?: { node?: unknown } };
    Bun?: { version?: unknown };
    Deno?: { version?: { deno?: unknown } };
    EdgeRuntime?: unknown;
    navigator?: { userAgent?: unknown };
  };
  const versions: RuntimeVersions = {};
  const pick = (key: keyof RuntimeVersions, value: unknown) => {
    if (typeof value === "string") versions[key] = value;
  };
  pick("node", g.process?.versions?.node);
  pick("bun", g.Bun?.version);
  pick("deno", g.Deno?.version?.deno);
  pick("edgeRuntime", g.EdgeRuntime);
  pick("userAgent", g.navigator?.userAgent);
  return versions;
}
