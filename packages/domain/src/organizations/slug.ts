import { randomBytes } from "node:crypto";

const MAX_SLUG_LENGTH = 48;

/** The URL-safe base of a slug: lower-case ASCII letters, digits and single dashes. */
export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/g, "");
  return base || "organization";
}

/**
 * Slugs to try, in order: the plain slug, then numbered suffixes, then random ones (so a
 * popular name still finds a free handle quickly).
 */
export function* organizationSlugCandidates(name: string): Generator<string> {
  const base = slugify(name);
  yield base;
  for (let n = 2; n <= 20; n++) yield `${base}-${n}`;
  for (let i = 0; i < 10; i++) yield `${base}-${randomBytes(3).toString("hex")}`;
}
