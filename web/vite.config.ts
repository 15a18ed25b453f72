// Vite build of the Keyward admin console. Root is web/, output web/dist/ (served by the server at "/").
// `npm run build:web` runs `vite build --config web/vite.config.ts` from the repository root.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    // The SPA imports the pure permission model from ../src/permissions; allow the dev server to read it.
    fs: { allow: [repoRoot] },
    // `KEYWARD_DEV_API=http://localhost:4446 npx vite --config web/vite.config.ts` proxies the REST API.
    proxy: { '/joc': process.env.KEYWARD_DEV_API ?? 'http://localhost:4446' },
  },
});
