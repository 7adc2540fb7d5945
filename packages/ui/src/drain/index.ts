export * from "./model";
export { DrainBoard, exportRehearsal, type DrainBoardProps } from "./DrainBoard";
export { DrainLanes, type DrainLanesProps } from "./DrainLanes";
export { DrainPlanTable } from "./DrainPlanTable";
export { PdbGauges } from "./PdbGauges";
