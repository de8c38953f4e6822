"use client";

import type { ComponentProps, FormEvent, ReactNode } from "react";
import { Button, FormError, FormNotice } from "@/components/forms.tsx";
import { EditActions, OwnerLinksField } from "./links-field.tsx";

/**
 * The frame of every environment object form (a variable or a connection, added or edited):
 * the form-level error and notice, the object's own fields, the deployments a workspace object
 * is delivered to, and either "Add …" or Save/Cancel under a table row.
 */
export function ObjectForm({
  label,
  onSubmit,
  error,
  notice,
  links,
  action,
  children,
}: {
  label: string;
  onSubmit: () => void;
  error: string | undefined;
  notice?: string | undefined;
  links: ComponentProps<typeof OwnerLinksField>;
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
      <FormError message={error} />
      <FormNotice message={notice} />
      {children}
      <OwnerLinksField {...links} />
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
