import { router } from "../../init.ts";
import { authMe } from "./me.ts";
import { authSignIn } from "./sign-in.ts";
import { authSignOut } from "./sign-out.ts";
import { authSignUp } from "./sign-up.ts";

export const authRouter = router({
  signUp: authSignUp,
  signIn: authSignIn,
  signOut: authSignOut,
  me: authMe,
});
