import { environmentRoute } from "@/components/environment/environment-route.tsx";

const route = environmentRoute("deployment", "airflowVariables");
export const metadata = route.metadata;
export default route.Page;
