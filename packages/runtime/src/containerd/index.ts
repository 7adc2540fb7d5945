// podscope's own containerd: config, start/reuse, stop, and `down`.
export {
  ensureContainerd,
  stopContainerd,
  containerdStatus,
  readPid,
  type ContainerdInstance,
  type EnsureOptions,
  type ContainerdStatus,
} from "./node";
export { down, type DownReport } from "./down";
export {
  localNodePaths,
  podscopeHome,
  resolveNodeOptions,
  type LocalNodeOptions,
  type LocalNodePaths,
  type ResolvedNodeOptions,
} from "./paths";
export { LocalNodeUnavailableError, localNodeUnavailableReason, assertLocalNodeAvailable } from "./prerequisites";
export { LocalNodeConfigError, renderContainerdConfig, renderCniConflist, validateBridgeName, validatePodSubnet } from "./config";
export { cgroupHierarchies, removeCgroupTree, mountsUnder, linkExists, readIpForward, findProcesses, processAlive } from "./host";
