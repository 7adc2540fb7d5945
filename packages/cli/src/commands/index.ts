// Command table: name → handler returning an exit status. Handlers load lazily so that a quick
// command (get, drain --from) does not pay for starting the server code.
export type Command = (argv: string[]) => Promise<number>;

export const commands: Record<string, Command> = {
  up: (a) => import("./up").then((m) => m.up(a)),
  apply: (a) => import("./apply").then((m) => m.apply(a)),
  get: (a) => import("./get").then((m) => m.get(a)),
  describe: (a) => import("./describe").then((m) => m.describe(a)),
  delete: (a) => import("./delete").then((m) => m.del(a)),
  events: (a) => import("./events").then((m) => m.events(a)),
  logs: (a) => import("./logs").then((m) => m.logs(a)),
  exec: (a) => import("./exec").then((m) => m.exec(a)),
  attach: (a) => import("./attach").then((m) => m.attach(a)),
  debug: (a) => import("./debug").then((m) => m.debug(a)),
  image: (a) => import("./image").then((m) => m.image(a)),
  cgls: (a) => import("./cgls").then((m) => m.cgls(a)),
  lsns: (a) => import("./lsns").then((m) => m.lsns(a)),
  down: (a) => import("./down").then((m) => m.down(a)),
  drain: (argv) => import("./drain").then((m) => m.drain(argv)),
  export: (a) => import("./export").then((m) => m.exportWindow(a)),
  agent: (a) => import("./agent").then((m) => m.agent(a)),
};
