import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

// The console: built into web/dist, which the server serves at `/`. In development `vite --config
// web/vite.config.ts` serves it with hot reload and forwards the API to a server on :3000.
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: process.env.ARBITER_API ?? 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
