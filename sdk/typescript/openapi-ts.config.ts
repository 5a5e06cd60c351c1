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
  plugins: [{ name: '@hey-api/client-fetch', throwOnError: true }, '@hey-api/typescript', '@hey-api/sdk'],
});
