// What every end-to-end test needs: a fresh database with the demo
// organisation, accounts and knowledge base; a real `hotline serve` on a
// fake clock serving web/dist; headless Chromium (Debian's) through
// playwright-core; axe-core; screenshots into SCREENS.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, readFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const require = createRequire(import.meta.url)
export const ROOT = process.env.HOTLINE_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const BIN = process.env.HOTLINE_BIN ?? path.join(ROOT, 'build-test/src/app/hotline')
export const CHROMIUM = process.env.HOTLINE_CHROMIUM ?? '/usr/bin/chromium'
export const PASSWORD = 'E2e-Password-2026'
export const START = '2026-03-02T09:00:00+08:00' // a Monday, a working day
// Screenshots and measured figures: a scratch directory unless HOTLINE_SCREENS
// names one (docs/screens refreshes the committed ones: `./run screens`), so
// that a test run leaves the checkout as it found it.
export const SCREENS = path.resolve(process.env.HOTLINE_SCREENS || path.join(tmpdir(), 'hotline-screens'))

export const ACCOUNTS = [
  ['agent', 'agent', 'office'],
  ['dispatcher', 'dispatcher', 'office'],
  ['visit', 'visit-agent', 'office'],
  ['supervisor', 'supervisor', 'office'],
  ['admin', 'administrator', 'office'],
  ['heping', 'unit-staff', 'district.heping'],
  ['transport', 'unit-staff', 'dept.transport'],
  ['social', 'social-supervisor', 'office'],
]

// `serveArgs`: more arguments for `hotline serve` (a category model, say).
export async function startPlatform(serveArgs = []) {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-e2e-'))
  const db = path.join(dir, 'hotline.db')
  const run = (args, input) => execFileSync(BIN, ['--db', db, ...args], { input, stdio: ['pipe', 'pipe', 'pipe'] })
  run(['init'])
  for (const [name, role, unit] of ACCOUNTS) {
    run(['user', 'add', '--username', name, '--role', role, '--unit', unit, '--password-stdin'], PASSWORD + '\n')
  }
  run(['kb', 'import', path.join(ROOT, 'data/knowledge/articles.jsonl')])
  const server = spawn(
    BIN,
    ['--db', db, 'serve', '--port', '0', '--fake-clock', START, '--web-root', path.join(ROOT, 'web/dist'), ...serveArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stderr = ''
  server.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)))
  const url = await new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error('serve did not start:\n' + stderr)), 30000)
    server.stdout.on('data', (d) => {
      out += d
      const m = out.match(/listening on (http:\/\/\S+)/)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    server.on('exit', (code) => reject(new Error(`serve exited ${code}:\n${stderr}`)))
  })
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--lang=zh-CN'],
    // Native widgets (the date-time picker) follow the process's language.
    env: { ...process.env, LANG: 'zh_CN.UTF-8', LANGUAGE: 'zh_CN:zh' },
  })
  mkdirSync(SCREENS, { recursive: true })
  return {
    url,
    db,
    browser,
    async stop() {
      await browser.close()
      server.kill('SIGTERM')
      await new Promise((r) => server.once('exit', r))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

// A signed-in API client for setting the scene and checking outcomes.
export async function apiAs(url, username) {
  const r = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    body: JSON.stringify({ username, password: PASSWORD }),
  })
  if (!r.ok) throw new Error(`login ${username}: ${r.status} ${await r.text()}`)
  const { token } = await r.json()
  return async (method, p, body) => {
    const res = await fetch(`${url}${p}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null }
  }
}

export async function newPage(platform, viewport = { width: 1366, height: 768 }) {
  const context = await platform.browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('page error:', e.message))
  return page
}

// Signs in through the login screen with the keyboard.
export async function login(page, url, username) {
  await page.goto(`${url}/login`)
  await page.locator('#username').focus()
  await page.keyboard.type(username)
  await page.keyboard.press('Tab')
  await page.keyboard.type(PASSWORD)
  await page.keyboard.press('Enter')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

// axe-core's serious and critical violations on the page as it is now.
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.evaluate(AXE)
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' ' + n.html.slice(0, 160)) }))
  })
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

export async function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}

export async function screenshot(page, name) {
  await page.waitForTimeout(300)
  // ECharts draws its charts in over a second: a picture taken earlier shows
  // half-grown bars and lines, not what a user reads.
  if (await page.locator('canvas').count()) await page.waitForTimeout(1200)
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: false })
}

// A small real PNG (64×48, tiles of three colours) for the applicant's photo.
export function samplePng() {
  return Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAAAZklEQVR42u3WQQ0AIQxFQSSuHJSsiBWBCBSh4achabJDen7t' +
      '3Bjz29G84bvdHwAAAAAAAAAABUC3g9I+AAAAAAAAAEAF4DcKAAAAUAKs+USTLrjdBwD4PaDbQWkfAAAAAAAAAKDQP3FsW3z1' +
      'pEYsAAAAAElFTkSuQmCC',
    'base64',
  )
}
