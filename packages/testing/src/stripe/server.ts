// A stateful stand-in for Stripe's HTTP API, scoped to Skyport's billing flows: Stripe is not
// reachable from test machines, and stripe-mock is stateless. It speaks the wire protocol the
// real `stripe` client uses (form-encoded v1 bodies with bracket keys, `expand[]`, list
// objects, the error envelope, Idempotency-Key replay, Request-Id) and signs webhook
// deliveries the way Stripe does (Stripe-Signature: t=…,v1=HMAC-SHA256(t.body)).
import { createHash, createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import qs from "qs";

type StripeObject = Record<string, unknown> & { id: string; object: string; created: number };

/** Why a request is refused: becomes Stripe's error envelope. */
class StripeFailure extends Error {
  constructor(
    readonly status: number,
    readonly type: "invalid_request_error" | "idempotency_error" | "api_error" | "card_error",
    message: string,
    readonly param?: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const missing = (param: string) =>
  new StripeFailure(
    400,
    "invalid_request_error",
    `Missing required param: ${param}.`,
    param,
    "parameter_missing",
  );
const noSuch = (what: string, id: string, param = "id") =>
  new StripeFailure(404, "invalid_request_error", `No such ${what}: '${id}'`, param, "resource_missing");

export type WebhookMode =
  /** Each event once, in the order it happened. */
  | "in-order"
  /** Each event twice. */
  | "duplicate"
  /** The events of one action in reverse order (an `updated` before its `created`). */
  | "reversed"
  /** Held until releaseEvents() (to replay, reorder or drop them by hand). */
  | "held";

export interface WebhookDelivery {
  event: StripeObject;
  body: string;
  signature: string;
  status: number;
}

/** Where signed events go: a URL (POSTed with fetch) or a function given the raw request. */
export type WebhookTarget = string | ((request: Request) => Promise<Response>);

export interface LocalStripeOptions {
  secretKey?: string;
  webhookSecret?: string;
  webhook?: WebhookTarget | null;
  webhookMode?: WebhookMode;
  /** The stand-in's clock (unix seconds); tests move it instead of waiting. */
  now?: () => number;
}

export interface LocalStripe {
  url: string;
  port: number;
  secretKey: string;
  webhookSecret: string;
  webhookMode: WebhookMode;
  webhook: WebhookTarget | null;
  deliveries: WebhookDelivery[];
  /** Events held in "held" mode, oldest first. */
  heldEvents: StripeObject[];
  /** Delivers held events (all, or these) in the given order; resolves when answered. */
  releaseEvents(events?: StripeObject[]): Promise<WebhookDelivery[]>;
  /** Waits for deliveries in flight. */
  settled(): Promise<void>;
  /** Every object of a kind, oldest first (assertions). */
  objects(kind: string): StripeObject[];
  /** Meter events accepted for a meter event name, after identifier dedupe. */
  meterEvents(
    eventName: string,
  ): Array<{ identifier: string; customer: string; value: number; timestamp: number }>;
  /** How many requests reached `method path` (replays and refusals included). */
  requestCount(method: string, path: string): number;
  /** Signs a body as Stripe would (for forged/stale delivery tests). */
  sign(body: string, timestamp?: number, secret?: string): string;
  close(): Promise<void>;
}

const PREFIX: Record<string, string> = {
  customer: "cus",
  product: "prod",
  price: "price",
  "billing.meter": "mtr",
  "checkout.session": "cs_test",
  "billing_portal.session": "bps",
  subscription: "sub",
  subscription_item: "si",
  invoice: "in",
  "entitlements.feature": "feat",
  "entitlements.active_entitlement": "ent",
  product_feature: "prodft",
  event: "evt",
  "billing.credit_grant": "credgr",
  "billing.credit_balance_transaction": "cbtxn",
};

/** Starts the stand-in on a free port of 127.0.0.1. */
export async function startLocalStripe(options: LocalStripeOptions = {}): Promise<LocalStripe> {
  const secretKey = options.secretKey ?? `sk_test_local${randomBytes(8).toString("hex")}`;
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(24).toString("base64url")}`;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const store = new Map<string, StripeObject>();
  const idempotency = new Map<string, { fingerprint: string; status: number; body: string }>();
  const meterEvents = new Map<string, Map<string, { customer: string; value: number; timestamp: number }>>();
  const inFlight = new Set<Promise<unknown>>();
  const requestCounts = new Map<string, number>();
  let sequence = 0;
  let baseUrl = "";

  const newId = (object: string) =>
    `${PREFIX[object] ?? object}_${(++sequence).toString(36).padStart(6, "0")}${randomBytes(6).toString("hex")}`;

  function put<T extends Record<string, unknown>>(object: string, fields: T, id?: string): StripeObject & T {
    const record = { id: id ?? newId(object), object, created: now(), livemode: false, ...fields };
    store.set(record.id, record as StripeObject & T);
    return record as StripeObject & T;
  }
  function get(object: string, id: string, param = "id"): StripeObject {
    const found = store.get(id);
    if (!found || found.object !== object) throw noSuch(object.replace(/^.*\./, ""), id, param);
    return found;
  }
  const all = (object: string) => [...store.values()].filter((o) => o.object === object);

  // --- webhooks -------------------------------------------------------------------------------
  const state = {
    webhookMode: options.webhookMode ?? ("in-order" as WebhookMode),
    webhook: options.webhook ?? null,
  };
  const deliveries: WebhookDelivery[] = [];
  const heldEvents: StripeObject[] = [];

  function sign(body: string, timestamp = now(), secret = webhookSecret): string {
    const v1 = createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
    return `t=${timestamp},v1=${v1}`;
  }

  async function deliver(event: StripeObject): Promise<WebhookDelivery> {
    const body = JSON.stringify(event, null, 2);
    const signature = sign(body);
    const headers = {
      "content-type": "application/json; charset=utf-8",
      "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      "stripe-signature": signature,
    };
    let status = 0;
    const target = state.webhook;
    if (typeof target === "string") {
      status = await fetch(target, { method: "POST", headers, body }).then(
        (r) => r.status,
        () => 0,
      );
    } else if (target) {
      const request = new Request("http://localhost/api/webhooks/stripe", { method: "POST", headers, body });
      status = (await target(request)).status;
    }
    const delivery = { event, body, signature, status };
    deliveries.push(delivery);
    return delivery;
  }

  /** Emits the events of one action according to the webhook mode. */
  function emit(events: StripeObject[]): void {
    if (!state.webhook && state.webhookMode !== "held") return;
    const send = async () => {
      switch (state.webhookMode) {
        case "held":
          heldEvents.push(...events);
          return;
        case "in-order":
          for (const event of events) await deliver(event);
          return;
        case "duplicate":
          for (const event of events) {
            await deliver(event);
            await deliver(event);
          }
          return;
        case "reversed":
          for (const event of [...events].reverse()) await deliver(event);
          return;
        default: {
          const never: never = state.webhookMode;
          throw new Error(`unknown webhook mode ${String(never)}`);
        }
      }
    };
    const pending = send();
    inFlight.add(pending);
    void pending.finally(() => inFlight.delete(pending));
  }

  function event(type: string, object: StripeObject): StripeObject {
    return put("event", {
      api_version: "2026-11-18.endive",
      type,
      data: { object: structuredClone(object) },
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    });
  }

  // --- domain of the stand-in -----------------------------------------------------------------

  function featuresOfProduct(productId: string): StripeObject[] {
    return all("product_feature")
      .filter((pf) => pf.product === productId)
      .map((pf) => get("entitlements.feature", String(pf.feature_id)));
  }

  /** Stripe's rule: active entitlements follow the customer's live subscriptions. */
  function refreshEntitlements(customer: string): StripeObject | null {
    const live = all("subscription").filter(
      (s) => s.customer === customer && ["active", "trialing", "past_due"].includes(String(s.status)),
    );
    const features = new Map<string, StripeObject>();
    for (const sub of live) {
      for (const item of (sub.items as { data: StripeObject[] }).data) {
        const price = get("price", String((item.price as StripeObject).id));
        for (const feature of featuresOfProduct(String(price.product))) features.set(feature.id, feature);
      }
    }
    const before = all("entitlements.active_entitlement").filter((e) => e.customer === customer);
    const beforeKeys = before.map((e) => e.feature).sort();
    const afterKeys = [...features.keys()].sort();
    if (JSON.stringify(beforeKeys) === JSON.stringify(afterKeys)) return null;
    for (const e of before) store.delete(e.id);
    const entitlements = [...features.values()].map((f) =>
      put("entitlements.active_entitlement", { customer, feature: f.id, lookup_key: f.lookup_key }),
    );
    return event("entitlements.active_entitlement_summary.updated", {
      id: `eas_${customer}`,
      object: "entitlements.active_entitlement_summary",
      created: now(),
      customer,
      entitlements: listOf(
        entitlements.map(({ customer: _c, ...rest }) => rest as StripeObject),
        "/v1/entitlements/active_entitlements",
      ),
    });
  }

  function listOf(data: StripeObject[], url: string, hasMore = false) {
    return { object: "list", url, has_more: hasMore, data };
  }

  function page(data: StripeObject[], params: Params, url: string) {
    const sorted = [...data].sort((a, b) => b.created - a.created || (b.id < a.id ? -1 : 1));
    const limit = params.limit === undefined ? 10 : Number(params.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new StripeFailure(400, "invalid_request_error", "limit must be between 1 and 100", "limit");
    }
    let start = 0;
    if (params.starting_after) start = sorted.findIndex((o) => o.id === params.starting_after) + 1;
    let end = sorted.length;
    if (params.ending_before) {
      end = sorted.findIndex((o) => o.id === params.ending_before);
      start = Math.max(0, end - limit);
    }
    const slice = sorted.slice(start, Math.min(end, start + limit));
    return listOf(slice, url, start + limit < end);
  }

  function createSubscription(session: StripeObject): StripeObject[] {
    const customer = String(session.customer);
    const start = now();
    const trialDays = Number((session.subscription_data as Params | undefined)?.trial_period_days ?? 0);
    const periodEnd = start + 30 * 86_400;
    const subscriptionId = newId("subscription");
    const items = ((session.line_items as Params[] | undefined) ?? []).map((line) => {
      const price = get("price", String(line.price), "line_items");
      return put("subscription_item", {
        subscription: subscriptionId,
        price,
        quantity:
          (price.recurring as Params | null)?.usage_type === "metered"
            ? undefined
            : Number(line.quantity ?? 1),
        current_period_start: start,
        current_period_end: periodEnd,
      });
    });
    const subscription = put(
      "subscription",
      {
        customer,
        status: trialDays > 0 ? "trialing" : "active",
        items: listOf(items, `/v1/subscription_items?subscription=${subscriptionId}`),
        metadata: (session.subscription_data as Params | undefined)?.metadata ?? session.metadata ?? {},
        cancel_at_period_end: false,
        canceled_at: null,
        trial_end: trialDays > 0 ? start + trialDays * 86_400 : null,
        latest_invoice: null as string | null,
        billing_cycle_anchor: start,
      },
      subscriptionId,
    );
    const invoice = createInvoice(subscription, "paid");
    subscription.latest_invoice = invoice.id;
    Object.assign(session, { status: "complete", payment_status: "paid", subscription: subscription.id });
    const events = [
      event("customer.subscription.created", subscription),
      event("invoice.paid", invoice),
      event("checkout.session.completed", session),
    ];
    const summary = refreshEntitlements(customer);
    if (summary) events.push(summary);
    return events;
  }

  function invoiceLines(subscription: StripeObject, from: number, to: number) {
    const lines: StripeObject[] = [];
    for (const item of (subscription.items as { data: StripeObject[] }).data) {
      const price = item.price as StripeObject & { recurring: Params; unit_amount: number | null };
      let quantity = Number(item.quantity ?? 1);
      let amount: number;
      if (price.recurring.usage_type === "metered") {
        const meter = get("billing.meter", String(price.recurring.meter));
        const usage = [...(meterEvents.get(String(meter.event_name))?.values() ?? [])]
          .filter((e) => e.customer === subscription.customer && e.timestamp >= from && e.timestamp < to)
          .reduce((sum, e) => sum + e.value, 0);
        const transform = price.transform_quantity as Params | null;
        quantity = transform ? Math.ceil(usage / Number(transform.divide_by)) : usage;
        amount = Math.round(quantity * Number(price.unit_amount_decimal ?? price.unit_amount ?? 0));
      } else {
        amount = quantity * Number(price.unit_amount ?? 0);
      }
      lines.push({
        id: `il_${item.id}_${from}`,
        object: "line_item",
        created: now(),
        amount,
        currency: price.currency,
        quantity,
        description: `${quantity} × ${String(price.nickname ?? price.lookup_key ?? price.id)}`,
        pricing: { price_details: { price: price.id } },
        period: { start: from, end: to },
      });
    }
    return lines;
  }

  function createInvoice(subscription: StripeObject, status: "paid" | "open" | "draft", preview = false) {
    const item = (subscription.items as { data: StripeObject[] }).data[0];
    const from = Number(item?.current_period_start ?? now());
    const to = Number(item?.current_period_end ?? now());
    const lines = invoiceLines(subscription, from, to);
    const subtotal = lines.reduce((sum, line) => sum + Number(line.amount), 0);
    const meteredAmount = lines
      .filter((line) => isMetered((line.pricing as { price_details: { price: string } }).price_details.price))
      .reduce((sum, line) => sum + Number(line.amount), 0);
    const credits = applyCredits(String(subscription.customer), meteredAmount, preview);
    const total = subtotal - credits.reduce((sum, c) => sum + c.amount, 0);
    const fields = {
      subtotal,
      total_pretax_credit_amounts: credits,
      customer: subscription.customer,
      parent: { type: "subscription_details", subscription_details: { subscription: subscription.id } },
      status,
      currency: (lines[0]?.currency as string | undefined) ?? "usd",
      total,
      amount_due: total,
      amount_paid: status === "paid" ? total : 0,
      period_start: from,
      period_end: to,
      lines: listOf(lines, "/v1/invoices/lines"),
      hosted_invoice_url: preview ? null : `${baseUrl}/test/invoices/pay`,
      invoice_pdf: preview ? null : `${baseUrl}/test/invoices/pdf`,
    };
    if (preview)
      return { id: `upcoming_in_${subscription.id}`, object: "invoice", created: now(), ...fields };
    const invoice = put("invoice", fields);
    invoice.hosted_invoice_url = `${baseUrl}/test/invoices/${invoice.id}`;
    invoice.invoice_pdf = `${baseUrl}/test/invoices/${invoice.id}.pdf`;
    return invoice;
  }

  // Billing credits (credit grants): promotional or paid credit a customer's metered usage draws
  // down on each invoice, earliest expiry first (Stripe's order), never below zero.
  const isMetered = (priceId: string) =>
    (store.get(priceId)?.recurring as Params | undefined)?.usage_type === "metered";
  const consumedCredit = new Map<string, number>();

  function liveGrants(customer: string): StripeObject[] {
    const at = now();
    return all("billing.credit_grant")
      .filter(
        (g) =>
          g.customer === customer &&
          g.voided_at === null &&
          Number(g.effective_at) <= at &&
          (g.expires_at === null || Number(g.expires_at) > at),
      )
      .sort(
        (a, b) =>
          Number(a.expires_at ?? Number.MAX_SAFE_INTEGER) - Number(b.expires_at ?? Number.MAX_SAFE_INTEGER),
      );
  }

  const grantMoney = (grant: StripeObject) =>
    (grant.amount as { monetary: { currency: string; value: number } }).monetary;
  const grantValue = (grant: StripeObject) => grantMoney(grant).value;
  const grantLeft = (grant: StripeObject) => grantValue(grant) - (consumedCredit.get(grant.id) ?? 0);

  function applyCredits(customer: string, amount: number, preview: boolean) {
    const applied: Array<{ amount: number; type: string; credit_balance_transaction: string | null }> = [];
    let due = amount;
    for (const grant of liveGrants(customer)) {
      if (due <= 0) break;
      const take = Math.min(due, grantLeft(grant));
      if (take <= 0) continue;
      due -= take;
      let transaction: string | null = null;
      if (!preview) {
        consumedCredit.set(grant.id, (consumedCredit.get(grant.id) ?? 0) + take);
        transaction = put("billing.credit_balance_transaction", {
          credit_grant: grant.id,
          customer,
          type: "debit",
          debit: {
            amount: { type: "monetary", monetary: { currency: grantMoney(grant).currency, value: take } },
          },
        }).id;
      }
      applied.push({
        amount: take,
        type: "credit_balance_transaction",
        credit_balance_transaction: transaction,
      });
    }
    return applied;
  }

  function setSubscriptionStatus(subscription: StripeObject, status: string): StripeObject[] {
    const previous = subscription.status;
    if (previous === status) return [];
    subscription.status = status;
    if (status === "canceled") subscription.canceled_at = now();
    const events: StripeObject[] = [];
    if (status === "past_due") {
      const invoice = createInvoice(subscription, "open");
      events.push(event("invoice.payment_failed", invoice));
    }
    events.push(
      event(status === "canceled" ? "customer.subscription.deleted" : "customer.subscription.updated", {
        ...subscription,
        previous_attributes: { status: previous },
      }),
    );
    const summary = refreshEntitlements(String(subscription.customer));
    if (summary) events.push(summary);
    return events;
  }

  // --- routes ---------------------------------------------------------------------------------
  type Params = Record<string, unknown>;
  type Handler = (params: Params, match: string[]) => unknown;
  const routes: Array<[string, RegExp, Handler]> = [];
  const route = (method: string, pattern: string, handler: Handler) =>
    routes.push([method, new RegExp(`^${pattern.replace(/:\w+/g, "([^/]+)")}$`), handler]);
  /** A list endpoint: a page of every object of `type`, narrowed to `filter`'s value when the request sends it. */
  const listRoute = (path: string, type: string, filter: string) =>
    route("GET", path, (p) =>
      page(
        all(type).filter((o) => !p[filter] || o[filter] === p[filter]),
        p,
        path,
      ),
    );

  /** A create's required `field`, refused as Stripe does when an object of that kind already has it. */
  const freeParam = (params: Params, object: string, field: string, taken: (value: string) => string) => {
    const value = str(params, field);
    if (all(object).some((o) => o[field] === value)) {
      throw new StripeFailure(400, "invalid_request_error", taken(value), field);
    }
    return value;
  };

  const str = (params: Params, name: string) => {
    const value = params[name];
    if (typeof value !== "string" || value === "") throw missing(name);
    return value;
  };
  const meta = (params: Params) => (params.metadata as Params | undefined) ?? {};

  // Customers
  route("POST", "/v1/customers", (p) =>
    put("customer", { email: p.email ?? null, name: p.name ?? null, metadata: meta(p) }),
  );
  route("GET", "/v1/customers/:id", (_p, [id]) => get("customer", String(id)));
  route("POST", "/v1/customers/:id", (p, [id]) => {
    const customer = get("customer", String(id));
    return Object.assign(customer, {
      ...(p.email !== undefined ? { email: p.email } : {}),
      ...(p.name !== undefined ? { name: p.name } : {}),
      metadata: { ...(customer.metadata as Params), ...meta(p) },
    });
  });
  route("GET", "/v1/customers", (p) => page(all("customer"), p, "/v1/customers"));

  // Products (custom ids allowed, like Stripe) and prices (lookup keys)
  route("POST", "/v1/products", (p) => {
    const name = str(p, "name");
    if (typeof p.id === "string" && store.has(p.id)) {
      throw new StripeFailure(
        400,
        "invalid_request_error",
        `Product already exists.`,
        "id",
        "resource_already_exists",
      );
    }
    return put(
      "product",
      { name, active: true, description: p.description ?? null, metadata: meta(p) },
      typeof p.id === "string" ? p.id : undefined,
    );
  });
  route("GET", "/v1/products/:id", (_p, [id]) => get("product", String(id)));
  route("POST", "/v1/products/:id/features", (p, [id]) => {
    const product = get("product", String(id));
    const feature = get("entitlements.feature", str(p, "entitlement_feature"), "entitlement_feature");
    const existing = all("product_feature").find(
      (pf) => pf.product === product.id && pf.feature_id === feature.id,
    );
    if (existing) {
      throw new StripeFailure(
        400,
        "invalid_request_error",
        "Feature already attached.",
        "entitlement_feature",
        "resource_already_exists",
      );
    }
    return put("product_feature", {
      product: product.id,
      feature_id: feature.id,
      entitlement_feature: feature,
    });
  });
  route("GET", "/v1/products/:id/features", (p, [id]) =>
    page(
      all("product_feature").filter((pf) => pf.product === id),
      p,
      `/v1/products/${id}/features`,
    ),
  );
  route("POST", "/v1/prices", (p) => {
    const product = get("product", str(p, "product"), "product");
    const recurring = (p.recurring as Params | undefined) ?? null;
    if (recurring?.usage_type === "metered" && !recurring.meter) throw missing("recurring[meter]");
    if (recurring?.meter) get("billing.meter", String(recurring.meter), "recurring[meter]");
    const lookupKey = typeof p.lookup_key === "string" ? p.lookup_key : null;
    if (lookupKey) {
      const holder = all("price").find((price) => price.lookup_key === lookupKey);
      if (holder && p.transfer_lookup_key !== "true") {
        throw new StripeFailure(
          400,
          "invalid_request_error",
          `A price (\`${holder.id}\`) already uses that lookup key.`,
          "lookup_key",
        );
      }
      if (holder) holder.lookup_key = null;
    }
    return put("price", {
      product: product.id,
      currency: str(p, "currency"),
      unit_amount: p.unit_amount === undefined ? null : Number(p.unit_amount),
      unit_amount_decimal:
        p.unit_amount_decimal ?? (p.unit_amount === undefined ? null : String(p.unit_amount)),
      nickname: p.nickname ?? null,
      lookup_key: lookupKey,
      active: true,
      type: recurring ? "recurring" : "one_time",
      recurring: recurring
        ? {
            interval: recurring.interval ?? "month",
            interval_count: 1,
            usage_type: recurring.usage_type ?? "licensed",
            meter: recurring.meter ?? null,
          }
        : null,
      transform_quantity: p.transform_quantity
        ? {
            divide_by: Number((p.transform_quantity as Params).divide_by),
            round: (p.transform_quantity as Params).round,
          }
        : null,
      metadata: meta(p),
    });
  });
  route("GET", "/v1/prices", (p) => {
    const keys = (p.lookup_keys as string[] | undefined) ?? null;
    return page(
      all("price").filter((price) => keys === null || keys.includes(String(price.lookup_key))),
      p,
      "/v1/prices",
    );
  });
  route("GET", "/v1/prices/:id", (_p, [id]) => get("price", String(id)));

  // Billing meters and meter events
  route("POST", "/v1/billing/meters", (p) => {
    const eventName = freeParam(
      p,
      "billing.meter",
      "event_name",
      (name) => `An active meter with event_name \`${name}\` already exists.`,
    );
    return put("billing.meter", {
      display_name: str(p, "display_name"),
      event_name: eventName,
      status: "active",
      default_aggregation: { formula: (p.default_aggregation as Params | undefined)?.formula ?? "sum" },
      customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" },
      value_settings: { event_payload_key: "value" },
      event_time_window: p.event_time_window ?? null,
    });
  });
  route("GET", "/v1/billing/meters", (p) => page(all("billing.meter"), p, "/v1/billing/meters"));
  route("POST", "/v1/billing/meter_events", (p) => {
    const eventName = str(p, "event_name");
    const meter = all("billing.meter").find((m) => m.event_name === eventName && m.status === "active");
    if (!meter)
      throw new StripeFailure(
        400,
        "invalid_request_error",
        `No active meter for event_name \`${eventName}\`.`,
        "event_name",
        "no_meter",
      );
    const payload = (p.payload as Params | undefined) ?? {};
    const customer = String(payload.stripe_customer_id ?? "");
    if (!customer) throw missing("payload[stripe_customer_id]");
    get("customer", customer, "payload[stripe_customer_id]");
    const raw = String(payload.value ?? "");
    if (!/^\d+(\.\d+)?$/.test(raw)) {
      throw new StripeFailure(
        400,
        "invalid_request_error",
        "payload[value] must be a non-negative number.",
        "payload[value]",
      );
    }
    const timestamp = p.timestamp === undefined ? now() : Number(p.timestamp);
    if (timestamp < now() - 35 * 86_400 || timestamp > now() + 300) {
      throw new StripeFailure(
        400,
        "invalid_request_error",
        "Timestamp must be within the past 35 calendar days or up to 5 minutes in the future.",
        "timestamp",
      );
    }
    const identifier =
      typeof p.identifier === "string" && p.identifier ? p.identifier : randomBytes(12).toString("hex");
    const events = meterEvents.get(eventName) ?? new Map();
    meterEvents.set(eventName, events);
    // Uniqueness of the identifier: a second event with it is not counted again.
    if (!events.has(identifier)) events.set(identifier, { customer, value: Number(raw), timestamp });
    return {
      object: "billing.meter_event",
      created: now(),
      event_name: eventName,
      identifier,
      livemode: false,
      payload,
      timestamp,
    };
  });
  route("GET", "/v1/billing/meters/:id/event_summaries", (p, [id]) => {
    const meter = get("billing.meter", String(id));
    const customer = str(p, "customer");
    const start = Number(str(p, "start_time"));
    const end = Number(str(p, "end_time"));
    const value = [...(meterEvents.get(String(meter.event_name))?.values() ?? [])]
      .filter((e) => e.customer === customer && e.timestamp >= start && e.timestamp < end)
      .reduce((sum, e) => sum + e.value, 0);
    return listOf(
      [
        {
          id: `mtrusg_${meter.id}_${start}`,
          object: "billing.meter_event_summary",
          created: now(),
          aggregated_value: value,
          start_time: start,
          end_time: end,
          meter: meter.id,
        },
      ],
      `/v1/billing/meters/${id}/event_summaries`,
    );
  });

  // Entitlements
  route("POST", "/v1/entitlements/features", (p) => {
    const lookupKey = freeParam(
      p,
      "entitlements.feature",
      "lookup_key",
      () => "A feature with this lookup_key already exists.",
    );
    return put("entitlements.feature", {
      name: str(p, "name"),
      lookup_key: lookupKey,
      active: true,
      metadata: meta(p),
    });
  });
  listRoute("/v1/entitlements/features", "entitlements.feature", "lookup_key");
  route("GET", "/v1/entitlements/active_entitlements", (p) => {
    const customer = str(p, "customer");
    return page(
      all("entitlements.active_entitlement")
        .filter((e) => e.customer === customer)
        .map(({ customer: _c, ...rest }) => rest as StripeObject),
      p,
      "/v1/entitlements/active_entitlements",
    );
  });

  // Checkout and the customer portal
  route("POST", "/v1/checkout/sessions", (p) => {
    if (p.mode !== "subscription") {
      throw new StripeFailure(400, "invalid_request_error", "Only mode=subscription is emulated.", "mode");
    }
    if (p.payment_method_types !== undefined) {
      throw new StripeFailure(
        400,
        "invalid_request_error",
        "Received unknown parameter: payment_method_types",
        "payment_method_types",
      );
    }
    const customer = get("customer", str(p, "customer"), "customer");
    const lines = (p.line_items as Params[] | undefined) ?? [];
    if (lines.length === 0) throw missing("line_items");
    lines.forEach((line, index) => {
      const price = get("price", String(line.price), `line_items[${index}][price]`);
      if ((price.recurring as Params | null)?.usage_type === "metered" && line.quantity !== undefined) {
        throw new StripeFailure(
          400,
          "invalid_request_error",
          "Quantity should not be specified where usage_type is `metered`.",
          `line_items[${index}][quantity]`,
        );
      }
    });
    const session = put("checkout.session", {
      mode: "subscription",
      customer: customer.id,
      status: "open",
      payment_status: "unpaid",
      subscription: null,
      success_url: str(p, "success_url"),
      cancel_url: p.cancel_url ?? null,
      client_reference_id: p.client_reference_id ?? null,
      metadata: meta(p),
      subscription_data: p.subscription_data ?? null,
      line_items: lines,
      url: "",
    });
    session.url = `${baseUrl}/test/checkout/${session.id}`;
    return session;
  });
  route("GET", "/v1/checkout/sessions/:id", (_p, [id]) => get("checkout.session", String(id)));
  route("POST", "/v1/billing_portal/sessions", (p) => {
    const customer = get("customer", str(p, "customer"), "customer");
    const session = put("billing_portal.session", {
      customer: customer.id,
      return_url: p.return_url ?? null,
      url: "",
    });
    session.url = `${baseUrl}/test/portal/${session.id}`;
    return session;
  });

  // Subscriptions
  route("GET", "/v1/subscriptions", (p) =>
    page(
      all("subscription").filter(
        (s) =>
          (!p.customer || s.customer === p.customer) &&
          (p.status === "all" ? true : p.status ? s.status === p.status : s.status !== "canceled"),
      ),
      p,
      "/v1/subscriptions",
    ),
  );
  route("GET", "/v1/subscriptions/:id", (_p, [id]) => get("subscription", String(id)));
  route("DELETE", "/v1/subscriptions/:id", (_p, [id]) => {
    const subscription = get("subscription", String(id));
    emit(setSubscriptionStatus(subscription, "canceled"));
    return subscription;
  });

  // Billing credits
  route("POST", "/v1/billing/credit_grants", (p) => {
    const customer = get("customer", str(p, "customer"), "customer");
    const amount = (p.amount as Params | undefined) ?? {};
    if (amount.type !== "monetary") throw missing("amount[type]");
    const monetary = (amount.monetary as Params | undefined) ?? {};
    const value = Number(monetary.value);
    if (!Number.isInteger(value) || value <= 0) {
      throw new StripeFailure(
        400,
        "invalid_request_error",
        "amount[monetary][value] must be a positive integer",
        "amount[monetary][value]",
      );
    }
    const currency = str(monetary, "currency");
    const scope = ((p.applicability_config as Params | undefined)?.scope as Params | undefined) ?? {};
    if (scope.price_type !== "metered" && !Array.isArray(scope.prices)) {
      throw missing("applicability_config[scope][price_type]");
    }
    return put("billing.credit_grant", {
      customer: customer.id,
      amount: { type: "monetary", monetary: { currency, value } },
      applicability_config: { scope: { price_type: scope.price_type ?? null, prices: scope.prices ?? null } },
      category: p.category ?? "paid",
      effective_at: p.effective_at ? Number(p.effective_at) : now(),
      expires_at: p.expires_at ? Number(p.expires_at) : null,
      name: p.name ?? null,
      metadata: meta(p),
      priority: p.priority ? Number(p.priority) : 50,
      voided_at: null,
    });
  });
  listRoute("/v1/billing/credit_grants", "billing.credit_grant", "customer");
  route("GET", "/v1/billing/credit_balance_summary", (p) => {
    const customer = get("customer", str(p, "customer"), "customer");
    const filter = (p.filter as Params | undefined) ?? {};
    if (filter.type !== "applicability_scope" && filter.type !== "credit_grant")
      throw missing("filter[type]");
    const grants = liveGrants(customer.id).filter(
      (g) => filter.type !== "credit_grant" || g.id === filter.credit_grant,
    );
    const byCurrency = new Map<string, number>();
    for (const grant of grants) {
      const { currency } = grantMoney(grant);
      byCurrency.set(currency, (byCurrency.get(currency) ?? 0) + grantLeft(grant));
    }
    const money = (currency: string, value: number) => ({ type: "monetary", monetary: { currency, value } });
    return {
      object: "billing.credit_balance_summary",
      customer: customer.id,
      livemode: false,
      balances: [...byCurrency].map(([currency, value]) => ({
        available_balance: money(currency, value),
        ledger_balance: money(currency, value),
      })),
    };
  });

  // Invoices
  listRoute("/v1/invoices", "invoice", "customer");
  route("POST", "/v1/invoices/create_preview", (p) => {
    const customer = str(p, "customer");
    const subscription = get("subscription", str(p, "subscription"), "subscription");
    if (subscription.customer !== customer) {
      throw new StripeFailure(
        400,
        "invalid_request_error",
        "The subscription does not belong to the customer.",
        "subscription",
      );
    }
    return createInvoice(subscription, "draft", true);
  });

  // Events
  listRoute("/v1/events", "event", "type");

  // Test-only actions: what a person does on Stripe's hosted pages, or what time brings.
  route("POST", "/test/checkout/:id/complete", (_p, [id]) => {
    const session = get("checkout.session", String(id));
    if (session.status !== "open") {
      throw new StripeFailure(
        400,
        "invalid_request_error",
        `Checkout session is ${String(session.status)}.`,
        "id",
      );
    }
    const live = all("subscription").some(
      (s) => s.customer === session.customer && s.status !== "canceled" && s.status !== "incomplete_expired",
    );
    if (live) {
      // "Limit customers to one subscription": the hosted page sends them to the portal instead.
      session.status = "expired";
      throw new StripeFailure(
        409,
        "invalid_request_error",
        "The customer already has a subscription.",
        "customer",
      );
    }
    emit(createSubscription(session));
    return session;
  });
  route("POST", "/test/subscriptions/:id/status", (p, [id]) => {
    const subscription = get("subscription", String(id));
    const status = str(p, "status");
    if (!["active", "past_due", "canceled", "unpaid"].includes(status)) {
      throw new StripeFailure(
        400,
        "invalid_request_error",
        "status must be active, past_due, unpaid or canceled",
        "status",
      );
    }
    emit(setSubscriptionStatus(subscription, status));
    return subscription;
  });
  route("POST", "/test/subscriptions/:id/renew", (_p, [id]) => {
    const subscription = get("subscription", String(id));
    const invoice = createInvoice(subscription, "paid");
    for (const item of (subscription.items as { data: StripeObject[] }).data) {
      item.current_period_start = item.current_period_end;
      item.current_period_end = Number(item.current_period_end) + 30 * 86_400;
    }
    subscription.latest_invoice = invoice.id;
    emit([event("invoice.paid", invoice), event("customer.subscription.updated", subscription)]);
    return subscription;
  });

  // --- transport -------------------------------------------------------------------------------

  /** Replaces ids by their objects along each `expand[]` path ("a.b", "data.a" for lists). */
  function expand(value: unknown, path: string[]): unknown {
    if (path.length === 0 || value === null || typeof value !== "object") return value;
    const record = value as Params;
    const [head, ...rest] = path as [string, ...string[]];
    if (head === "data" && Array.isArray(record.data)) {
      return { ...record, data: record.data.map((entry) => expand(entry, rest)) };
    }
    let child = record[head];
    if (typeof child === "string" && store.has(child)) child = structuredClone(store.get(child));
    return { ...record, [head]: expand(child, rest) };
  }

  /**
   * Stripe's hosted Checkout page, played for browsers: GET shows the session's plan and a pay
   * button; its form POSTs to /pay, which completes the session (as POST …/complete does) and
   * redirects to the success URL.
   */
  function hostedCheckout(method: string, id: string, response: ServerResponse) {
    const session = store.get(id);
    if (session?.object !== "checkout.session") {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("No such checkout session");
      return;
    }
    if (method === "POST") {
      if (session.status === "open") emit(createSubscription(session));
      response.writeHead(303, { location: String(session.success_url) });
      response.end();
      return;
    }
    const html = (text: string) =>
      text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);
    const plan = html(String((session.metadata as Params).plan ?? "subscription"));
    const items = ((session.line_items as Params[] | undefined) ?? [])
      .map((line) => get("price", String(line.price)))
      .map((price) => `<li>${html(String(price.nickname ?? price.lookup_key ?? price.id))}</li>`)
      .join("");
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout (local Stripe)</title>
<style>body{font-family:system-ui,sans-serif;background:#f6f9fc;color:#1a1f36;display:flex;justify-content:center;padding:48px}
main{background:#fff;border-radius:8px;box-shadow:0 2px 8px #0002;padding:32px;max-width:480px;width:100%}
h1{font-size:20px;margin:0 0 8px}ul{color:#4f566b;font-size:14px;padding-left:20px}
button{background:#635bff;color:#fff;border:0;border-radius:6px;padding:12px 20px;font-size:16px;width:100%;cursor:pointer}
p.note{color:#697386;font-size:12px}</style></head>
<body><main><h1>Subscribe to the ${plan} plan</h1><p class="note">Local Stripe stand-in: no card is charged.</p>
<ul>${items}</ul>
<form method="post" action="/test/checkout/${html(id)}/pay"><button type="submit">${session.status === "open" ? "Pay and subscribe" : "Return to the merchant"}</button></form>
</main></body></html>`);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = `req_${randomBytes(8).toString("hex")}`;
    const send = (status: number, body: string) => {
      response.writeHead(status, { "content-type": "application/json", "request-id": requestId });
      response.end(body);
    };
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(request.url ?? "/", "http://localhost");
    const method = request.method ?? "GET";
    const hosted = /^\/test\/checkout\/([^/]+)(\/pay)?$/.exec(url.pathname);
    if (hosted && (method === "GET" || (method === "POST" && hosted[2]))) {
      hostedCheckout(method, String(hosted[1]), response);
      return;
    }
    const isTestAction = url.pathname.startsWith("/test/");
    const counted = `${method} ${url.pathname}`;
    requestCounts.set(counted, (requestCounts.get(counted) ?? 0) + 1);
    try {
      if (!isTestAction && request.headers.authorization !== `Bearer ${secretKey}`) {
        throw new StripeFailure(401, "invalid_request_error", "Invalid API Key provided.");
      }
      const params = qs.parse(method === "GET" || method === "DELETE" ? url.search.slice(1) : raw, {
        depth: 10,
        arrayLimit: 1000,
      }) as Params;
      const key = request.headers["idempotency-key"];
      const fingerprint = createHash("sha256").update(`${method} ${url.pathname} ${raw}`).digest("hex");
      if (method === "POST" && typeof key === "string") {
        const saved = idempotency.get(key);
        if (saved && saved.fingerprint !== fingerprint) {
          throw new StripeFailure(
            400,
            "idempotency_error",
            `Keys for idempotent requests can only be used with the same parameters they were first used with.`,
          );
        }
        if (saved) {
          response.setHeader("idempotent-replayed", "true");
          return send(saved.status, saved.body);
        }
      }
      const found = routes
        .filter(([m]) => m === method)
        .map(([, pattern, handler]) => ({ handler, match: pattern.exec(url.pathname) }))
        .find((r) => r.match);
      if (!found?.match) {
        throw new StripeFailure(
          404,
          "invalid_request_error",
          `Unrecognized request URL (${method}: ${url.pathname}).`,
        );
      }
      let result = structuredClone(found.handler(params, found.match.slice(1)));
      const expansions = (params.expand as string[] | undefined) ?? [];
      for (const path of expansions) result = expand(result, path.split("."));
      const body = JSON.stringify(result);
      if (method === "POST" && typeof key === "string")
        idempotency.set(key, { fingerprint, status: 200, body });
      send(200, body);
    } catch (error) {
      const failure =
        error instanceof StripeFailure
          ? error
          : new StripeFailure(500, "api_error", error instanceof Error ? error.message : String(error));
      send(
        failure.status,
        JSON.stringify({
          error: {
            type: failure.type,
            message: failure.message,
            ...(failure.param ? { param: failure.param } : {}),
            ...(failure.code ? { code: failure.code } : {}),
            doc_url: "https://docs.stripe.com/error-codes",
            request_log_url: `${baseUrl}/test/logs/${requestId}`,
          },
        }),
      );
    }
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    port,
    secretKey,
    webhookSecret,
    get webhookMode() {
      return state.webhookMode;
    },
    set webhookMode(mode: WebhookMode) {
      state.webhookMode = mode;
    },
    get webhook() {
      return state.webhook;
    },
    set webhook(target: WebhookTarget | null) {
      state.webhook = target;
    },
    deliveries,
    heldEvents,
    async releaseEvents(events) {
      const chosen = events ?? heldEvents.splice(0);
      const done: WebhookDelivery[] = [];
      for (const e of chosen) done.push(await deliver(e));
      return done;
    },
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    objects: (kind) => all(kind).sort((a, b) => a.created - b.created),
    meterEvents: (eventName) =>
      [...(meterEvents.get(eventName)?.entries() ?? [])].map(([identifier, e]) => ({ identifier, ...e })),
    requestCount: (method, path) => requestCounts.get(`${method} ${path}`) ?? 0,
    sign,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
