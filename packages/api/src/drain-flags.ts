// The zod schemas of kubectl drain's flags, generated from the flag table in @podscope/drain: each field's type
// comes from the table's type, and its value is checked by the table's own validator (same bounds, same words as
// the CLI, the simulator and the live drain), so no field name or bound is written here.
import { DRAIN_FLAGS, flagValueProblem, type DrainFlagSpec, type DrainFlags, type RehearsalFlags } from "@podscope/drain";
import { z } from "zod";

type Spec = (typeof DRAIN_FLAGS)[number];

function schemaOf(s: Spec) {
  const base = s.type === "boolean" ? z.boolean() : s.type === "selector" ? z.string() : z.number();
  return base.superRefine((v, ctx) => {
    const problem = flagValueProblem(s, v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

type Shape<F> = { [K in keyof Required<F>]: z.ZodOptional<z.ZodType<NonNullable<F[K]>>> };

/** The table's rows of one scope as a zod shape; the field names and value types are the table's (DrainFlags). */
function shape<F>(scope: DrainFlagSpec["scope"]): Shape<F> {
  const out: Record<string, z.ZodOptional<z.ZodType>> = {};
  for (const s of DRAIN_FLAGS) if (s.scope === scope) out[s.field] = schemaOf(s).optional();
  return out as Shape<F>;
}

/** kubectl drain's flags, as the request fields name them (the simulation and the live drain). */
export const drainFlags = z.object(shape<DrainFlags>("kubectl"));

/** podscope's own rehearsal flags (--rolling), beside kubectl's in a simulation's request. */
export const rehearsalFlags = z.object(shape<RehearsalFlags>("podscope"));
