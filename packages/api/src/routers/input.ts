// Shared zod inputs: every procedure that names a pod takes the same three fields.
import { z } from "zod";

export const sourceInput = z.object({ source: z.string().min(1) });
export const podRef = sourceInput.extend({ namespace: z.string().min(1), name: z.string().min(1) });
