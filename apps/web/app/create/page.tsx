import { CreatePage } from "@/components/create/CreatePage";

export default function Page() {
  return <CreatePage />;
}
