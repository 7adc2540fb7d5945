// Reads a cluster snapshot's text in the browser only for what the form needs while typing: the Nodes to
// offer in the node picker, and where the YAML breaks (line, column) so the editor can mark it before Run.
// The simulation itself always parses on the server (drain.simulate), which stays the authority.
import { LineCounter, parseAllDocuments } from "yaml";

export interface SnapshotPeek {
  nodes: string[];
  error: { message: string; line: number; column: number } | null;
}

function nodesOf(value: unknown, out: string[]) {
  if (!value || typeof value !== "object") return;
  const v = value as { kind?: unknown; items?: unknown; metadata?: { name?: unknown } };
  if (Array.isArray(v.items)) for (const item of v.items) nodesOf(item, out);
  else if (v.kind === "Node" && typeof v.metadata?.name === "string") out.push(v.metadata.name);
}

export function peekSnapshot(text: string): SnapshotPeek {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false });
  // Input without any document comes back as an empty stream, not an array.
  if (!Array.isArray(docs)) return { nodes: [], error: null };
  const nodes: string[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
      return { nodes, error: { message: e.message.split("\n")[0], line: pos.line, column: pos.col } };
    }
    nodesOf(doc.toJS({ maxAliasCount: 1000 }), nodes);
  }
  return { nodes: [...new Set(nodes)], error: null };
}

/** "snapshot:12:5: YAML error: …" (the simulator's wording) → its line and column. */
export function errorPosition(message: string): { line: number; column: number } | null {
  const m = /(?:^|\s)[^\s:]*:(\d+):(\d+):/.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}
