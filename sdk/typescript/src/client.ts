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

/**
 * The hey-api client options (`fetch`, `headers`, …) plus the server and a credential.
 *
 * Calls throw the `Problem` of an error answer: the generated functions are typed that
 * way (their `ThrowOnError` defaults to `true`), so `data` is never `undefined`. To get
 * the problem as a value, pass `throwOnError: false` to the call, which types the result
 * as `{ data, error }` with one of them set. A client cannot turn throwing off for all
 * its calls, as the types of the calls would then be wrong.
 */
export type LivechatClientOptions = Omit<Config, 'auth' | 'baseUrl' | 'throwOnError'> & {
  baseUrl: string;
  throwOnError?: true;
} & LivechatCredential;

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
  return createClient(createConfig({ ...config, auth, throwOnError: true }));
}
