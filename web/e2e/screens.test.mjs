// issue 11's other checks: a unit's countdown turns colour when the fake
// clock passes the warning instant (HND-5); an applicant submits with a
// photo and follows the request on a 390×844 phone (INT-5); a unit cannot
// see or open another unit's work order; an inbox of 5,000 scrolls smoothly
// (virtual list); the remaining screens pass axe and
// fit 1366×768; the agent's screen loads fast with little JavaScript.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { gzipSync } from 'node:zlib'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import os from 'node:os'
import { PASSWORD, SCREENS, apiAs, axeViolations, horizontalOverflow, login, newPage, samplePng, screenshot, startPlatform } from './harness.mjs'

let platform
let workOrder
before(async () => {
  platform = await startPlatform()
  // The scene: a request dispatched to 和平区 (through the API).
  const agent = await apiAs(platform.url, 'agent')
  const r = await agent('POST', '/api/v1/requests', {
    channel: 'phone',
    type: 'complaint',
    applicant: { name: '李𠮷', phone: '13900002222' },
    subject: '路灯不亮',
    detail: '和平区成都道与南京路交口路灯连续三晚不亮，夜间行人不安全',
    items: [{ text: '路灯不亮' }],
    location: { district: 'district.heping' },
  })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  const d = await agent('POST', `/api/v1/requests/${r.body.number}/dispatch`, { lead_unit: 'district.heping' })
  assert.equal(d.status, 200, JSON.stringify(d.body))
  workOrder = `${r.body.number}-1`
})
after(async () => {
  await platform?.stop()
})

async function checkScreen(page, name) {
  assert.deepEqual(await axeViolations(page), [], `${name}: axe serious/critical violations`)
  assert.ok((await horizontalOverflow(page)) <= 0, `${name}: horizontal scroll`)
}

// Issue 15: the agent's screen suggests the urgency and the type beside the
// selects, with what fired or the questions to ask, and changes nothing
// until the agent says so.
test('TYP-2, TYP-1: a gas smell gets a sure life-safety chip; the type questions until the agent answers', async () => {
  const page = await newPage(platform)
  await login(page, platform.url, 'agent')
  await page.locator('#phone input, input#phone').first().waitFor()
  await page.keyboard.type('13800005678')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await page.keyboard.type('楼道里有燃气味')
  await page.keyboard.press('Tab')
  await page.keyboard.type('和平区南京路某小区三号楼楼道里一股很重的燃气味，邻居家一直没人开门。')
  const chip = page.getByTestId('urgency-chip')
  await chip.filter({ hasText: '危及生命财产安全' }).waitFor({ timeout: 15000 })
  assert.match(await chip.textContent(), /确定/)
  assert.match(await chip.getAttribute('title'), /燃气\+味/)
  assert.match(await page.getByTestId('type-chip').textContent(), /请核对/)
  await page.getByTestId('caller-questions').filter({ hasText: '您是想了解情况（咨询），还是需要有人处理？' }).waitFor()
  // Nothing is overwritten: the agent's select still says 一般诉求.
  const urgencySelect = page.locator('.row3 > div', { has: page.locator('label[for="urgency"]') }).locator('.el-select')
  assert.match(await urgencySelect.textContent(), /一般诉求/)
  await screenshot(page, 'agent-type-urgency')
  await checkScreen(page, 'agent with type and urgency suggestions')
  // 采用 sets the select; an answer to the type questions sets the type and
  // puts the questions away.
  await page.getByTestId('type-urgency-hints').locator('.span2').getByRole('button', { name: '采用' }).click()
  await urgencySelect.filter({ hasText: '危及生命财产安全' }).waitFor()
  await page.getByTestId('type-answers').getByRole('button', { name: '举报' }).click()
  await page.getByTestId('caller-questions').waitFor({ state: 'detached' })
  const typeSelect = page.locator('.row3 > div', { has: page.locator('label[for="type"]') }).locator('.el-select')
  assert.match(await typeSelect.textContent(), /举报/)
  await page.context().close()
})

