"use client";

import {
  ActionsTh,
  Button,
  ConfirmAction,
  FormError,
  inputClass,
  Table,
  TBody,
  Td,
  THead,
  Th,
  Tr,
} from "@skyport/ui";
import { type ReactNode, useState } from "react";
import { roleLabel } from "@/components/roles.ts";

/** One person or team holding a role (in the organization, or in a workspace). */
export interface RoleHolder {
  key: string;
  /** In labels: "Role of Dana Scully". */
  name: string;
  /** The first cell: name, email, a "Team" tag, "(you)". */
  who: ReactNode;
  role: string;
  /** A second column (e.g. when they joined); omitted when the table has none. */
  detail?: ReactNode;
  /** Under the role: why it cannot change, what it implies. */
  note?: ReactNode;
  /** Whether this row's role can be changed and the holder removed here. */
  editable: boolean;
}

export interface RoleMembersActions {
  /** Changes a holder's role; rejects with the server's refusal. */
  saveRole: (holder: RoleHolder, role: string) => Promise<unknown>;
  /** Removes the holder (or revokes their role). */
  remove: (holder: RoleHolder) => Promise<unknown>;
  /** "Remove" / "Revoke". */
  removeVerb: string;
  /** The confirmation's question, e.g. "Remove Dana from the organization?". */
  removeQuestion: (holder: RoleHolder) => string;
  /** What removing means, shown in the confirmation. */
  removeConsequence?: string;
}

/**
 * The members of an organization or a workspace with their roles. Managers change a role inline
 * (Save / Cancel) and remove someone after a confirmation; errors appear on the row they are about.
 */
export function RoleMembersTable({
  caption,
  holderColumn,
  detailColumn,
  holders,
  roleOptions,
  canManage,
  actions,
}: {
  caption: string;
  holderColumn: string;
  detailColumn?: string;
  holders: readonly RoleHolder[];
  roleOptions: ReadonlyArray<{ value: string; label: string }>;
  canManage: boolean;
  actions: RoleMembersActions;
}) {
  return (
    // Phones stack each holder's name, role picker and actions instead of scrolling sideways.
    <Table className="sm:min-w-[40rem]">
      <caption className="sr-only">{caption}</caption>
      <THead>
        <Tr>
          <Th>{holderColumn}</Th>
          <Th>Role</Th>
          {detailColumn ? <Th>{detailColumn}</Th> : null}
          {canManage ? <ActionsTh /> : null}
        </Tr>
      </THead>
      <TBody>
        {holders.map((holder) => (
          <RoleRow
            key={holder.key}
            holder={holder}
            roleOptions={roleOptions}
            canManage={canManage}
            detailColumn={detailColumn}
            actions={actions}
          />
        ))}
      </TBody>
    </Table>
  );
}

function RoleRow({
  holder,
  roleOptions,
  canManage,
  detailColumn,
  actions,
}: {
  holder: RoleHolder;
  roleOptions: ReadonlyArray<{ value: string; label: string }>;
  canManage: boolean;
  detailColumn: string | undefined;
  actions: RoleMembersActions;
}) {
  const [role, setRole] = useState(holder.role);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const selectId = `role-${holder.key}`;

  async function save() {
    setSaving(true);
    setError(undefined);
    try {
      await actions.saveRole(holder, role);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Tr>
      <Th scope="row" className="max-w-xs font-normal">
        <div className="min-w-0 text-sm wrap-anywhere text-fg">{holder.who}</div>
      </Th>
      <Td label="Role">
        {canManage && holder.editable ? (
          <div className="flex flex-wrap items-center gap-2">
            <label htmlFor={selectId} className="sr-only">
              Role of {holder.name}
            </label>
            <select
              id={selectId}
              value={role}
              onChange={(event) => setRole(event.target.value)}
              className={`${inputClass} w-48 py-1.5`}
            >
              {roleOptions.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
            {role !== holder.role ? (
              <>
                <Button className="px-2.5 py-1.5" disabled={saving} onClick={save}>
                  {saving ? "Saving…" : "Save"}
                </Button>
                <Button
                  variant="secondary"
                  className="px-2.5 py-1.5"
                  onClick={() => {
                    setRole(holder.role);
                    setError(undefined);
                  }}
                >
                  Cancel
                </Button>
              </>
            ) : null}
          </div>
        ) : (
          <span className="text-fg-muted">{roleLabel(holder.role)}</span>
        )}
        {holder.note ? <p className="mt-1 text-xs text-fg-muted">{holder.note}</p> : null}
        {error ? (
          <div className="mt-2 max-w-sm">
            <FormError message={error} />
          </div>
        ) : null}
      </Td>
      {detailColumn ? (
        <Td label={detailColumn} className="whitespace-nowrap text-fg-muted">
          {holder.detail}
        </Td>
      ) : null}
      {canManage ? (
        <Td className="whitespace-nowrap sm:text-right">
          {holder.editable ? (
            <ConfirmAction
              label={actions.removeVerb}
              triggerVariant="dangerLink"
              title={actions.removeQuestion(holder)}
              pendingLabel={`${actions.removeVerb}…`}
              onConfirm={() => actions.remove(holder)}
            >
              {actions.removeConsequence}
            </ConfirmAction>
          ) : null}
        </Td>
      ) : null}
    </Tr>
  );
}
