// `podscope image import FILE` and `podscope image ls` — the local node's images, as crictl lists them.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { formatBytes } from "@podscope/core";
import { outputFormat, parse, sourceOf, UsageError } from "../flags";
import { asJson, out, table } from "../print";
import { withClient } from "../run";

export async function image(argv: string[]): Promise<number> {
  return withClient(async (c) => {
    const { values, positionals } = parse(argv, {});
    const [verb, file] = positionals;
    const source = sourceOf(values);
    if (verb === "ls" || verb === "list") {
      const fmt = outputFormat(values, ["json"]);
      const images = await c.images.list.query({ source });
      if (fmt === "json") { out(asJson(images)); return 0; }
      out(table(["IMAGE", "TAG", "IMAGE ID", "SIZE"], images.map((i) => {
        const at = i.ref.lastIndexOf(":");
        const slash = i.ref.lastIndexOf("/");
        const [name, tag] = at > slash ? [i.ref.slice(0, at), i.ref.slice(at + 1)] : [i.ref, "<none>"];
        return [name, tag, i.id.replace(/^sha256:/, "").slice(0, 13), formatBytes(i.size) + "B"];
      })));
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
    throw new UsageError(`unknown image command "${verb ?? ""}": use "podscope image import FILE" or "podscope image ls"`);
  });
}
