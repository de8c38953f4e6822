"use client";

import type { ComponentProps, FormEvent, ReactNode } from "react";
import { Button, FormError, FormNotice, type ServerError } from "@/components/forms.tsx";
import { unplacedError } from "./errors.ts";
import { EditActions, OwnerLinksField } from "./links-field.tsx";

/**
 * The frame of every environment object form (a variable or a connection, added or edited):
 * the form-level error and notice, the object's own fields, the deployments a workspace object
 * is delivered to, and either "Add …" or Save/Cancel under a table row. The mutation's error
 * goes to the field it names (the fields shown and the links) or, failing that, above the form.
 */
export function ObjectForm({
  label,
  idPrefix,
  onSubmit,
  error,
  shownFields,
  notice,
  links,
  action,
  children,
}: {
  label: string;
  /** Prefix of the form's control ids; the links field is `<idPrefix>-links`. */
  idPrefix: string;
  onSubmit: () => void;
  error: ServerError | null | undefined;
  /** The fields the form shows, which place their own errors. */
  shownFields: readonly string[];
  notice?: string | undefined;
  links: Omit<ComponentProps<typeof OwnerLinksField>, "id" | "error">;
  action: { add: string; pending: boolean } | { onCancel: () => void; pending: boolean };
  children: ReactNode;
}) {
  const adding = "add" in action;
  return (
    <form
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        onSubmit();
      }}
      noValidate
      aria-label={label}
      className={adding ? "space-y-4 px-5 py-4" : "space-y-4"}
    >
      <FormError message={unplacedError(error, shownFields)} />
      <FormNotice message={notice} />
      {children}
      <OwnerLinksField {...links} id={`${idPrefix}-links`} error={error} />
      {adding ? (
        <Button type="submit" disabled={action.pending}>
          {action.pending ? "Adding…" : action.add}
        </Button>
      ) : (
        <EditActions pending={action.pending} onCancel={action.onCancel} />
      )}
    </form>
  );
}
