// Renders a console component in happy-dom inside the providers a page gives it: the real
// tRPC/react-query provider and an app router that records where the component navigates.
import { render } from "@testing-library/react";
import { AppRouterContext } from "next/dist/shared/lib/app-router-context.shared-runtime.js";
import type { ReactElement } from "react";
import { TRPCReactProvider } from "@/client/trpc.tsx";

export interface RecordedNavigation {
  replaced: string[];
  pushed: string[];
  refreshes: number;
}

export function renderInConsole(ui: ReactElement) {
  const navigation: RecordedNavigation = { replaced: [], pushed: [], refreshes: 0 };
  const router = {
    bfcacheId: "test",
    back() {},
    forward() {},
    prefetch() {},
    refresh() {
      navigation.refreshes += 1;
    },
    replace(href: string) {
      navigation.replaced.push(href);
    },
    push(href: string) {
      navigation.pushed.push(href);
    },
  };
  const view = render(
    <AppRouterContext.Provider value={router}>
      <TRPCReactProvider>{ui}</TRPCReactProvider>
    </AppRouterContext.Provider>,
  );
  return { ...view, navigation };
}
