// Notification channels (their secrets are write-only: no output schema has a field for one).
// The permission in meta is the deployment-level one (what the authorization matrix
// exercises); the domain checks the level the channel lives at: organization channels need
// notificationChannel.organization.*, workspace ones alert.workspace.*.
import {
  channelRefInput,
  channelSchema,
  createChannel,
  createChannelInput,
  deleteChannel,
  deliverySchema,
  listChannels,
  listChannelsInput,
  type MutationContext,
  pageSchema,
  testChannel,
  updateChannel,
  updateChannelInput,
} from "@skyport/domain";
import { jobs } from "@skyport/queue";
import type { WebServices } from "../../../services.ts";
import { domainMutation, domainQuery, outputView, protectedProcedure, router } from "../../init.ts";
import { notificationChannelDelivery } from "../alert/console-reads.ts";

/** Writing a channel: the caller, the secret box and the billing plans (alert-channel limit). */
const channelWriteContext = (ctx: { domain: MutationContext; services: WebServices }) => ({
  ...ctx.domain,
  secrets: ctx.services.secrets,
  billingPlans: ctx.services.billing?.plans ?? null,
});

const READ = "alert.deployment.read";
const MANAGE = "alert.deployment.manage";
const manage = protectedProcedure.meta({ permission: MANAGE });

export const notificationChannelRouter = router({
  list: domainQuery(READ, listChannelsInput, pageSchema(channelSchema), listChannels),
  create: manage
    .input(createChannelInput)
    .output(outputView(channelSchema))
    .mutation(({ ctx, input }) => createChannel(channelWriteContext(ctx), input)),
  delete: domainMutation(MANAGE, channelRefInput, channelSchema, deleteChannel),
  /** Records a test notification and queues its delivery; the answer is the delivery (PENDING). */
  test: manage
    .input(channelRefInput)
    .output(outputView(deliverySchema))
    .mutation(async ({ ctx, input }) => {
      const delivery = await testChannel(ctx.domain, input);
      await ctx.services.jobs.enqueue(jobs.alertDelivery, { deliveryId: delivery.id });
      return delivery;
    }),
  delivery: notificationChannelDelivery,
  /** Name, sharing or settings; new settings re-seal the secret (write-only, never answered). */
  update: manage
    .input(updateChannelInput)
    .output(outputView(channelSchema))
    .mutation(({ ctx, input }) => updateChannel(channelWriteContext(ctx), input)),
});
