import { SnapshotsPage } from "@/components/SnapshotsPage";

export const metadata = { title: "Snapshots · podscope" };

export default function Page() {
  return <SnapshotsPage />;
}
