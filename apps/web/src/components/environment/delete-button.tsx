"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, buttonClasses } from "@/components/forms.tsx";
import { changeNotice } from "./change-notice.ts";
import type { EnvironmentChange } from "./environment-api.ts";

/** Delete with a second click to confirm; the name is repeated so the right row goes. */
export function DeleteButton({
  name,
  remove,
  onDeleted,
}: {
  name: string;
  remove: () => Promise<EnvironmentChange>;
  onDeleted: (notice: string) => void;
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const mutation = useMutation({
    mutationFn: remove,
    onSuccess: (change) => {
      onDeleted(changeNotice(`Deleted ${name}`, change));
      router.refresh();
    },
  });
  if (!confirming) {
    return (
      <button type="button" className={buttonClasses.dangerLink} onClick={() => setConfirming(true)}>
        Delete<span className="sr-only"> {name}</span>
      </button>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span className="text-sm text-fg">Delete {name}?</span>
      <Button
        variant="danger"
        className="px-2.5 py-1"
        disabled={mutation.isPending}
        onClick={() => mutation.mutate()}
      >
        {mutation.isPending ? "Deleting…" : "Delete"}
      </Button>
      <button type="button" className={buttonClasses.link} onClick={() => setConfirming(false)}>
        Cancel
      </button>
      {mutation.error ? (
        <span role="alert" className="basis-full text-sm text-danger-fg">
          {mutation.error.message}
        </span>
      ) : null}
    </span>
  );
}
