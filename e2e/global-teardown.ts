// Pods outlive `podscope up` by design (Ctrl-C leaves them running). The browser tests' local node
// lives in a temp PODSCOPE_HOME: take it down, so a run leaves no containerd, pods or cgroups behind.
import { execFileSync } from "node:child_process";

export default function globalTeardown(): void {
  const home = process.env.PODSCOPE_E2E_HOME;
  if (!home) return;
  try {
    execFileSync("pnpm", ["-s", "podscope", "down"], { env: { ...process.env, PODSCOPE_HOME: home }, stdio: "inherit", timeout: 120_000 });
  } catch (e) {
    // A failed clean-up must be seen, not swallowed: fail the run.
    throw new Error(`podscope down for ${home} failed: ${(e as Error).message}`);
  }
}
