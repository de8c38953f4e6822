"use client";

import { type ReactNode, useId, useRef, useState } from "react";
import { Button, type ButtonVariant } from "./button.tsx";
import { FormError } from "./field.tsx";

/**
 * A button that asks before it acts: a modal dialog names what will happen and offers
 * Cancel (focused first, so Enter does not destroy) and the action itself. A refusal from
 * the server is shown in the dialog; on success the dialog closes.
 */
export function ConfirmAction({
  label,
  title,
  children,
  confirmLabel = label,
  pendingLabel = "Working…",
  variant = "danger",
  triggerVariant = variant,
  disabled,
  onConfirm,
}: {
  label: string;
  title: string;
  children?: ReactNode;
  confirmLabel?: string;
  pendingLabel?: string;
  variant?: ButtonVariant;
  triggerVariant?: ButtonVariant;
  disabled?: boolean;
  /** Rejecting (with an Error) keeps the dialog open and shows the message. */
  onConfirm: () => Promise<unknown> | undefined;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function confirm() {
    setPending(true);
    setError(undefined);
    try {
      await onConfirm();
      dialog.current?.close();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <Button
        variant={triggerVariant}
        disabled={disabled}
        onClick={() => {
          setError(undefined);
          dialog.current?.showModal();
        }}
      >
        {label}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-line bg-surface p-0 text-fg shadow-xl backdrop:bg-slate-950/50"
      >
        <div className="space-y-3 px-5 py-4">
          <h2 id={titleId} className="text-base font-semibold wrap-anywhere">
            {title}
          </h2>
          {children ? <div className="text-sm text-fg-muted">{children}</div> : null}
          <FormError message={error} />
        </div>
        <div className="flex justify-end gap-2 border-t border-line px-5 py-3">
          <Button variant="secondary" autoFocus onClick={() => dialog.current?.close()} disabled={pending}>
            Cancel
          </Button>
          <Button variant={variant} onClick={confirm} disabled={pending}>
            {pending ? pendingLabel : confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
}
