// Label selectors as API objects: a PDB's or controller's LabelSelector, and required node affinity terms.
// The string form kubectl's --pod-selector takes is parsed by core's parseLabelSelector.
import { matchesLabelRequirement, type LabelSelector, type NodeSelectorTerm } from "@podscope/core";

type Labels = Record<string, string> | undefined;

/** policy/v1 and apps/v1 semantics: a null selector selects nothing, an empty one selects everything. */
export function matchesSelector(selector: LabelSelector | null | undefined, labels: Labels): boolean {
  if (selector === null || selector === undefined) return false;
  const l = labels ?? {};
  // Plain loops: the drain simulator matches every pod of a big snapshot against its PDBs on each run.
  const ml = selector.matchLabels;
  if (ml) for (const k in ml) if (l[k] !== ml[k]) return false;
  const me = selector.matchExpressions;
  if (me) for (const e of me) if (!matchesLabelRequirement(e.key, e.operator, e.values ?? [], l)) return false;
  return true;
}

/** Required node affinity / node selector terms: the terms are ORed, expressions within a term ANDed. */
export function matchesNodeSelectorTerms(terms: NodeSelectorTerm[], nodeLabels: Labels, nodeName: string): boolean {
  return terms.some((t) => {
    const exprs = t.matchExpressions ?? [];
    const fields = t.matchFields ?? [];
    if (exprs.length === 0 && fields.length === 0) return false;
    return (
      exprs.every((e) => matchesLabelRequirement(e.key, e.operator, e.values ?? [], nodeLabels ?? {})) &&
      fields.every((f) => matchesLabelRequirement(f.key, f.operator, f.values ?? [], { "metadata.name": nodeName }))
    );
  });
}
