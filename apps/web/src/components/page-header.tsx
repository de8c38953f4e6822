// Page heading and titled card sections come from the UI kit.
export { Card as Section, PageHeader } from "@skyport/ui";
