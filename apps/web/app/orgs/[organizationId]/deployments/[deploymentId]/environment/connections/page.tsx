import { environmentRoute } from "@/components/environment/environment-route.tsx";

const route = environmentRoute("deployment", "connections");
export const metadata = route.metadata;
export default route.Page;
