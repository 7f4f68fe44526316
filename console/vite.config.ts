import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console is served by Gatehouse at /console from dist/console (`npm run build`).
 * GATEHOUSE_CONSOLE_OUT builds elsewhere (a test's own copy).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: process.env.GATEHOUSE_CONSOLE_OUT ?? fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Read by the bundle budget test: which chunks the first page loads.
    manifest: true,
    chunkSizeWarningLimit: 1500,
  },
});
