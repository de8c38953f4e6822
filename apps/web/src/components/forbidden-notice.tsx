import { NoAccess } from "@skyport/ui";
import type { ReactNode } from "react";

/** What a page shows when the server refused the caller (FORBIDDEN): the reason, plainly. */
export function ForbiddenNotice({
  title,
  message,
  children,
}: {
  title: string;
  message: string;
  children?: ReactNode;
}) {
  return (
    <NoAccess title={title} message={message}>
      {children}
    </NoAccess>
  );
}
