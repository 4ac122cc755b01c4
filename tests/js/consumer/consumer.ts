// Type-checked by the packaging test (`tsc --noEmit`) against the installed tarball: the
// hand-written index.d.ts must describe the package the way a consumer uses it.
// No DOM or Node types are loaded (tsconfig "types": [], "lib": ["es2022"]).
import {
  compileMapping,
  validateMapping,
  type Contact,
  type EmptyReason,
  type Interaction,
  type LeadRecord,
  type MapResult,
  type Mapping,
  type MappingSpec,
  type PreviewResult,
  type Problem,
  type RecordRule,
  type SocialEvent,
  type Transform,
  init,
  version,
  verifyWebhook,
  signWebhook,
  respondToHandshake,
  deliveryKey,
  providers,
  provider,
  createAuthorization,
  verifyState,
  pkceChallenge,
  tokenRequest,
  refreshRequest,
  longLivedTokenRequest,
  revokeRequest,
  parseTokenResponse,
  needsRefresh,
  retryPlan,
  apiRequest,
  parseApiResponse,
  SocialCrmError,
  createConnector,
  jsonPathQuery,
  type JsonPathMatch,
  type JsonValue,
  builtinMappings,
  builtinMapping,
  normalizeEvent,
  createNormalizer,
  type BuiltinMappingInfo,
  type Normalizer,
  normalizeEmail,
  normalizePhone,
  normalizeName,
  isJunkValue,
  mergeContacts,
  type Observation,
  type MergePolicy,
  type MergeResult,
  type NormalizedName,
  type Connector,
  type ConnectionSummary,
  type StoredConnection,
  type Authorization,
  type HttpRequestDescriptor,
  type Lead,
  type Profile,
  type ProviderSpec,
  type RetryPlan,
  type StateContent,
  type Token,
  type HandshakeResponse,
  type ErrorCode,
  type VerifyWebhookOptions,
  type VerifyWebhookResult,
  matchKeys,
  compareContacts,
  trainRules,
  dedupeContacts,
  defaultIdentityRules,
  type IdentityRules,
  type ContactComparison,
  type DedupeResult,
} from "social-crm-bridge";

export async function handle(headers: Record<string, string>, body: Uint8Array): Promise<number> {
  await init();
  const v: string = version();
  const options: VerifyWebhookOptions = { scheme: "meta", secret: "s", headers, body };
  try {
    const result: VerifyWebhookResult = verifyWebhook(options);
    const index: number = result.matched.secretIndex;
    const valid: true = result.valid;
    return valid && v.length > 0 ? index : -1;
  } catch (err) {
    if (err instanceof SocialCrmError) {
      const code: ErrorCode = err.code;
      const path: string | undefined = err.path;
      return code === "ERR_WEBHOOK_SIGNATURE" || path === undefined ? 401 : 400;
    }
    throw err;
  }
}

export function rotation(body: string): VerifyWebhookResult {
  return verifyWebhook({ scheme: "meta", secrets: ["old", "new"], headers: [["x-hub-signature-256", "sha256=00"]], body });
}

