// What the channel form checks before it asks the server: the domain's own channel contract
// (name, shared, and the settings union by kind). The form keeps every kind's inputs while the
// kind changes; only the chosen kind's are checked and sent. Loaded on the first submit.
import { channelSettingsSchema, createChannelInput } from "@skyport/domain/alerts-contract";
import { z } from "zod";
import { splitIds } from "./rule-model.ts";

function onlyKindSettings(settings: unknown): unknown {
  if (typeof settings !== "object" || settings === null || !("kind" in settings)) return settings;
  const option = channelSettingsSchema.options.find((each) => each.shape.kind.value === settings.kind);
  if (!option) return settings;
  const keys = Object.keys(option.shape);
  const kept = Object.entries(settings).filter(([key, value]) => keys.includes(key) && value !== "");
  const picked = Object.fromEntries(kept) as Record<string, unknown>;
  if ("recipients" in picked) picked.recipients = splitIds(picked.recipients);
  return picked;
}

export const channelFormSchema = z.object({
  name: createChannelInput.shape.name,
  shared: z.boolean(),
  settings: z.preprocess(onlyKindSettings, channelSettingsSchema),
});

export type ChannelFormOutput = z.output<typeof channelFormSchema>;

const SECRET_KEYS = ["webhookUrl", "routingKey", "apiKey", "url", "signingSecret"];

/**
 * Editing: the kind's settings are sent (replacing the secret) only when a secret was typed,
 * or for e-mail (recipients, no secret); empty secret inputs keep the stored secret.
 */
function keptOrReplaced(settings: unknown): unknown {
  if (typeof settings !== "object" || settings === null) return settings;
  const values = settings as Record<string, unknown>;
  if (values.kind === "EMAIL") return onlyKindSettings(settings);
  const typed = SECRET_KEYS.some((key) => typeof values[key] === "string" && values[key] !== "");
  return typed ? onlyKindSettings(settings) : undefined;
}

export const channelEditSchema = z.object({
  name: createChannelInput.shape.name,
  shared: z.boolean(),
  settings: z.preprocess(keptOrReplaced, channelSettingsSchema.optional()),
});

export type ChannelEditOutput = z.output<typeof channelEditSchema>;
