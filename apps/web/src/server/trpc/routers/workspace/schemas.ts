// Kept for the environment routers, which import their ids from here; the schemas are the domain's.
export { idSchema, organizationIdSchema } from "@skyport/domain";
