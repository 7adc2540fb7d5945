export * from "./model";
export { LiveDrainPanel, type LiveDrainPanelProps } from "./LiveDrainPanel";
