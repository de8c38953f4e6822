"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/forms.tsx";

/**
 * The freshly minted secret, shown this once. Focus moves here so keyboard and screen
 * reader users land on it; nothing keeps it after the panel is dismissed.
 */
export function NewTokenPanel({
  name,
  secret,
  onDismiss,
  title = `Token “${name}” created`,
  secretLabel = "New API token",
}: {
  name: string;
  secret: string;
  onDismiss: () => void;
  title?: string;
  secretLabel?: string;
}) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <section
      aria-labelledby="new-token-heading"
      className="rounded-xl border border-success-line bg-success-soft px-5 py-4"
    >
      <h2
        id="new-token-heading"
        ref={heading}
        tabIndex={-1}
        className="text-base font-semibold [overflow-wrap:anywhere] text-success-fg focus:outline-none"
      >
        {title}
      </h2>
      <p className="mt-1 text-sm text-success-fg">
        <strong>Copy it now: you won’t see it again.</strong> Skyport keeps only a hash of it. Use it as{" "}
        <code className="font-mono text-xs">Authorization: Bearer &lt;token&gt;</code>.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <label htmlFor="new-token-secret" className="sr-only">
          {secretLabel}
        </label>
        <input
          id="new-token-secret"
          readOnly
          value={secret}
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border-0 bg-surface px-3 py-2 font-mono text-sm text-fg shadow-sm ring-1 ring-emerald-600/30 ring-inset"
        />
        <Button onClick={copy}>Copy</Button>
        <Button variant="secondary" onClick={onDismiss}>
          I’ve saved it
        </Button>
      </div>
      <p role="status" className="mt-2 text-sm text-success-fg">
        {copied === "copied"
          ? "Copied to the clipboard."
          : copied === "failed"
            ? "Could not copy automatically: select the token and copy it."
            : ""}
      </p>
    </section>
  );
}
