import Link from "next/link";
import { redirect } from "next/navigation";
import { buttonClasses } from "@/components/button-classes.ts";
import { SystemStatusPanel } from "@/components/system-status-panel.tsx";
import { getServerCaller } from "@/server/trpc/server-caller.ts";

/** An outline icon as data: its paths and circles on a 24×24 grid. */
interface IconShape {
  paths: string[];
  circles?: Array<[cx: number, cy: number, r: number]>;
}

interface Capability {
  title: string;
  description: string;
  icon: IconShape;
}

/** A decorative outline icon; the capability's heading carries the meaning. */
function Icon({ paths, circles = [] }: IconShape) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      className="size-5"
      aria-hidden="true"
      focusable="false"
    >
      {paths.map((d) => (
        <path key={d} d={d} />
      ))}
      {circles.map(([cx, cy, r]) => (
        <circle key={`${cx}-${cy}`} cx={cx} cy={cy} r={r} />
      ))}
    </svg>
  );
}

const capabilities: Capability[] = [
  {
    title: "Organizations and workspaces",
    description:
      "Organizations hold your people and teams. Workspaces group deployments, with owner, operator, author and member roles granted to users or teams.",
    icon: {
      paths: [
        "M16 19v-1.5a3.5 3.5 0 0 0-3.5-3.5h-5A3.5 3.5 0 0 0 4 17.5V19",
        "M20 19v-1.5a3.5 3.5 0 0 0-2.5-3.35M15.5 4.15a3.5 3.5 0 0 1 0 6.7",
      ],
      circles: [[10, 7.5, 3.5]],
    },
  },
  {
    title: "Airflow deployments on Kubernetes or one machine",
    description:
      "Each deployment is an isolated Apache Airflow runtime from the official images, in its own namespace with its own metadata database, created from the console, CLI or API. Without a cluster, Skyport runs each deployment as real Airflow processes on the machine it runs on.",
    icon: { paths: ["m12 3 8 4.5v9L12 21l-8-4.5v-9L12 3Z", "m4 7.5 8 4.5 8-4.5M12 12v9"] },
  },
  {
    title: "DAG deploys with history and rollback",
    description:
      "The skyport deploy command packs your DAG folder into a checksummed bundle that the runtime installs without a restart, or runs your own image built from the official one. Every deploy is recorded with who, what and when, and any earlier one can be rolled back to.",
    icon: { paths: ["M12 15V4M8 8l4-4 4 4", "M5 14v5h14v-5"] },
  },
  {
    title: "Secrets, connections and an audit log",
    description:
      "Environment variables, Airflow connections and variables are stored encrypted and delivered to the runtime; every change anyone makes is written to a tamper-evident audit log.",
    icon: { paths: ["M7 11V8a5 5 0 0 1 10 0v3", "M5.5 11h13v9.5h-13z"] },
  },
  {
    title: "Run history from OpenLineage",
    description:
      "Runtimes report DAG and task runs over Airflow's OpenLineage provider and their load over StatsD. Skyport keeps each run, every task try with its error, the data-quality assertions the events carry and the runtime's metrics, in the console, CLI and API.",
    icon: {
      paths: ["M4 19h16M7 16V9M12 16V5M17 16v-4"],
    },
  },
  {
    title: "Alerts when runs fail, drag on or are late",
    description:
      "Rules for failed DAGs and tasks, runs that take too long (noticed while they still run), deadlines missed in any time zone and runtimes that fall silent, sent to Slack, e-mail, PagerDuty, Opsgenie or signed webhooks, with retries and one notification per incident.",
    icon: {
      paths: ["M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15L6 16Z", "M10 20a2 2 0 0 0 4 0"],
    },
  },
];

/** The public landing page; signed-in people go straight to their organization. */
export default async function HomePage() {
  const caller = await getServerCaller();
  if (await caller.auth.me()) redirect("/orgs");
  return (
    <div className="mx-auto grid max-w-6xl gap-10 px-4 py-10 sm:px-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:gap-12 lg:px-8 lg:py-14">
      <div>
        <p className="text-sm font-semibold text-link">Hosted Apache Airflow</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-fg sm:text-4xl">Skyport</h1>
        <p className="mt-4 max-w-2xl text-lg leading-relaxed text-fg-muted">
          Skyport is a control plane for Apache Airflow. Teams organise their work into organizations and
          workspaces, run isolated Airflow deployments on Kubernetes or on one machine, deploy their DAGs to
          them, see the runs and metrics those deployments report back, and get alerted when runs fail or are
          late.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          <Link href="/sign-up" className={buttonClasses.primary}>
            Create an account
          </Link>
          <Link href="/sign-in" className={buttonClasses.secondary}>
            Sign in
          </Link>
        </div>

        <section aria-labelledby="capabilities-heading" className="mt-12">
          <h2 id="capabilities-heading" className="text-lg font-semibold text-fg">
            What Skyport manages
          </h2>
          <ul className="mt-4 divide-y divide-line rounded-xl border border-line bg-surface shadow-sm">
            {capabilities.map((capability) => (
              <li key={capability.title} className="flex gap-4 p-5">
                <span className="inline-flex size-9 shrink-0 items-center justify-center rounded-lg bg-accent-soft text-accent-fg ring-1 ring-info-line ring-inset">
                  <Icon {...capability.icon} />
                </span>
                <div>
                  <h3 className="text-sm font-semibold text-fg">{capability.title}</h3>
                  <p className="mt-1 text-sm leading-relaxed text-fg-muted">{capability.description}</p>
                </div>
              </li>
            ))}
          </ul>
        </section>
      </div>

      <aside aria-label="Installation health" className="lg:pt-1">
        <div className="lg:sticky lg:top-6">
          <SystemStatusPanel />
        </div>
      </aside>
    </div>
  );
}