test('HND-5: the unit inbox countdown turns colour at the warning threshold on the fake clock', async () => {
  const { url } = platform
  const page = await newPage(platform)
  await login(page, url, 'heping')
  const countdown = page.locator('.el-table-v2__row', { hasText: workOrder }).locator('.countdown').first()
  await countdown.waitFor()
  assert.equal(await countdown.getAttribute('data-state'), 'ok')
  // The acceptance deadline is 1 working day from dispatch; the warning
  // comes when 20% of it remains (data/policies/tianjin.toml [warning]).
  const admin = await apiAs(url, 'admin')
  assert.equal((await admin('POST', '/api/v1/admin/clock', { advance: '20 hours' })).status, 200)
  await login(page, url, 'heping') // the session idled out on the moved clock
  await page.getByRole('button', { name: '刷新' }).click()
  const moved = page.locator('.el-table-v2__row', { hasText: workOrder }).locator('.countdown').first()
  await page.waitForFunction((id) => {
    const row = [...document.querySelectorAll('.el-table-v2__row')].find((r) => r.textContent.includes(id))
    return row?.querySelector('.countdown')?.getAttribute('data-state') === 'warn'
  }, workOrder)
  assert.equal(await moved.getAttribute('data-state'), 'warn')
  const colour = await moved.evaluate((el) => getComputedStyle(el).color)
  assert.notEqual(colour, 'rgb(29, 107, 52)') // no longer the "ok" green
  await page.locator('.wo-link', { hasText: workOrder }).click()
  await page.getByText('办理记录').waitFor()
  await screenshot(page, 'unit-inbox-warning')
  await checkScreen(page, 'unit inbox')
})

test('issue 11: a unit inbox of 5,000 work orders scrolls smoothly (virtual list)', async () => {
  const { url } = platform
  // The list answer for 5,000 rows, built from a real row of this unit's inbox
  // (the server answers up to 5,000 rows a page; registering 5,000 requests
  // here would take minutes of fsyncs and test the store, not the screen).
  const heping = await apiAs(url, 'heping')
  const real = await heping('GET', '/api/v1/workbench/work-orders?queue=open&limit=1')
  assert.equal(real.status, 200)
  const row = real.body.items[0]
  const items = Array.from({ length: 5000 }, (_, i) => ({
    ...row,
    id: `20260302${String(90000000 + i)}-1`,
    subject: `第${i + 1}件 ${row.subject}`,
  }))
  const page = await newPage(platform)
  await page.route('**/api/v1/workbench/work-orders?**', (route) => {
    const q = new URL(route.request().url()).searchParams
    const limit = Number(q.get('limit') ?? 50)
    const offset = Number(q.get('offset') ?? 0)
    route.fulfill({ json: { ...real.body, items: items.slice(offset, offset + limit), total: 5000, limit, offset } })
  })
  await login(page, url, 'heping')
  await page.getByTestId('total').getByText('共 5000 条').waitFor()
  // The whole inbox on one page.
  await page.getByLabel('每页条数').first().click({ force: true })
  await page.locator('.el-select-dropdown__item', { hasText: '5000 条/页' }).click()
  await page.locator('.el-pager').getByText('2', { exact: true }).waitFor({ state: 'detached' })
  await page.locator('.wo-link').first().waitFor()
  // Only the rows in view are in the page.
  const inDom = await page.locator('.el-table-v2__row').count()
  assert.ok(inDom > 0 && inDom < 60, `rows in the DOM: ${inDom}`)
  // Scroll from the top to the bottom over 120 animation frames, timing each.
  const scroll = await page.evaluate(async () => {
    // The element that scrolls: the virtual list's window inside the table body.
    const body = [...document.querySelectorAll('.vlist *')].find((e) => e.scrollHeight > e.clientHeight + 1000)
    const max = body.scrollHeight - body.clientHeight
    const frame = () => new Promise((r) => requestAnimationFrame(r))
    const stats = (xs) => {
      xs.sort((a, b) => a - b)
      const at = (q) => Math.round(xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] * 10) / 10
      return { median_ms: at(0.5), p95_ms: at(0.95), max_ms: at(1) }
    }
    // The machine's own frame time first (it is shared): frames with no work.
    const idle = []
    let last = performance.now()
    for (let k = 0; k < 60; k++) {
      await frame()
      const t = performance.now()
      idle.push(t - last)
      last = t
    }
    // A fast fling: about 20 rows a frame, 250 frames to the end.
    const steps = 250
    const frames = []
    last = performance.now()
    for (let k = 1; k <= steps; k++) {
      body.scrollTop = (max * k) / steps
      await frame()
      const t = performance.now()
      frames.push(t - last)
      last = t
    }
    await new Promise((r) => setTimeout(r, 100))
    const lastId = [...document.querySelectorAll('.wo-link')].map((a) => a.textContent.trim()).pop()
    return {
      frames: frames.length,
      rows_per_frame: Math.round(max / steps / 58),
      scroll: stats(frames),
      idle: stats(idle),
      rows_in_dom: document.querySelectorAll('.el-table-v2__row').length,
      last_row: lastId,
    }
  })
  const load = os.loadavg()[0] / os.cpus().length
  console.log(`# unit inbox 5,000 rows: ${JSON.stringify({ ...scroll, load_per_core: Math.round(load * 10) / 10 })}`)
  writeFileSync(path.join(SCREENS, 'unit-inbox-5000.json'), JSON.stringify({ ...scroll, load_per_core: load }, null, 2) + '\n')
  assert.equal(scroll.last_row, items[4999].id, 'the last work order is reached')
  assert.ok(scroll.rows_in_dom < 60, `rows in the DOM after scrolling: ${scroll.rows_in_dom}`)
  // Smooth: the median frame while scrolling within two 60 Hz frames of an
  // idle frame — on a machine with a core to itself; when the machine is
  // shared (load per core above 1), that budget grows with the load.
  const budget = scroll.idle.median_ms + 34 * Math.max(1, load)
  assert.ok(
    scroll.scroll.median_ms < budget,
    `median frame ${scroll.scroll.median_ms} ms scrolling (budget ${Math.round(budget)} ms at load ${load.toFixed(1)} per core)`,
  )
  await screenshot(page, 'unit-inbox-5000')
  await checkScreen(page, 'unit inbox of 5,000')
})

