import { describe, expect, it } from "vitest";
import { agentNamespace, apiPort, DEFAULT_PORT, e2ePort, namespaceNameError, podscopeHome, readEnv, webApiPort } from "../src";

describe("podscope's environment", () => {
  it("defaults the ports to one value and reads each variable under its own name", () => {
    expect(DEFAULT_PORT).toBe(7700);
    expect([apiPort({}), webApiPort({}), e2ePort({})]).toEqual([7700, 7700, 7700]);
    expect(apiPort({ PODSCOPE_PORT: "7800" })).toBe(7800);
    expect(webApiPort({ PODSCOPE_API_PORT: "7801", NEXT_PUBLIC_PODSCOPE_API_PORT: "7802" })).toBe(7801);
    expect(webApiPort({ NEXT_PUBLIC_PODSCOPE_API_PORT: "7802" })).toBe(7802);
    expect(e2ePort({ PODSCOPE_E2E_PORT: "7900" })).toBe(7900);
  });

  it("treats an empty variable as unset", () => {
    expect(apiPort({ PODSCOPE_PORT: "" })).toBe(7700);
    expect(podscopeHome({ PODSCOPE_HOME: "", HOME: "/home/u" })).toBe("/home/u/.podscope");
    expect(podscopeHome({ PODSCOPE_HOME: "/srv/ps", HOME: "/home/u" })).toBe("/srv/ps");
  });

  it("names the variable when a value is wrong", () => {
    expect(() => readEnv({ PODSCOPE_PORT: "abc" })).toThrow(/^PODSCOPE_PORT="abc" is not valid: /);
    expect(() => readEnv({ PODSCOPE_API_PORT: "70000" })).toThrow(/^PODSCOPE_API_PORT="70000" is not valid: /);
  });

  it("reads the agent's namespace as a namespace name, unset when empty", () => {
    expect(agentNamespace({})).toBeUndefined();
    expect(agentNamespace({ PODSCOPE_AGENT_NAMESPACE: "" })).toBeUndefined();
    expect(agentNamespace({ PODSCOPE_AGENT_NAMESPACE: "ops-agents" })).toBe("ops-agents");
    expect(() => agentNamespace({ PODSCOPE_AGENT_NAMESPACE: "Ops_Agents" })).toThrow(
      /^PODSCOPE_AGENT_NAMESPACE="Ops_Agents" is not valid: a namespace name must consist of lower case alphanumeric characters/,
    );
    expect(namespaceNameError("a".repeat(64))).toBe("a namespace name must be no more than 63 characters");
    expect(namespaceNameError("-x")).toMatch(/must start and end with an alphanumeric character/);
    expect(namespaceNameError("a".repeat(63))).toBeUndefined();
  });
});
