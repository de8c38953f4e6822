"use client";

// Create or change an alert rule. The checks are the domain's rule contract (loaded on the
// first submit); every invalid field is marked at once, announced, and focus moves to the
// first. What the server refuses lands on the field it names.
import type { RuleView } from "@skyport/domain";
import type { AlertRuleTypeName } from "@skyport/domain/alerts-contract";
import { CheckboxField, FieldError, FormShell, SelectField } from "@skyport/ui";
import { applyServerErrors, useZodForm } from "@skyport/ui/form";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type * as zc from "zod/v4/core";
import { useTRPC } from "@/client/trpc.tsx";
import { NameField, useFormMessages } from "./form-messages.tsx";
import { fieldMessage, RULE_TYPE_LABELS, SEVERITY_OPTIONS } from "./labels.ts";
import { PatternBuilder, type SeenIds } from "./pattern-builder.tsx";
import { EMPTY_PROPERTIES, RULE_TYPE_BLOCKS, type RuleFormValues } from "./rule-fields.tsx";
import type { RuleFormOutput } from "./rule-model.ts";

const loadSchema = () =>
  import("./rule-model.ts").then(
    (model) => model.ruleFormSchema as unknown as zc.$ZodType<RuleFormOutput, RuleFormValues>,
  );

const SERVER_FIELDS = [
  "name",
  "type",
  "severity",
  "patterns",
  "channelIds",
  "properties.taskFailureMode",
  "properties.durationSeconds",
  "properties.deadline",
  "properties.timeZone",
  "properties.daysOfWeek",
  "properties.lookBackSeconds",
  "properties.silenceMinutes",
] as const;

export interface ChannelChoice {
  id: string;
  name: string;
  kind: string;
}

function valuesOf(rule: RuleView | undefined): RuleFormValues {
  if (!rule) {
    return {
      name: "",
      type: "DAG_FAILURE",
      severity: "WARNING",
      patterns: [],
      properties: { ...EMPTY_PROPERTIES },
      channelIds: [],
    };
  }
  return {
    name: rule.name,
    type: rule.type,
    severity: rule.severity,
    patterns: rule.patterns.map((pattern) => ({ ...pattern, values: pattern.values.join(", ") })),
    properties: { ...EMPTY_PROPERTIES, ...(rule.properties as RuleFormValues["properties"]) },
    channelIds: rule.channelIds,
  };
}

export function RuleForm({
  organizationId,
  workspaceId,
  deploymentId,
  channels,
  seen,
  rule,
  onDone,
}: {
  organizationId: string;
  workspaceId: string;
  /** Omitted: a rule for every deployment of the workspace. */
  deploymentId?: string | undefined;
  channels: readonly ChannelChoice[];
  seen: SeenIds;
  /** The rule to change; omitted for a new one. */
  rule?: RuleView | undefined;
  onDone?: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const idPrefix = rule ? `rule-${rule.id}` : "new-rule";
  const form = useZodForm(loadSchema, { defaultValues: valuesOf(rule) });
  const messages = useFormMessages();
  const settle = {
    onSuccess: (saved: RuleView) => {
      messages.succeed(rule ? `Saved ${saved.name}.` : `Created ${saved.name}.`);
      if (!rule) form.reset(valuesOf(undefined));
      router.refresh();
      onDone?.();
    },
    onError: (error: Parameters<typeof applyServerErrors>[1]) =>
      messages.fail(applyServerErrors(form, error, SERVER_FIELDS)),
  };
  const create = useMutation(trpc.alert.create.mutationOptions(settle));
  const update = useMutation(trpc.alert.update.mutationOptions(settle));
  const pending = create.isPending || update.isPending;
  const type = form.watch("type") as AlertRuleTypeName;
  const block = RULE_TYPE_BLOCKS[type];
  const { errors } = form.formState;

  const submit = form.handleSubmit((values) => {
    messages.clear();
    const patterns = block.patterns ? values.patterns : [];
    if (rule) {
      update.mutate({
        organizationId,
        ruleId: rule.id,
        name: values.name,
        severity: values.severity,
        patterns,
        properties: values.properties,
        channelIds: values.channelIds,
      });
    } else {
      create.mutate({
        organizationId,
        workspaceId,
        ...(deploymentId ? { deploymentId } : {}),
        name: values.name,
        type: values.type,
        severity: values.severity,
        patterns,
        properties: values.properties,
        channelIds: values.channelIds,
      });
    }
  });

  return (
    <FormShell
      onSubmit={submit}
      {...messages.shown}
      submitLabel={rule ? "Save rule" : "Create rule"}
      pendingLabel={rule ? "Saving…" : "Creating…"}
      pending={pending}
    >
      <div className="grid gap-4 lg:grid-cols-3">
        <NameField id={`${idPrefix}-name`} error={errors.name?.message} {...form.register("name")} />
        <SelectField
          id={`${idPrefix}-type`}
          label="Alert type"
          disabled={rule !== undefined}
          hint={rule ? "A rule's type cannot change; create another rule instead." : undefined}
          options={Object.entries(RULE_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
          error={fieldMessage(errors.type?.message, "Alert type")}
          {...form.register("type")}
        />
        <SelectField
          id={`${idPrefix}-severity`}
          label="Severity"
          options={SEVERITY_OPTIONS}
          error={fieldMessage(errors.severity?.message, "Severity")}
          {...form.register("severity")}
        />
      </div>
      {block.Fields ? <block.Fields form={form} idPrefix={idPrefix} /> : null}
      {block.patterns ? <PatternBuilder form={form} idPrefix={idPrefix} seen={seen} /> : null}
      <fieldset>
        <legend className="text-sm font-medium text-fg">Notify</legend>
        {channels.length === 0 ? (
          <p className="mt-1.5 text-xs text-fg-muted">
            No notification channel is usable here yet; incidents are still recorded. Add one under
            Notification channels.
          </p>
        ) : (
          <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
            {channels.map((channel) => (
              <CheckboxField
                key={channel.id}
                id={`${idPrefix}-channel-${channel.id}`}
                label={`${channel.name} (${channel.kind})`}
                value={channel.id}
                {...form.register("channelIds")}
              />
            ))}
          </div>
        )}
        <FieldError
          id={`${idPrefix}-channelIds-error`}
          message={fieldMessage(errors.channelIds?.message, "Notification channels")}
        />
      </fieldset>
    </FormShell>
  );
}
