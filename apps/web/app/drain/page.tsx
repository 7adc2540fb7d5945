import { DrainPage } from "@/components/drain/DrainPage";

export const metadata = { title: "Drain rehearsal · podscope" };

export default function Page() {
  return <DrainPage />;
}