test('SEC-2: a unit cannot see or open another unit\'s work order', async () => {
  const { url } = platform
  const page = await newPage(platform)
  await login(page, url, 'transport')
  await page.getByText('待办工单').waitFor()
  await page.getByTestId('total').getByText('共 0 条').waitFor()
  assert.equal(await page.locator('.wo-link', { hasText: workOrder }).count(), 0)
  await page.goto(`${url}/work-orders/${workOrder}`)
  await page.locator('.el-alert').waitFor()
  assert.equal(await page.getByText('路灯不亮').count(), 0)
  // The API answers "not there", the same as for a number that does not exist.
  const transport = await apiAs(url, 'transport')
  const other = await transport('GET', `/api/v1/work-orders/${workOrder}`)
  const missing = await transport('GET', '/api/v1/work-orders/2099010100000001-1')
  assert.equal(other.status, 404)
  assert.equal(missing.status, 404)
  const list = await transport('GET', '/api/v1/workbench/work-orders?queue=all')
  assert.equal(list.body.total, 0)
})

test('INT-5: an applicant submits with a photo and follows the request on a 390×844 phone', async () => {
  const { url } = platform
  const page = await newPage(platform, { width: 390, height: 844 })
  await page.goto(`${url}/portal`)
  await page.locator('#p-subject').fill('人行道地砖松动')
  await page.locator('#p-detail').fill('和平区滨江道步行街东口人行道地砖松动翘起，已有老人绊倒，请尽快修复。')
  await page.locator('#p-district').selectOption({ label: '和平区人民政府' })
  await page.locator('#p-photo').setInputFiles({ name: '地砖.png', mimeType: 'image/png', buffer: samplePng() })
  await page.getByRole('img', { name: '已上传照片 地砖.png' }).waitFor()
  await page.locator('#p-name').fill('赵𡒄')
  await page.locator('#p-phone').fill('13700003333')
  await screenshot(page, 'portal')
  await checkScreen(page, 'portal')
  await page.getByRole('button', { name: '提交' }).click()
  const number = (await page.getByTestId('portal-number').textContent()).trim()
  assert.match(number, /^\d{16}$/)
  await screenshot(page, 'portal-submitted')

  // The office sees the photo with the request.
  const dispatcher = await apiAs(url, 'dispatcher')
  const request = await dispatcher('GET', `/api/v1/requests/${number}`)
  assert.equal(request.body.details.attachments.length, 1)
  assert.equal(request.body.details.channel, 'website')

  await page.getByRole('link', { name: '查询办理进度' }).click()
  await page.locator('#t-phone').fill('13700003333')
  await page.getByRole('button', { name: '查询' }).click()
  await page.getByTestId('request-status').waitFor()
  // INT-3: the applicant sees their photo again (its thumbnail, decoded).
  const mine = page.getByRole('img', { name: '我提交的照片 1' })
  await mine.waitFor()
  await page.waitForFunction(() => document.querySelector('.attachments img')?.naturalWidth > 0)
  await screenshot(page, 'portal-track')
  await checkScreen(page, 'portal track')

  // The unit the work order goes to sees the photo in its detail; another
  // unit cannot fetch it (404, as for an attachment that does not exist).
  const photo = request.body.details.attachments[0]
  assert.equal(photo.media_type, 'image/png')
  const sent = await dispatcher('POST', `/api/v1/requests/${number}/dispatch`, { lead_unit: 'district.heping' })
  assert.equal(sent.status, 200, JSON.stringify(sent.body))
  const unitPage = await newPage(platform)
  await login(unitPage, url, 'heping')
  await unitPage.goto(`${url}/work-orders/${number}-1`)
  await unitPage.getByRole('img', { name: '诉求照片 1' }).waitFor()
  await unitPage.waitForFunction(() => document.querySelector('.photos img')?.naturalWidth > 0)
  await screenshot(unitPage, 'work-order-photo')
  await checkScreen(unitPage, 'work order with photo')
  const id = photo.uri.slice(photo.uri.lastIndexOf('/') + 1)
  const transport = await apiAs(url, 'transport')
  const theirs = await transport('GET', `/api/v1/requests/${number}/attachments/${id}`)
  assert.equal(theirs.status, 404)

  // A wrong phone learns nothing.
  const wrong = await newPage(platform, { width: 390, height: 844 })
  await wrong.goto(`${url}/portal/track?number=${number}`)
  await wrong.locator('#t-phone').fill('13700009999')
  await wrong.getByRole('button', { name: '查询' }).click()
  await wrong.locator('.el-alert').waitFor()
  assert.equal(await wrong.getByText('人行道地砖松动').count(), 0)
})

