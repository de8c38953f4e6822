export { default } from "@/components/console/page-loading.tsx";
