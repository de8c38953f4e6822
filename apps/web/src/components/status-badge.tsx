export { StatusBadge, type StatusTone } from "@skyport/ui";
