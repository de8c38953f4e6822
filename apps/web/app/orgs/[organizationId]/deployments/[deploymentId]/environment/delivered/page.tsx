import { environmentRoute } from "@/components/environment/environment-route.tsx";

const route = environmentRoute("deployment", "delivered");
export const metadata = route.metadata;
export default route.Page;
