import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// Element Plus components are imported on demand (only what a screen uses
// ends up in its chunk); ECharts lives in the dashboard's lazy chunk.
export default defineConfig({
  plugins: [
    vue(),
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
  ],
  build: {
    target: 'es2020',
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: {
      '/api': { target: process.env.HOTLINE_URL ?? 'http://127.0.0.1:8080', changeOrigin: false },
      '/open311': { target: process.env.HOTLINE_URL ?? 'http://127.0.0.1:8080' },
    },
  },
})
