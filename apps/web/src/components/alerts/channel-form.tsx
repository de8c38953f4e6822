"use client";

// A new notification channel, or changes to one. Secrets (webhook URLs, routing and API keys,
// signing secrets) are typed into password inputs, sent once and never shown again: no view
// carries them, so editing starts with empty secret inputs and leaving them empty keeps the secret.
import type { ChannelView, NotificationChannelKindName } from "@skyport/domain/alerts-contract";
import { CheckboxField, FormShell, SelectField, TextField } from "@skyport/ui";
import { applyServerErrors, useZodForm } from "@skyport/ui/form";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import type { UseFormReturn } from "react-hook-form";
import type * as zc from "zod/v4/core";
import { useTRPC } from "@/client/trpc.tsx";
import type { ChannelFormOutput } from "./channel-model.ts";
import { NameField, useFormMessages } from "./form-messages.tsx";
import { CHANNEL_KIND_LABELS, fieldMessage } from "./labels.ts";

type ChannelFormValues = {
  name: string;
  shared: boolean;
  settings: {
    kind: NotificationChannelKindName;
    webhookUrl?: string;
    recipients?: string;
    routingKey?: string;
    apiKey?: string;
    region?: string;
    url?: string;
    signingSecret?: string;
  };
};
type ChannelForm = UseFormReturn<ChannelFormValues, unknown, ChannelFormOutput>;

const loadSchema = () =>
  import("./channel-model.ts").then(
    (model) => model.channelFormSchema as unknown as zc.$ZodType<ChannelFormOutput, ChannelFormValues>,
  );

const loadEditSchema = () =>
  import("./channel-model.ts").then(
    (model) => model.channelEditSchema as unknown as zc.$ZodType<ChannelFormOutput, ChannelFormValues>,
  );

const EMPTY: ChannelFormValues = {
  name: "",
  shared: true,
  settings: {
    kind: "SLACK",
    webhookUrl: "",
    recipients: "",
    routingKey: "",
    apiKey: "",
    region: "US",
    url: "",
    signingSecret: "",
  },
};

/** An existing channel's shown settings; its secret inputs start empty. */
function valuesOf(channel: ChannelView): ChannelFormValues {
  return {
    name: channel.name,
    shared: channel.shared,
    settings: {
      ...EMPTY.settings,
      kind: channel.kind,
      recipients: (channel.recipients ?? []).join(", "),
      region: channel.region ?? "US",
    },
  };
}

const SERVER_FIELDS = [
  "name",
  "shared",
  "settings.kind",
  "settings.webhookUrl",
  "settings.recipients",
  "settings.routingKey",
  "settings.apiKey",
  "settings.region",
  "settings.url",
  "settings.signingSecret",
] as const;

/** A secret input: typed, sent, never filled back in. */
function SecretField({
  form,
  name,
  label,
  hint,
  idPrefix,
  editing,
}: {
  form: ChannelForm;
  name: "webhookUrl" | "routingKey" | "apiKey" | "url" | "signingSecret";
  label: string;
  hint: ReactNode;
  idPrefix: string;
  editing: boolean;
}) {
  return (
    <TextField
      id={`${idPrefix}-${name}`}
      label={label}
      type="password"
      autoComplete="off"
      spellCheck={false}
      controlClassName="font-mono"
      hint={editing ? KEEP_SECRET : hint}
      error={fieldMessage(form.formState.errors.settings?.[name]?.message, label)}
      {...form.register(`settings.${name}`)}
    />
  );
}

const WRITE_ONLY = "Write-only: stored encrypted and never shown again.";
const KEEP_SECRET =
  "Leave empty to keep the current secret; a new one replaces it (write-only, never shown). Opsgenie's region and a webhook's URL and secret change together.";

/** One block per channel kind; a new kind fails type-checking until it has one. */
const KIND_FIELDS: Record<
  NotificationChannelKindName,
  (props: { form: ChannelForm; idPrefix: string; editing: boolean }) => ReactNode
