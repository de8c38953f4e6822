export { type BundleDiff, diffBundles } from "./diff.ts";
export {
  BundleError,
  type BundleFile,
  type BundleLimits,
  type BundleManifest,
  type BundleProblem,
  DEFAULT_BUNDLE_LIMITS,
  describeBytes,
  inspectBundle,
  safeEntryPath,
} from "./inspect.ts";
export { type IgnoreSyntax, PackError, type PackedBundle, type PackOptions, packDagFolder } from "./pack.ts";
