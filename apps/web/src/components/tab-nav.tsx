import Link from "next/link";

export interface TabLink {
  href: string;
  label: string;
  current: boolean;
}

/** A row of page tabs, each its own URL (so every view can be bookmarked); the current one marked. */
export function TabNav({ label, tabs }: { label: string; tabs: readonly TabLink[] }) {
  return (
    <nav aria-label={label} className="border-b border-line">
      <ul className="-mb-px flex flex-wrap gap-x-6">
        {tabs.map((tab) => (
          <li key={tab.href}>
            <Link
              href={tab.href}
              aria-current={tab.current ? "page" : undefined}
              className={`inline-block border-b-2 px-1 py-2.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 ${
                tab.current
                  ? "border-link text-accent-fg"
                  : "border-transparent text-fg-muted hover:border-slate-300 hover:text-fg"
              }`}
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