test('every remaining screen: supervision, knowledge base, dashboard, login', async () => {
  const { url } = platform
  const page = await newPage(platform)
  await page.goto(`${url}/login`)
  await screenshot(page, 'login')
  await checkScreen(page, 'login')
  await login(page, url, 'supervisor')
  await page.waitForURL(/\/supervision$/)
  await page.locator('.wo-link', { hasText: workOrder }).click()
  await page.getByText('办理记录').waitFor()
  await screenshot(page, 'supervision')
  await checkScreen(page, 'supervision')

  await page.goto(`${url}/kb`)
  await page.getByRole('searchbox', { name: '搜索知识库' }).or(page.getByLabel('搜索知识库')).first().fill('公积金 租房')
  await page.getByRole('button', { name: '搜索' }).click()
  await page.locator('.hit a').first().click()
  await page.locator('.body').first().waitFor()
  await screenshot(page, 'knowledge-base')
  await checkScreen(page, 'knowledge base')
  // KB-2/KB-3: edit with review — a revision of a published article, submitted,
  // approved by the office, then the new text is what is published.
  const title = (await page.locator('[aria-label="条目内容"] h2').textContent()).trim()
  await page.getByRole('button', { name: '编辑' }).click()
  const body = page.locator('#kb-body')
  await body.fill((await body.inputValue()) + '\n（2026年3月起按新口径答复。）')
  await page.locator('#kb-reason').fill('政策口径更新')
  await screenshot(page, 'knowledge-base-edit')
  await checkScreen(page, 'knowledge base edit')
  await page.getByRole('button', { name: '保存' }).click()
  await page.getByText('修订已保存').waitFor()
  await page.getByRole('button', { name: '提交审核' }).click()
  await page.getByText('修订待审核').waitFor()
  await page.getByRole('tab', { name: /待审核/ }).click()
  await page.locator('.hit a', { hasText: title }).click()
  await page.getByRole('button', { name: '审核通过' }).click()
  await page.getByText('审核通过，已发布').waitFor()
  await page.locator('.body', { hasText: '2026年3月起按新口径答复' }).first().waitFor()
  // KB-3: an update request the office sent, as the unit's list shows it.
  const office = await apiAs(url, 'supervisor')
  const asked = await office('POST', '/api/v1/kb/update-requests', {
    unit: 'district.heping', kind: 'add', text: '补充和平区夜间施工噪音投诉的答复口径',
  })
  assert.equal(asked.status, 201, JSON.stringify(asked.body))
  await page.getByRole('tab', { name: /更新要求/ }).click()
  await page.getByText('补充和平区夜间施工噪音投诉的答复口径').waitFor()
  await screenshot(page, 'knowledge-base-requests')
  await checkScreen(page, 'knowledge base update requests')
  await page.getByRole('tab', { name: /到期提醒/ }).click()
  await checkScreen(page, 'knowledge base expiry reminders')

  // Administration is the administrator's alone: admin.test.mjs covers it.

  await page.goto(`${url}/dashboard`)
  await page.locator('.el-empty, .chart').first().waitFor()
  await screenshot(page, 'dashboard')
  await checkScreen(page, 'dashboard')
  // ANA-2: a hot spot of requests without a category says so.
  const categories = await page
    .locator('section[aria-label="热点与预警"] .el-table__body tr td:nth-child(2)')
    .allInnerTexts()
  assert.ok(categories.length > 0 && categories.every((t) => t.trim() !== ''), JSON.stringify(categories))

  // Excel export of a list keeps characters beyond the BMP.
  const res = await page.request.get(`${url}/api/v1/workbench/work-orders?queue=all&format=xlsx`)
  assert.equal(res.status(), 200)
  assert.match(res.headers()['content-type'], /spreadsheetml/)
  assert.ok((await res.body()).subarray(0, 2).toString() === 'PK')
})

