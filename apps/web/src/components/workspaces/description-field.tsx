import { TextareaField } from "@skyport/ui";

/** The domain's limit for descriptions (packages/domain/src/shared/names.ts). */
export const DESCRIPTION_MAX_LENGTH = 500;

/** An optional free-text description (up to 500 characters) with its error beside it. */
export function DescriptionField({
  id,
  label = "Description (optional)",
  value,
  onChange,
  error,
}: {
  id: string;
  label?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  return (
    <TextareaField
      id={id}
      label={label}
      rows={2}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      hint={`What this is for, in a sentence. Up to ${DESCRIPTION_MAX_LENGTH} characters.`}
      error={error}
    />
  );
}
