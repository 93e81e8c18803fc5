import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './electron/security';

/**
 * Writes the app's CSP into index.html as well as sending it as a header, so the
 * page carries its policy wherever it is opened. frame-ancestors only works as a
 * header, so it is left out of the meta copy.
 */
function cspMeta(): Plugin {
  const metaPolicy = CONTENT_SECURITY_POLICY.split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'clinic-csp-meta',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: metaPolicy }, injectTo: 'head-prepend' },
    ],
  };
}

// The renderer is a static bundle: Electron serves it over app://, tests over loopback HTTP.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMeta()],
  build: {
    outDir: '../build/renderer',
    emptyOutDir: true,
    // No inline scripts or styles, so the strict CSP holds.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
