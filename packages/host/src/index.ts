export { startPodscope, type Podscope, type PodscopeOptions } from "./podscope";
export { startApiServer, type ApiServer } from "./server";
export { ensureToken, podscopeHome, readToken, tokenPath } from "./home";
export { checkRequest, makePolicy, type AccessPolicy } from "./security";
