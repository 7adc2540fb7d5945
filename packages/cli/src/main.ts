// The `podscope` command: a kubectl-like front end. Each command lives in commands/<name>.ts and
// returns its exit status; this file only dispatches.
import { commands } from "./commands";

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(
      `usage: podscope <command> [flags]\n\ncommands:\n${Object.keys(commands)
        .sort()
        .map((c) => `  ${c}`)
        .join("\n")}\n`,
    );
    return name ? 0 : 2;
  }
  const cmd = commands[name];
  if (!cmd) {
    process.stderr.write(`error: unknown command "${name}" for "podscope"\n`);
    return 2;
  }
  return cmd(rest);
}

// `podscope logs -f … | head`: the reader went away; stop quietly, as kubectl does.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
