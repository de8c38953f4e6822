import { z } from "zod";

/** Never a password hash or a session token: only who the person is. */
export const sessionUserSchema = z.object({ id: z.string(), email: z.string(), name: z.string() });

// Lengths here only bound the request; the rules (and their messages) live in the domain.
export const emailInput = z.string().max(320, "is too long");
export const passwordInput = z.string().max(1024, "is too long");
export const nameInput = z.string().max(200, "is too long");
