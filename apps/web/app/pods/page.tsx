import { PodList } from "@/components/pods/PodList";

export const metadata = { title: "Pods · podscope" };

export default function PodsPage() {
  return <PodList />;
}
