// Text that came from processes, made safe to print.

// A command line is whatever a container put in its argv: a newline or an escape sequence there
// must not forge tree lines or recolour the terminal, so control characters print escaped.
export function printable(s: string): string {
  let out = "";
  for (const c of s) {
    const n = c.charCodeAt(0);
    out += n < 0x20 || n === 0x7f ? `\\x${n.toString(16).padStart(2, "0")}` : c;
  }
  return out;
}
