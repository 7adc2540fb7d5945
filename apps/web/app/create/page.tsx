import { CreatePage } from "@/components/create/CreatePage";

export const metadata = { title: "Create a pod · podscope" };

export default function Page() {
  return <CreatePage />;
}
