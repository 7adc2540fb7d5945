import { EventsPage } from "@/components/events/EventsPage";

export const metadata = { title: "Events · podscope" };

export default function Page() {
  return <EventsPage />;
}
