export * from "./failure";
export * from "./pod";
export * from "./client";
export * from "./inspector";
