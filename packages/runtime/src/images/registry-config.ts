// The node's registry credentials file: a docker config (`{"auths": {host: {auth}}}`) at
// $PODSCOPE_REGISTRY_CONFIG, else <PODSCOPE_HOME>/config.json — read at every pull, so an edit
// applies at once. Shared by the local node and `podscope image pull`.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { podscopeHome } from "../containerd/paths";
import { parseDockerConfig, type DockerKeyring } from "./credentials";

export function registryConfigPath(home?: string, override?: string): string {
  return override ?? process.env.PODSCOPE_REGISTRY_CONFIG ?? join(podscopeHome(home), "config.json");
}

/** The file's keyring; none when it does not exist. A broken file is reported through `log` and gives none. */
export function readRegistryConfig(path: string, log: (message: string) => void): DockerKeyring {
  if (!existsSync(path)) return [];
  try {
    return parseDockerConfig(readFileSync(path, "utf8"), path);
  } catch (err) {
    log(`registry credentials in ${path} ignored: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
}
