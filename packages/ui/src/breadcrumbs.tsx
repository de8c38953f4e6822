import type { ComponentType, ReactNode } from "react";

export interface Crumb {
  label: string;
  href?: string;
}

export type LinkComponent = ComponentType<{ href: string; className?: string; children: ReactNode }>;

function PlainLink({ href, className, children }: { href: string; className?: string; children: ReactNode }) {
  return (
    <a href={href} className={className}>
      {children}
    </a>
  );
}

/**
 * Where a page sits: Workspaces / Analytics / Deployments / orders. The last item is the
 * page. Long names are cut with an ellipsis; the full name is the tooltip.
 */
export function Breadcrumbs({ items, link: Link = PlainLink }: { items: Crumb[]; link?: LinkComponent }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-3 min-w-0 text-sm">
      <ol className="flex min-w-0 flex-wrap items-center gap-1.5 text-fg-muted">
        {items.map((item, index) => {
          const last = index === items.length - 1;
          return (
            <li key={item.href ?? item.label} className="flex max-w-full min-w-0 items-center gap-1.5">
              {index > 0 ? <span aria-hidden="true">/</span> : null}
              {item.href && !last ? (
                <Link
                  href={item.href}
                  className="max-w-[16rem] truncate rounded font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
                >
                  <span title={item.label}>{item.label}</span>
                </Link>
              ) : (
                <span
                  aria-current={last ? "page" : undefined}
                  title={item.label}
                  className="truncate text-fg"
                >
                  {item.label}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
