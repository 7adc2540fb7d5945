import { PodList } from "@/components/pods/PodList";

export default function PodsPage() {
  return <PodList />;
}
