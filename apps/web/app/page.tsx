import { Overview } from "@/components/overview/Overview";

export const metadata = { title: "Overview · podscope" };

export default function OverviewPage() {
  return <Overview />;
}
