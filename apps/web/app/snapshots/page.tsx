import { SnapshotsPage } from "@/components/SnapshotsPage";

export default function Page() {
  return <SnapshotsPage />;
}
