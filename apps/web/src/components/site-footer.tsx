export function SiteFooter() {
  return (
    <footer className="border-t border-line">
      <div className="mx-auto flex max-w-6xl flex-col gap-1 px-4 py-6 text-sm text-fg-muted sm:flex-row sm:justify-between sm:px-6 lg:px-8">
        <p>Skyport {process.env.SKYPORT_VERSION}</p>
        <p>Apache Airflow is a trademark of the Apache Software Foundation.</p>
      </div>
    </footer>
  );
}
