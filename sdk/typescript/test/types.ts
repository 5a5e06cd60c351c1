// Type-level checks: `npm test` compiles this file (tsc -p test/tsconfig.json, strict)
// and never runs it. Each line states a type the SDK must keep; if a change breaks
// one, the compilation, and so the test run, fails.
import {
  claimConversation,
  type Conversation,
  createLivechatClient,
  enterLiveChat,
  healthReady,
  login,
  type EntryResult,
  type Problem,
  type Readiness,
  type Session,
} from 'livechat-sdk';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T | undefined => undefined;

export async function typesOfCalls(): Promise<void> {
  const baseUrl = 'http://127.0.0.1:8080';

  // A client made with `throwOnError: true`, or with nothing said: calls throw, so `data`
  // is the response body itself and never `undefined` under strict null checks.
  const anonymous = createLivechatClient({ baseUrl, throwOnError: true });
  const { data: session } = await login({ client: anonymous, body: { email: 'a@example.com', password: 'p' } });
  assertType<Equal<typeof session, Session>>();
  const token: string = session.token;

  const bot = createLivechatClient({ baseUrl, apiKey: 'lc_x' });
  const { data: entry } = await enterLiveChat({
    client: bot,
    body: { customer: { external_id: 'c', display_name: 'C' }, module_id: 'm', process_ref: 'p' },
  });
  assertType<Equal<typeof entry, EntryResult>>();
  const outcome: string = entry.outcome;

  // Without `client`, the generated default client (which throws too) is used.
  const { data: readiness } = await healthReady();
  assertType<Equal<typeof readiness, Readiness>>();

  // `throwOnError: false` on a call: the result holds either `data` or the `Problem`.
  const agent = createLivechatClient({ baseUrl, agentToken: token });
  const claimed = await claimConversation({ client: agent, path: { conversation_id: outcome }, throwOnError: false });
  // @ts-expect-error `data` is undefined when the answer was an error
  claimed.data.id;
  if (claimed.error) {
    assertType<Equal<typeof claimed.error, Problem>>();
    assertType<Equal<typeof claimed.data, undefined>>();
  } else {
    assertType<Equal<typeof claimed.data, Conversation>>();
  }

  // A client cannot turn throwing off for all its calls: their types would be wrong.
  // @ts-expect-error only `true` is accepted
  createLivechatClient({ baseUrl, throwOnError: false });
}
