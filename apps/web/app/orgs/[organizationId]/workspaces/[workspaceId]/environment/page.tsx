import { environmentRoute } from "@/components/environment/environment-route.tsx";

const route = environmentRoute("workspace", "variables");
export const metadata = route.metadata;
export default route.Page;
