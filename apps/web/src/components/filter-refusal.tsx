import { FormError } from "@/components/forms.tsx";

/** Why a list's filters (from the URL) could not be applied, in the server's words. */
export function FilterRefusal({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <div className="px-5 pb-4">
      <FormError message={`These filters cannot be applied: ${message}`} />
    </div>
  );
}
