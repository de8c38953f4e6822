import { environmentRoute } from "@/components/environment/environment-route.tsx";

const route = environmentRoute("workspace", "airflowVariables");
export const metadata = route.metadata;
export default route.Page;
