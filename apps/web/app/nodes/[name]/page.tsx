import { NodePage } from "@/components/node/NodePage";

export default async function Page({ params }: { params: Promise<{ name: string }> }) {
  const p = await params;
  return <NodePage name={decodeURIComponent(p.name)} />;
}
