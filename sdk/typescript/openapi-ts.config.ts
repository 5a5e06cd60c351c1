import { defineConfig } from '@hey-api/openapi-ts';

// The committed spec is the only input: generation never touches the network, and
// with no post-processing (formatter, linter) the output depends only on the spec and
// the pinned generator version.
export default defineConfig({
  input: '../../openapi/openapi.json',
  output: {
    path: 'src/generated',
    module: { extension: '.js' },
    postProcess: [],
  },
  // throwOnError: every generated function defaults its ThrowOnError type parameter to
  // true, so `data` is typed as set; createLivechatClient (src/client.ts) throws at run
  // time to match, and test/types.ts checks both.
  plugins: [{ name: '@hey-api/client-fetch', throwOnError: true }, '@hey-api/typescript', '@hey-api/sdk'],
});
