import { type Client, type Config, createClient, createConfig } from './generated/client/index.js';

/**
 * At most one credential: an agent's (or admin's) token from `login`, a customer's token
 * from `enterLiveChat` / `issueCustomerToken`, or the bot platform's API key (`lc_…`).
 * None suits `login` and the health checks.
 */
export type LivechatCredential =
  | { agentToken: string; customerToken?: never; apiKey?: never }
  | { customerToken: string; agentToken?: never; apiKey?: never }
  | { apiKey: string; agentToken?: never; customerToken?: never }
  | { agentToken?: never; customerToken?: never; apiKey?: never };

/** The hey-api client options (`fetch`, `headers`, `throwOnError`, …) plus the server and a credential. */
export type LivechatClientOptions = Omit<Config, 'auth' | 'baseUrl'> & { baseUrl: string } & LivechatCredential;

/**
 * A client to pass as `client` to the generated functions, e.g.
 * `await claimConversation({ client, path: { conversation_id } })`.
 */
export function createLivechatClient(options: LivechatClientOptions): Client {
  const { agentToken, customerToken, apiKey, ...config } = options;
  const credential = agentToken ?? customerToken ?? apiKey;
  // All three go as `Authorization: Bearer …`. The spec also offers `?access_token=` for
  // browsers' EventSource; a token in a URL ends up in logs, so query schemes get nothing.
  const auth: Config['auth'] = (scheme) => (scheme.type === 'http' ? credential : undefined);
  return createClient(createConfig({ ...config, auth }));
}
