import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LiveDrainPanel, type LiveDrainPanelProps } from "../src/drain-live/LiveDrainPanel";

const noop = () => undefined;
const REASON = "This action needs the access token.";
// A drain that was stopped with the node left cordoned: Uncordon is offered.
const stopped: LiveDrainPanelProps = {
  node: "n1",
  check: null,
  progress: [],
  result: { node: "n1", result: "stopped", errors: [], warnings: [], pods: [], cordoned: true, endedAt: 0 },
  running: false,
  onDrain: noop,
  onStop: noop,
  onUncordon: noop,
};

/** The <button …>label</button> tag whose text is `label`, as rendered. */
const button = (html: string, label: string) => {
  const m = new RegExp(`<button[^>]*>${label}</button>`).exec(html);
  if (!m) throw new Error(`no button ${label} in ${html}`);
  return m[0];
};

describe("LiveDrainPanel without the right to change the cluster", () => {
  it("disables Drain for real, Stop and Uncordon, each titled with the reason, and says it once in the panel", () => {
    const html = renderToStaticMarkup(<LiveDrainPanel {...stopped} changeRefused={REASON} />);
    expect(button(html, "Uncordon n1")).toMatch(/disabled=""/);
    expect(button(html, "Uncordon n1")).toContain(`title="${REASON}"`);
    expect(button(html, "Drain for real")).toMatch(/disabled=""/);
    expect(button(html, "Drain for real")).toContain(`title="${REASON}"`);
    const running = renderToStaticMarkup(<LiveDrainPanel {...stopped} result={null} running changeRefused={REASON} />);
    expect(button(running, "Stop")).toMatch(/disabled=""/);
    expect(html.split(REASON).length - 1).toBe(3); // two titles and the note
  });

  it("with the right, Uncordon and Stop are enabled and nothing is said", () => {
    const html = renderToStaticMarkup(<LiveDrainPanel {...stopped} />);
    expect(button(html, "Uncordon n1")).not.toMatch(/disabled/);
    expect(html).not.toContain("change-refused");
    const running = renderToStaticMarkup(<LiveDrainPanel {...stopped} result={null} running />);
    expect(button(running, "Stop")).not.toMatch(/disabled/);
  });
});
