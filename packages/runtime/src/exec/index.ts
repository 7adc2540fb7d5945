// exec and attach: the channel protocols, the WebSocket they ride on, the session a client runs,
// and the choice of container.
export {
  CHANNEL,
  channelMessage,
  closeStdinMessage,
  EXEC_PROTOCOLS,
  parseChannelMessage,
  resizeMessage,
  streamOutcome,
  type StreamOutcome,
  type StreamStatus,
} from "./channels";
export { runStreamSession, type StreamSessionOptions, type StreamSessionResult } from "./session";
export {
  containerChoices,
  DEFAULT_CONTAINER_ANNOTATION,
  defaultContainer,
  streamTarget,
  type StreamKind,
  type StreamTarget,
} from "./target";
export { connectWebSocket, WebSocketConnection, WebSocketHandshakeError } from "./websocket";
export {
  EphemeralContainers,
  ephemeralContainerConfig,
  ephemeralContainersOf,
  validateEphemeral,
  type DebugRequest,
  type EphemeralContainer,
} from "./ephemeral";