test('budget: the agent screen\'s initial JavaScript is under 500 KB gzipped (load time measured)', async () => {
  const { url } = platform
  // A browser session cookie, as the login screen would get it.
  const r = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'X-Requested-With': 'hotline-web' },
    body: JSON.stringify({ username: 'agent', password: PASSWORD }),
  })
  const cookie = r.headers.get('set-cookie')
  assert.match(cookie, /HttpOnly/)
  assert.match(cookie, /SameSite=Strict/)
  const [name, value] = cookie.split(';')[0].split('=')
  // SEC: a cookie-authenticated change without the web client's header is refused (CSRF).
  const forged = await fetch(`${url}/api/v1/requests`, {
    method: 'POST',
    headers: { Cookie: `${name}=${value}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ subject: 'x', detail: 'x', items: [{ text: 'x' }] }),
  })
  assert.equal(forged.status, 403)
  assert.equal((await forged.json()).error.code, 'csrf')
  assert.equal((await r.clone().json().catch(() => ({}))).token, undefined)
  const runs = []
  let gzipped = 0
  let raw = 0
  let files = 0
  for (let i = 0; i < 3; i++) {
    // Each run a cold load: a new browser context with an empty cache.
    const context = await platform.browser.newContext({ viewport: { width: 1366, height: 768 } })
    await context.addCookies([{ name, value, url }])
    const page = await context.newPage()
    const scripts = []
    page.on('response', async (res) => {
      if (res.url().endsWith('.js')) scripts.push(await res.body().catch(() => Buffer.alloc(0)))
    })
    const started = Date.now()
    await page.goto(`${url}/agent`)
    await page.locator('#phone').waitFor()
    runs.push(Date.now() - started)
    await page.waitForLoadState('networkidle')
    gzipped = scripts.reduce((sum, b) => sum + gzipSync(b).length, 0)
    raw = scripts.reduce((sum, b) => sum + b.length, 0)
    files = scripts.length
    await context.close()
  }
  runs.sort((a, b) => a - b)
  const load = os.loadavg()[0] / os.cpus().length
  const figures = { ready_ms_runs: runs, ready_ms_median: runs[1], js_files: files, js_bytes: raw, js_gzip_bytes: gzipped, load_per_core: Number(load.toFixed(2)) }
  console.log('agent screen first load:', JSON.stringify(figures))
  writeFileSync(path.join(SCREENS, 'agent-load.json'), JSON.stringify(figures, null, 2) + '\n')
  assert.ok(gzipped < 500 * 1024, `initial JavaScript ${gzipped} bytes gzipped`)
  // The load time is a measurement, reported in docs/performance.md, not a
  // pass mark: a timed assertion on a shared 2-core box measures its load.
  console.log(`agent screen ready in ${runs[1]} ms (median of 3 cold loads, load ${load.toFixed(2)} per core)`)
})
