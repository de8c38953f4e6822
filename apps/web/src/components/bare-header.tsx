import { LogoMark } from "./logo-mark.tsx";

/**
 * The header of the error and not-found pages: the logo, linking home with a plain link (a full
 * page load is the right reset there). These boundaries are part of every page's JavaScript, so
 * they carry no client navigation code.
 */
export function BareHeader() {
  return (
    <header className="border-b border-line bg-surface">
      <div className="mx-auto flex h-14 max-w-6xl items-center px-4 sm:px-6 lg:px-8">
        <a
          href="/"
          className="flex items-center gap-2.5 rounded-md text-fg focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-focus"
        >
          <LogoMark className="size-7" />
          <span className="text-base font-semibold tracking-tight">Skyport</span>
        </a>
      </div>
    </header>
  );
}
