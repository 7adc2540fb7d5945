// The page for the DrainBoard browser test: renders <DrainBoard> with the rehearsal the test put on window.
import { createRoot } from "react-dom/client";
import { DrainBoard, type DrainBoardData } from "../src/drain";

declare global {
  interface Window {
    __DRAIN__: DrainBoardData;
    __drainReady?: boolean;
  }
}

createRoot(document.getElementById("root")!).render(<DrainBoard data={window.__DRAIN__} initialTime={0} width={1000} />);
requestAnimationFrame(() => {
  window.__drainReady = true;
});
