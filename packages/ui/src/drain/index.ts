export * from "./model";
export * from "./board-at";
export { DrainBoard, exportRehearsal, type DrainBoardProps } from "./DrainBoard";
export { DrainLanes, type DrainLanesProps } from "./DrainLanes";
export { DrainPlanTable } from "./DrainPlanTable";
export { PdbGauges } from "./PdbGauges";
