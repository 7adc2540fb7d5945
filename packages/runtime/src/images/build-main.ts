// Entry point for scripts/setup-node.sh: builds (or finds cached) local image tarballs and
// prints "name<TAB>file" per image. Run with tsx.
import { ensureLocalImageTarballs } from "./local-images";

try {
  for (const t of await ensureLocalImageTarballs()) console.log(`${t.name}\t${t.file}`);
} catch (err) {
  console.error(`podscope: ${(err as Error).message}`);
  process.exit(1);
}