export function simulate(body: string): { key: string; status: number } {
  const { headers } = signWebhook({ scheme: "standard-webhooks", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", body, now: new Date(), id: "msg_1" });
  const signature: string | undefined = headers["webhook-signature"];
  const result = verifyWebhook({ scheme: "standard-webhooks", secret: "whsec_x", headers, body, toleranceSeconds: 600 });
  const timestamp: number | undefined = result.timestamp;
  const handshake: HandshakeResponse | null = respondToHandshake({ scheme: "meta", method: "GET", url: "/hook?hub.mode=subscribe", verifyToken: "t" });
  const key: string = deliveryKey({ scheme: "github", headers, body });
  return { key: key + (signature ?? "") + (timestamp ?? 0), status: handshake?.status ?? 0 };
}

// OAuth: connect, exchange, refresh, and a call after a webhook, with the host's fetch.
interface FetchLike {
  (url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<{
    status: number;
    headers: { forEach(callback: (value: string, name: string) => void): void };
    text(): Promise<string>;
  }>;
}

export function connect(secret: string): Authorization {
  const spec: ProviderSpec = { extends: "facebook", apiVersion: "v26.0" };
  const names: string[] = providers().map((p) => p.name);
  const pkce: "required" | "optional" | "unsupported" = provider(spec).pkce;
  const started = createAuthorization({ provider: "x", clientId: "c", redirectUri: "https://crm.example/cb", stateSecret: secret, data: { tenant: names.length + pkce } });
  const challenge: string = pkceChallenge(started.codeVerifier ?? "", "S256");
  return { ...started, url: started.url + (challenge ? "" : "") };
}

export async function callback(fetch: FetchLike, state: string, code: string, verifier: string, secret: string): Promise<Token> {
  const content: StateContent = verifyState(state, secret, { now: new Date(), maxAgeSeconds: 600, provider: "x" });
  const request: HttpRequestDescriptor = tokenRequest({ provider: content.provider as "x", clientId: "c", clientSecret: "s", code, redirectUri: "https://crm.example/cb", codeVerifier: verifier });
  const response = await fetch(request.url, request);
  const token: Token = parseTokenResponse({ provider: "x", status: response.status, headers: response.headers, body: await response.text() });
  if (needsRefresh(token, { skewSeconds: 300 })) {
    const refresh = refreshRequest({ provider: "x", clientId: "c", clientSecret: "s", refreshToken: token.refreshToken });
    const again = await fetch(refresh.url, refresh);
    return parseTokenResponse({ provider: "x", status: again.status, body: await again.text(), previous: token });
  }
  longLivedTokenRequest({ provider: "instagram", clientId: "a", clientSecret: "s", accessToken: token.accessToken });
  revokeRequest({ provider: "google", token: token.accessToken });
  return token;
}

export async function leadFromWebhook(fetch: FetchLike, token: string, leadId: string, attempt = 1): Promise<Lead | RetryPlan> {
  const request = apiRequest({ provider: "facebook", call: "lead", token, params: { leadId } });
  const response = await fetch(request.url, request);
  const body = await response.text();
  if (response.status >= 400) return retryPlan({ provider: "facebook", status: response.status, headers: response.headers, body, attempt });
  const lead: Lead = parseApiResponse({ provider: "facebook", call: "lead", status: response.status, body });
  const email: string | undefined = lead.contact.email;
  const answers: string[] | undefined = lead.answers["email"];
  const profile: Profile = parseApiResponse({ provider: "x", call: "me", status: 200, body: "{}" });
  return email && answers && profile.id ? lead : lead;
}

// The connector: the host's fetch, a KV-style store, an optional cross-process lock.
export async function viaConnector(fetch: FetchLike, kv: Map<string, string>, code: string, verifier: string): Promise<Lead> {
  const connector: Connector = createConnector({
    fetch,
    store: {
      get: async (id) => {
        const raw = kv.get(id);
        return raw === undefined ? undefined : (JSON.parse(raw) as StoredConnection);
      },
      set: async (id, connection) => void kv.set(id, JSON.stringify(connection)),
    },
    clientSecrets: { facebook: "app-secret", x: "x-secret" },
    providers: { facebook: { apiVersion: "v26.0" } },
    lock: async (_id, fn) => fn(),
    now: () => new Date(),
    sleep: async (ms) => ms, // a test clock: no waiting
    seed: 1,
    maxAttempts: 4,
  });
  const summary: ConnectionSummary = await connector.connect({ connectionId: "page-1", provider: "facebook", clientId: "app", code, redirectUri: "https://crm.example/cb", codeVerifier: verifier });
  const expiresAt: number | undefined = summary.expiresAt;
  const token: string = await connector.accessToken("page-1");
  const lead: Lead = await connector.call("page-1", { call: "lead", params: { leadId: "1" } });
  const profile: Profile = await connector.call("page-1", { call: "messengerProfile", params: { psid: "2" } });
  await connector.refresh("page-1");
  const { revoked }: { revoked: boolean } = await connector.revoke("page-1");
  return revoked && token && profile.id && expiresAt ? lead : lead;
}

// Identity: normalise values from a webhook, then merge what every source said.
export function golden(observations: Observation[]): MergeResult {
  const email: string | null = normalizeEmail("Ada+crm@gmail.com");
  const phone: string | null = normalizePhone("020 7946 0958", { region: "GB" });
  const name: NormalizedName = normalizeName("Ada Lovelace");
  const junk: boolean = isJunkValue("n/a");
  const policy: MergePolicy = {
    rules: { "name.full": { rule: "source_priority", sources: ["crm", "linkedin"] }, "custom.tier": "keep_existing", emails: "union" },
    defaultRegion: "GB",
    exclude: [{ source: "x" }, { identity: { platform: "instagram", id: "1" } }],
  };
  const result = mergeContacts(
    [...observations, { source: "crm", eventId: "r1", eventTime: new Date(), contactId: "7", fields: { emails: email ? [email] : [], phones: phone ? [phone] : [], name: { full: name.folded } } }],
    policy,
  );
  const winner: string | undefined = result.provenance["name.full"]?.winner?.source;
  const id: string | undefined = result.contact.id;
  return junk || winner || id ? result : result;
}

// Misuse the types must reject (tsc fails if any line below is accepted).
// @ts-expect-error unknown scheme
verifyWebhook({ scheme: "nope", secret: "s", headers: {}, body: "" });
// @ts-expect-error a parsed JSON object is not a body
verifyWebhook({ scheme: "meta", secret: "s", headers: {}, body: { a: 1 } });
// @ts-expect-error headers are required
verifyWebhook({ scheme: "meta", secret: "s", body: "" });
// @ts-expect-error signWebhook needs a secret
signWebhook({ scheme: "meta", body: "" });
// @ts-expect-error respondToHandshake needs the request URL
respondToHandshake({ scheme: "meta", method: "GET" });
// @ts-expect-error unknown provider name
createAuthorization({ provider: "myspace", clientId: "c", redirectUri: "r", stateSecret: "s" });
// @ts-expect-error a call's result has that call's type
const notALead: Lead = parseApiResponse({ provider: "x", call: "me", status: 200, body: "" });
// @ts-expect-error unknown call
apiRequest({ provider: "x", call: "timeline", token: "t" });
// @ts-expect-error parseTokenResponse needs the status
parseTokenResponse({ provider: "x", body: "" });
export { notALead };
// @ts-expect-error createConnector needs a store
createConnector({ fetch: async () => ({ status: 200, headers: [], text: async () => "" }), clientSecrets: {} });
export async function wrongResult(c: Connector): Promise<void> {
  // @ts-expect-error a connector call's result has that call's type
  const notAProfile: Profile = await c.call("x", { call: "commentThreads", params: { videoId: "v" } });
  void notAProfile;
}
// @ts-expect-error survivorship rules are a closed set
mergeContacts([], { rules: { title: "newest" } });
// @ts-expect-error an observation needs an event id
mergeContacts([{ source: "x", eventTime: 0, fields: {} }]);
// @ts-expect-error codes are a closed set
const wrong: ErrorCode = "ERR_NOPE";
export { wrong };

export function leadIds(body: Uint8Array): JsonValue[] {
  return jsonPathQuery("$.entry[*].changes[?@.field == 'leadgen'].value.leadgen_id", body);
}
export function located(body: string): string[] {
  const found: JsonPathMatch[] = jsonPathQuery("$..id", body, { located: true, bigIntegers: "string" });
  return found.map((m) => m.pointer);
}
// @ts-expect-error located results are not plain values
const notValues: JsonValue[] = jsonPathQuery("$", "{}", { located: true });
export { notValues };
// Mapping: a spec typed as MappingSpec, results typed as MapResult / PreviewResult.
const mappingSpec: MappingSpec = {
  version: 1,
  name: "wa",
  platform: "whatsapp",
  records: [
    {
      id: "msg",
      record: "event",
      forEach: [{ as: "change", path: "$.entry[*].changes[*]" }, "$.value.messages[*]"],
      when: { path: "$.type", in: ["text", "interactive"] },
      fields: {
        kind: { value: "message" },
        "contact.phones[]": { template: "+{$.from}", pipe: ["phone"] },
        occurredAt: { from: "$.timestamp", pipe: [{ date: "epoch_s" }] },
        "interaction.text": "$.text.body",
      },
    },
  ],
  coverage: ["$.entry[*].changes[*].value.messages[*]"],
};
const compiled: Mapping = compileMapping(mappingSpec);
const mapped: MapResult = compiled.map(new Uint8Array());
const firstEvent = mapped.records[0] as SocialEvent;
export const mappedKind: string = firstEvent.kind;
const previewed: PreviewResult = compiled.preview("{}");
export const emptyReason: EmptyReason | undefined = previewed.trace[0]?.fields[0]?.empty;
export const specProblems: Problem[] = validateMapping(mappingSpec);
export const leadRecord: LeadRecord = { formId: "f", answers: { q: "a" } };
export const contactRecord: Contact = { identities: [{ platform: "x", scope: "", id: "1" }] };
export const interactionRecord: Interaction = { direction: "inbound" };
compiled.free();
// @ts-expect-error an unknown record kind
const badRule: RecordRule = { record: "person", fields: {} };
export { badRule };
// @ts-expect-error a transform's argument has its type
const badTransform: Transform = { date: 5 };
export { badTransform };

// Built-in mappings and normalizeEvent.
const builtins: BuiltinMappingInfo[] = builtinMappings();
const waSpec = builtinMapping("whatsapp");
const normalizer: Normalizer = createNormalizer({ overrides: [{ ...waSpec, name: "acme", extends: "whatsapp", records: {} }] });
const events = normalizeEvent({ body: '{"object":"page"}', platform: "messenger" });
const kinds: string[] = events.map((e) => e.kind);
const fromHandle = normalizer.normalize({ body: new Uint8Array() });
normalizer.free();
void builtins, kinds, fromHandle;
export function identity(ndjson: Uint8Array): { keys: string[]; decision: ContactComparison["decision"]; clusters: string[][] } {
  const rules: IdentityRules = { ...defaultIdentityRules(), defaultRegion: "GB" };
  rules.thresholds.match = 0.95;
  const keys: string[] = matchKeys({ emails: ["ada@lovelace.co.uk"], name: { full: "Ada Lovelace" } }, rules);
  const c: ContactComparison = compareContacts({ phones: ["020 7946 0958"] }, { phones: ["+44 20 7946 0958"] }, rules);
  const score: number = c.score + (c.evidence.phone?.weight ?? 0);
  const trained: IdentityRules = trainRules(ndjson, rules, { seed: 2, randomPairs: 1000 });
  const out: DedupeResult = dedupeContacts([{ id: "a" }, { id: "b" }], trained, { train: false });
  const refused: number = out.stats.refusedLinks + out.oversized.blocks.length + score;
  return { keys, decision: c.decision, clusters: refused >= 0 ? out.clusters : [] };
}
// @ts-expect-error a decision is match, possible or no_match
const notADecision: ContactComparison["decision"] = "maybe";
export { notADecision };
// @ts-expect-error comparators are a closed set
defaultIdentityRules().fields[0].levels.push({ comparator: "soundsLike", m: 0.5, u: 0.1 });
