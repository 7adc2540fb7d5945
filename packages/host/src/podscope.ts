// Starting podscope as `podscope up` does: the sources (the local node, kube contexts), the API server
// and, unless asked not to, the web UI. Stopping it leaves pods and containerd running.
import { SourceRegistry } from "@podscope/api";
import { agentNamespace, DEFAULT_PORT, WEB_PORT_OFFSET } from "@podscope/env";
import { ensureToken, podscopeHome } from "./home";
import { makePolicy } from "./security";
import { startApiServer, type ApiServer } from "./server";
import { loadSources } from "./sources";
import { startWeb, type WebProcess } from "./web";

export interface PodscopeOptions {
  bind?: string;
  port?: number;
  webPort?: number;
  web?: boolean;
  home?: string;
  extraHosts?: string[];
  /** Skip the local node (tests of other parts, machines without root). */
  local?: boolean;
  /** The local node's registry credentials file (`podscope up --registry-config FILE`). */
  registryConfig?: string;
  /** The podscope agent's namespace on every cluster (`podscope up --agent-namespace`); default $PODSCOPE_AGENT_NAMESPACE, else the manifest's. */
  agentNamespace?: string;
  log?: (line: string) => void;
}

export interface Podscope {
  api: ApiServer;
  web?: WebProcess;
  token: string;
  registry: SourceRegistry;
  /** The URL to open: the web UI with the token, or the API when there is no UI. */
  openUrl: string;
  stop(): Promise<void>;
}

export async function startPodscope(o: PodscopeOptions = {}): Promise<Podscope> {
  const home = o.home ?? podscopeHome();
  const bind = o.bind ?? "127.0.0.1";
  const port = o.port ?? DEFAULT_PORT;
  const webPort = o.webPort ?? port + WEB_PORT_OFFSET;
  const log = o.log ?? (() => {});
  const token = ensureToken(home);
  const registry = new SourceRegistry();
  const closeSources = await loadSources(registry, {
    home,
    local: o.local ?? true,
    log,
    registryConfig: o.registryConfig,
    agentNamespace: o.agentNamespace ?? agentNamespace(),
  });
  const policy = makePolicy({ bind, ports: [port, webPort], token, extraHosts: o.extraHosts });
  const api = await startApiServer({ registry, policy, bind, port });
  let web: WebProcess | undefined;
  try {
    if (o.web ?? true) web = await startWeb({ bind, port: webPort, apiPort: api.port });
  } catch (e) {
    await api.close();
    await registry.closeAll();
    await closeSources();
    throw e;
  }
  return {
    api,
    web,
    token,
    registry,
    openUrl: web ? `${web.url}/?token=${token}` : api.url,
    async stop() {
      await web?.stop();
      await api.close();
      await registry.closeAll();
      await closeSources();
    },
  };
}
