export { buttonClasses } from "@skyport/ui";
