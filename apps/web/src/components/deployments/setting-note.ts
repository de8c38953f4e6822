// What the catalog says about an Airflow setting as typed, for the runtime the form has chosen:
// refused (with why), read only by the other runtime line (naming the key this one reads), or its
// allowed range. The server applies the same rules; this only says so before submitting.
import type { RuntimeCatalog } from "./types.ts";

export interface SettingNote {
  refused: boolean;
  text: string;
}

export function settingNote(
  catalog: RuntimeCatalog,
  runtimeVersion: string,
  section: string,
  key: string,
): SettingNote | null {
  const s = section.trim().toLowerCase();
  const k = key.trim().toLowerCase();
  if (!s || !k) return null;
  const refused = catalog.refusedSettings.find((entry) => entry.section === s && entry.key === k);
  if (refused) return { refused: true, text: `${s}.${k} cannot be overridden: it ${refused.reason}.` };
  if (k.endsWith("_cmd") || k.endsWith("_secret")) {
    return {
      refused: true,
      text: `${s}.${k} cannot be overridden (settings ending in _cmd or _secret are refused).`,
    };
  }
  const runtime = catalog.runtimes.find((entry) => entry.version === runtimeVersion);
  if (runtime) {
    const dotted = `${s}.${k}`;
    const moved = catalog.movedSettings.find((entry) =>
      runtime.major === 3 ? entry.airflow2 === dotted : entry.airflow3 === dotted,
    );
    if (moved) {
      const other = runtime.major === 3 ? 2 : 3;
      const replacement = runtime.major === 3 ? moved.airflow3 : moved.airflow2;
      return {
        refused: true,
        text: `${dotted} is an Airflow ${other} setting that Airflow ${runtime.version} does not read; use ${replacement}.`,
      };
    }
  }
  const ranged = catalog.rangedSettings.find(
    (entry) =>
      entry.section === s &&
      entry.key === k &&
      (entry.runtimeMajor === null || !runtime || entry.runtimeMajor === runtime.major),
  );
  if (!ranged) return null;
  const range =
    ranged.kind === "integer"
      ? `a whole number from ${ranged.min} to ${ranged.max}`
      : `one of ${(ranged.values ?? []).join(", ")}`;
  return { refused: false, text: `${ranged.description}: ${range}.` };
}
