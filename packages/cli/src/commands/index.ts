// Command table: name → handler returning an exit status.
export type Command = (argv: string[]) => Promise<number>;

export const commands: Record<string, Command> = {};
