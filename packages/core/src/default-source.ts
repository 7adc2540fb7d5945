// Which source a view opens on when the URL names none: the first one that is available (the local node when it
// runs, else the first cluster context that answers). One rule, read by the web UI and by the API's early answers.

export function defaultSource<T extends { available: boolean }>(sources: readonly T[]): T | undefined {
  return sources.find((s) => s.available);
}
