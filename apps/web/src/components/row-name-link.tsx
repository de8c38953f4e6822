import { cn, Truncate } from "@skyport/ui";
import Link from "next/link";

/**
 * A table row's name, linking to its page: cut to one line with the whole name as tooltip.
 * `mono`: the name is an identifier (a deployment's), set in the code font.
 */
export function RowNameLink({ href, name, mono = false }: { href: string; name: string; mono?: boolean }) {
  return (
    <Link
      href={href}
      className={cn(
        "block rounded text-link hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus",
        mono && "font-mono text-sm",
      )}
    >
      <Truncate text={name} />
    </Link>
  );
}
