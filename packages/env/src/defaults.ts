// podscope's defaults, declared once. No Node imports here: the web UI's browser bundle reads this file.

/** The API server's port (`podscope up`, the CLI, the web UI's proxy); the web UI listens 10 above it. */
export const DEFAULT_PORT = 7700;

/** `podscope up` serves the web UI this far above the API port. */
export const WEB_PORT_OFFSET = 10;
