import { NodesPage } from "@/components/nodes/NodesPage";

export const metadata = { title: "Nodes · podscope" };

export default function Page() {
  return <NodesPage />;
}
