import { describe, expect, it } from "vitest";
import { commandSuggestions, parseCommand } from "../lib/commands";

describe("the command bar, k9s style", () => {
  it("jumps to views by name and by k9s's short names", () => {
    expect(parseCommand(":pods")).toEqual({ kind: "go", path: "/pods" });
    expect(parseCommand("po")).toEqual({ kind: "go", path: "/pods" });
    expect(parseCommand(":nodes")).toEqual({ kind: "go", path: "/nodes" });
    expect(parseCommand(" :no ")).toEqual({ kind: "go", path: "/nodes" });
    expect(parseCommand(":events")).toEqual({ kind: "go", path: "/events" });
    expect(parseCommand(":EV")).toEqual({ kind: "go", path: "/events" });
  });

  it("a namespace after the view narrows it; all (or -A) clears the filter", () => {
    expect(parseCommand(":pods kube-system")).toEqual({ kind: "go", path: "/pods", namespace: "kube-system" });
    expect(parseCommand(":events all")).toEqual({ kind: "go", path: "/events", namespace: null });
    expect(parseCommand(":ns default")).toEqual({ kind: "namespace", namespace: "default" });
    expect(parseCommand(":ns -A")).toEqual({ kind: "namespace", namespace: null });
  });

  it("anything else is unknown, not a guess", () => {
    expect(parseCommand(":deploy")).toEqual({ kind: "unknown", text: "deploy" });
    expect(parseCommand(":ns")).toEqual({ kind: "unknown", text: "ns" });
    expect(parseCommand(":pods a b")).toEqual({ kind: "unknown", text: "pods a b" });
  });

  it("suggests the commands that start with what is typed", () => {
    expect(commandSuggestions(":n")).toEqual(["nodes", "ns"]);
    expect(commandSuggestions("")).toContain("events");
  });
});
