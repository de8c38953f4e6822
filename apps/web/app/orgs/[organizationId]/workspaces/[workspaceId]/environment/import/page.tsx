import { environmentRoute } from "@/components/environment/environment-route.tsx";

const route = environmentRoute("workspace", "import");
export const metadata = route.metadata;
export default route.Page;
