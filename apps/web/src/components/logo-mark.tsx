/** Skyport's mark: three task nodes joined like a small DAG. Decorative; pair it with text. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" className="fill-sky-600" />
      <path
        d="M10 11.5 L21.5 9.5 M10 11.5 L21.5 22.5"
        className="stroke-white/80"
        strokeWidth="2"
        fill="none"
      />
      <circle cx="10" cy="11.5" r="3.25" className="fill-white" />
      <circle cx="21.5" cy="9.5" r="3.25" className="fill-white" />
      <circle cx="21.5" cy="22.5" r="3.25" className="fill-sky-200" />
    </svg>
  );
}
