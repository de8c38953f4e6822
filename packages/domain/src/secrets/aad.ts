import type { SealTarget } from "./types.ts";

// Associated data is a JSON array: unambiguous field boundaries (no "a|b" + "c" == "a" + "b|c"
// collisions) and a purpose label, so a wrapped key can never stand in for a value or back.
const encoder = new TextEncoder();

/** Binds a wrapped data key to its organization, version and the KEK id it is stored under. */
export function dataKeyAad(organizationId: string, version: number, kekId: string): Uint8Array {
  return encoder.encode(JSON.stringify(["skyport.data-key.v1", organizationId, version, kekId]));
}

/** Binds a sealed value to where it lives and the data-key version that sealed it. */
export function valueAad(target: SealTarget, dataKeyVersion: number): Uint8Array {
  return encoder.encode(
    JSON.stringify([
      "skyport.value.v1",
      target.organizationId,
      target.table,
      target.rowId,
      target.field,
      target.valueVersion,
      dataKeyVersion,
    ]),
  );
}
