import Link from "next/link";
import { LogoMark } from "./logo-mark.tsx";

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex h-14 max-w-6xl items-center justify-between px-4 sm:px-6 lg:px-8">
        <Link
          href="/"
          className="flex items-center gap-2.5 rounded-md text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-sky-600 dark:text-white"
        >
          <LogoMark className="size-7" />
          <span className="text-base font-semibold tracking-tight">Skyport</span>
        </Link>
        <p className="hidden text-sm text-slate-600 sm:block dark:text-slate-400">
          Control plane for Apache Airflow
        </p>
      </div>
    </header>
  );
}
