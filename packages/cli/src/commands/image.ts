// `podscope image import FILE`, `podscope image ls` and `podscope image pull REF` — the local node's
// images, as crictl lists and pulls them. A pull goes straight to the node's containerd (CRI
// PullImage, with the node's registry credentials), server or not.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { formatBytes, goDuration } from "@podscope/core";
import { ImagePullError, pullImageOnNode } from "@podscope/runtime";
import { outputFormat, parse, sourceOf, UsageError } from "../flags";
import { asJson, err, out, table } from "../print";
import { guarded, withClient } from "../run";

async function pull(argv: string[]): Promise<number> {
  return guarded(async () => {
    const { values, positionals } = parse(argv, { "registry-config": { type: "string" } });
    const ref = positionals[1];
    if (!ref || positionals.length > 2)
      throw new UsageError("usage: podscope image pull REF [--registry-config FILE] (a docker config.json with credentials)");
    out(`Pulling image "${ref}"`);
    try {
      const r = await pullImageOnNode(ref, { registryConfig: values["registry-config"] as string | undefined });
      out(`pulled ${r.image} in ${goDuration(r.durationMs)} (${formatBytes(r.sizeBytes)}B)`);
      return 0;
    } catch (e) {
      if (!(e instanceof ImagePullError)) throw e;
      err(`${e.reason}: ${e.message}`);
      return 1;
    }
  });
}

export async function image(argv: string[]): Promise<number> {
  if (argv.find((a) => !a.startsWith("-")) === "pull") return pull(argv);
  return withClient(async (c) => {
    const { values, positionals } = parse(argv, {});
    const [verb, file] = positionals;
    const source = sourceOf(values);
    if (verb === "ls" || verb === "list") {
      const fmt = outputFormat(values, ["json"]);
      const images = await c.images.list.query({ source });
      if (fmt === "json") {
        out(asJson(images));
        return 0;
      }
      out(
        table(
          ["IMAGE", "TAG", "IMAGE ID", "SIZE"],
          images.map((i) => {
            const at = i.ref.lastIndexOf(":");
            const slash = i.ref.lastIndexOf("/");
            const [name, tag] = at > slash ? [i.ref.slice(0, at), i.ref.slice(at + 1)] : [i.ref, "<none>"];
            return [name, tag, i.id.replace(/^sha256:/, "").slice(0, 13), formatBytes(i.size) + "B"];
          }),
        ),
      );
      return 0;
    }
    if (verb === "import") {
      if (!file) throw new UsageError("usage: podscope image import FILE (an OCI image-layout or docker-archive tarball)");
      const path = resolve(file);
      if (!existsSync(path)) throw new UsageError(`open ${file}: no such file or directory`);
      const imported = await c.images.import.mutate({ source, path });
      for (const i of imported) out(`imported ${i.ref} (${i.id.slice(0, 19)})`);
      return 0;
    }
    throw new UsageError(
      `unknown image command "${verb ?? ""}": use "podscope image import FILE", "podscope image pull REF" or "podscope image ls"`,
    );
  });
}
