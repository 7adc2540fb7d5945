import { PodPage } from "@/components/pod/PodPage";

export default async function Page({ params }: { params: Promise<{ namespace: string; name: string }> }) {
  const p = await params;
  return <PodPage namespace={decodeURIComponent(p.namespace)} name={decodeURIComponent(p.name)} />;
}