> = {
  SLACK: (props) => (
    <SecretField {...props} name="webhookUrl" label="Slack incoming webhook URL" hint={WRITE_ONLY} />
  ),
  EMAIL: ({ form, idPrefix }) => (
    <TextField
      id={`${idPrefix}-recipients`}
      label="Recipients"
      autoComplete="off"
      hint="E-mail addresses, separated by commas (at most 20)."
      error={fieldMessage(form.formState.errors.settings?.recipients?.message, "Recipients")}
      {...form.register("settings.recipients")}
    />
  ),
  PAGERDUTY: (props) => (
    <SecretField {...props} name="routingKey" label="PagerDuty integration (routing) key" hint={WRITE_ONLY} />
  ),
  OPSGENIE: (props) => (
    <div className="grid gap-4 lg:grid-cols-2">
      <SecretField {...props} name="apiKey" label="Opsgenie API key" hint={WRITE_ONLY} />
      <SelectField
        id={`${props.idPrefix}-region`}
        label="Opsgenie region"
        options={[
          { value: "US", label: "US (api.opsgenie.com)" },
          { value: "EU", label: "EU (api.eu.opsgenie.com)" },
        ]}
        {...props.form.register("settings.region")}
      />
    </div>
  ),
  WEBHOOK: (props) => (
    <div className="grid gap-4 lg:grid-cols-2">
      <SecretField {...props} name="url" label="Webhook URL" hint={WRITE_ONLY} />
      <SecretField
        {...props}
        name="signingSecret"
        label="Signing secret"
        hint={
          <>
            A Standard Webhooks secret: <code>whsec_</code> and base64. {WRITE_ONLY}
          </>
        }
      />
    </div>
  ),
};

export function ChannelForm({
  owner,
  channel,
}: {
  owner: { organizationId: string; workspaceId?: string | undefined; deploymentId?: string | undefined };
  /** Editing this channel (else creating one). */
  channel?: ChannelView | undefined;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const editing = channel !== undefined;
  const idPrefix = channel ? `edit-channel-${channel.id}` : "new-channel";
  const form = useZodForm(editing ? loadEditSchema : loadSchema, {
    defaultValues: channel ? valuesOf(channel) : EMPTY,
  });
  const messages = useFormMessages();
  const update = useMutation(
    trpc.notificationChannel.update.mutationOptions({
      onSuccess: (changed) => {
        messages.succeed(`Saved ${changed.name}.`);
        form.reset(valuesOf(changed));
        router.refresh();
      },
      onError: (error) => messages.fail(applyServerErrors(form, error, SERVER_FIELDS)),
    }),
  );
  const create = useMutation(
    trpc.notificationChannel.create.mutationOptions({
      onSuccess: (channel) => {
        messages.succeed(`Created ${channel.name}. Send it a test notification from the list.`);
        form.reset(EMPTY);
        router.refresh();
      },
      onError: (error) => messages.fail(applyServerErrors(form, error, SERVER_FIELDS)),
    }),
  );
  const kind = form.watch("settings.kind");
  const Fields = KIND_FIELDS[kind];
  const { errors } = form.formState;
  return (
    <FormShell
      onSubmit={form.handleSubmit((values) => {
        messages.clear();
        if (channel) {
          const { settings, ...rest } = values;
          update.mutate({
            organizationId: channel.organizationId,
            channelId: channel.id,
            ...rest,
            ...(settings ? { settings } : {}),
          });
        } else create.mutate({ ...owner, ...values });
      })}
      {...messages.shown}
      submitLabel={editing ? "Save channel" : "Create channel"}
      pendingLabel={editing ? "Saving…" : "Creating…"}
      pending={editing ? update.isPending : create.isPending}
    >
      <div className="grid gap-4 lg:grid-cols-2">
        <NameField id={`${idPrefix}-name`} error={errors.name?.message} {...form.register("name")} />
        {channel ? (
          <p className="text-sm">
            Kind: {CHANNEL_KIND_LABELS[channel.kind]} <span className="text-fg-muted">(cannot change)</span>
          </p>
        ) : (
          <SelectField
            id={`${idPrefix}-kind`}
            label="Kind"
            options={Object.entries(CHANNEL_KIND_LABELS).map(([value, label]) => ({ value, label }))}
            error={fieldMessage(errors.settings?.kind?.message, "Kind")}
            {...form.register("settings.kind")}
          />
        )}
      </div>
      <Fields form={form} idPrefix={idPrefix} editing={editing} />
      {(channel ? channel.scope === "DEPLOYMENT" : owner.deploymentId) ? null : (
        <CheckboxField
          id={`${idPrefix}-shared`}
          label="Shared downwards"
          hint="Rules of the workspaces and deployments below may notify it."
          {...form.register("shared")}
        />
      )}
    </FormShell>
  );
}
