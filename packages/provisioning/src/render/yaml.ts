// Multi-document YAML for render-only mode (manifests written to disk, `kubectl apply -f`-able).
import { stringify } from "yaml";
import type { KubeObject } from "./types.ts";

export function toYamlDocuments(objects: readonly KubeObject[]): string {
  return objects
    .map((object) =>
      // No line folding (long values such as SQL stay on one line) and no YAML anchors: every
      // document stands alone and reads exactly like the object.
      stringify(object, { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false }),
    )
    .join("---\n");
}
