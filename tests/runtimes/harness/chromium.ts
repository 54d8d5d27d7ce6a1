// Where the system Chromium is. npm cannot bring one (playwright-core downloads none), so the
// browser test runs only when this finds one: CHROMIUM_PATH, or Debian's and others' usual paths.
import { existsSync } from "node:fs";

const USUAL_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

export const CHROMIUM_INSTALL_HINT =
  "install it (Debian, as root: apt-get install -y chromium) or set CHROMIUM_PATH";

export function findChromium(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return configured;
  return USUAL_PATHS.find((path) => existsSync(path));
}
