// CRI log reading: a whole 64 MiB log versus its last 100 lines, and following its growth.
// Figures only, never asserted. Writes its synthetic log to a tmp dir and removes it.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { followCriLog, readCriLog } from "../src/cri/logs";

const dir = mkdtempSync(join(tmpdir(), "podscope-bench-logs-"));
try {
  const file = join(dir, "0.log");
  const T = "2026-01-02T03:04:05.123456789Z";
  const block: string[] = [];
  for (let i = 0; i < 10_000; i++) block.push(`${T} ${i % 5 ? "stdout" : "stderr"} F line ${i} ${"y".repeat(i % 90)}`);
  const chunk = `${block.join("\n")}\n`;
  writeFileSync(file, "");
  let size = 0;
  while (size < 64 * 1024 * 1024) {
    appendFileSync(file, chunk);
    size += Buffer.byteLength(chunk);
  }
  const mib = (size / 1024 / 1024).toFixed(0);

  let t = performance.now();
  const all = await readCriLog(file);
  const full = performance.now() - t;
  console.log(`read whole ${mib} MiB log: ${full.toFixed(0)} ms (${all.length} lines)`);

  t = performance.now();
  const last = await readCriLog(file, { tail: 100 });
  const tail = performance.now() - t;
  console.log(`tail 100 lines of it: ${tail.toFixed(2)} ms (${last.length} lines) — ${(full / tail).toFixed(0)}x faster than a whole read`);

  t = performance.now();
  const errs = await readCriLog(file, { tail: 100, streams: ["stderr"] });
  console.log(`tail 100 stderr lines: ${(performance.now() - t).toFixed(2)} ms (${errs.length} lines)`);

  // Following: from the end, how long until 10,000 appended lines have all been yielded.
  const ac = new AbortController();
  let seen = 0;
  const follow = (async () => {
    for await (const _ of followCriLog(file, { signal: ac.signal, fromEnd: true, pollMs: 20 })) {
      if (++seen === 10_000) ac.abort();
    }
  })();
  await new Promise((r) => setTimeout(r, 50));
  t = performance.now();
  appendFileSync(file, chunk);
  await follow;
  console.log(`follow: 10,000 appended lines yielded in ${(performance.now() - t).toFixed(0)} ms (poll 20 ms)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
