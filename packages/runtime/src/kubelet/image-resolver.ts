// Image references in pod specs → images present in the local containerd. Nothing is ever pulled
// (there is no registry), so every pod behaves as with imagePullPolicy: Never: a missing image
// leaves the container waiting with ErrImageNeverPull, and the message names what is there.
import type { CriClient } from "../cri";
import { BUSYBOX_IMAGE, PAUSE_IMAGE } from "../images/local-images";

export interface ResolvedImage { ref: string; id: string }

export class ImageNeverPullError extends Error {
  constructor(readonly image: string, readonly present: string[]) {
    super(`Container image "${image}" is not present with pull policy of Never; images on this node: ${present.length ? present.join(", ") : "none"}`);
    this.name = "ImageNeverPullError";
  }
}

/** The repository name without registry, "library/" and tag/digest: "docker.io/library/busybox:1.36" → "busybox". */
export function shortName(ref: string): string {
  let r = ref.split("@")[0];
  const slash = r.lastIndexOf("/");
  const colon = r.lastIndexOf(":");
  if (colon > slash) r = r.slice(0, colon);
  return r.replace(/^(docker\.io\/|index\.docker\.io\/|registry-1\.docker\.io\/)/, "").replace(/^library\//, "").replace(/^localhost\//, "");
}

/** Candidates in order: the reference as written, then our local builds for busybox and pause (any tag). */
export function candidates(ref: string): string[] {
  const out = [ref];
  const short = shortName(ref);
  if (short === "busybox") out.push(BUSYBOX_IMAGE);
  if (short === "pause") out.push(PAUSE_IMAGE);
  if (!ref.includes("/")) out.push(`localhost/${ref.includes(":") || ref.includes("@") ? ref : `${ref}:latest`}`);
  return [...new Set(out)];
}

export async function resolveImage(cri: CriClient, ref: string): Promise<ResolvedImage> {
  for (const c of candidates(ref)) {
    const img = await cri.imageStatus(c);
    if (img) return { ref: c, id: img.id };
  }
  const present = (await cri.listImages()).flatMap((i) => i.repo_tags).filter((t) => !t.startsWith("sha256:")).sort();
  throw new ImageNeverPullError(ref, present);
}
