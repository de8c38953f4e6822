// Bundles the CLI into one ESM file, dist/skyport.js. commander and yaml stay external: they are
// the package's `dependencies`, so npm installs them next to it.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { build } from "esbuild";

const root = new URL(".", import.meta.url);
const pkg = JSON.parse(await readFile(new URL("package.json", root), "utf8"));
const outfile = new URL("dist/skyport.js", root);

const result = await build({
  entryPoints: [new URL("src/main.ts", root).pathname],
  outfile: outfile.pathname,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: Object.keys(pkg.dependencies ?? {}),
  sourcemap: false,
  legalComments: "none",
  banner: { js: `// skyport ${pkg.version}: built from apps/cli/src by build.mjs` },
  write: false,
  logLevel: "warning",
});

// Written to a temporary file and renamed so a concurrently running CLI never reads half a file.
await mkdir(new URL("dist/", root), { recursive: true });
for (const file of result.outputFiles) {
  const temporary = `${file.path}.${process.pid}.tmp`;
  await writeFile(temporary, file.contents);
  await rename(temporary, file.path);
}
