export * from "./types";
export * from "./quantity";
