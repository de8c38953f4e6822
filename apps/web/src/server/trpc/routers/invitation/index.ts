import { router } from "../../init.ts";
import { invitationAccept } from "./accept.ts";
import { invitationCreate } from "./create.ts";
import { invitationList } from "./list.ts";
import { invitationPreview } from "./preview.ts";
import { invitationResend } from "./resend.ts";
import { invitationRevoke } from "./revoke.ts";
import { invitationSignUpAndAccept } from "./sign-up-and-accept.ts";

export const invitationRouter = router({
  create: invitationCreate,
  list: invitationList,
  revoke: invitationRevoke,
  resend: invitationResend,
  preview: invitationPreview,
  accept: invitationAccept,
  signUpAndAccept: invitationSignUpAndAccept,
});
