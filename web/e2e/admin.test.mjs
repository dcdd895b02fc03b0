// Administration (系统管理, issue 11) in a real Chromium against a real
// `hotline serve`: the administrator creates a user with a role and a unit
// picked by name, adds a dispatch-catalogue entry after reviewing it, and
// enters a year's holidays (issue 9, item 13) — a missing field is named
// first; a supervisor gets no administration menu, is sent away from
// /admin, and the API answers 403. The 2027 dates are TEST DATA, not the
// State Council's notice.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { apiAs, axeViolations, horizontalOverflow, login, newPage, screenshot, startPlatform } from './harness.mjs'

let platform
before(async () => {
  platform = await startPlatform()
})
after(async () => {
  await platform?.stop()
})

// Waits until no select's dropdown is showing or fading over the form.
async function settle(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('.el-select-dropdown')].every((d) => d.closest('.el-popper')?.style.display === 'none' || d.offsetParent === null))
  await page.waitForTimeout(400)
}

async function checkScreen(page, name) {
  assert.deepEqual(await axeViolations(page), [], `${name}: axe serious/critical violations`)
  assert.ok((await horizontalOverflow(page)) <= 0, `${name}: horizontal scroll`)
}

// A form in a dialog: axe takes the modal mask (50 % black) for the
// background of a select's label, which sits absolutely positioned on the
// white dialog (it reports #808080). Those labels are checked here by their
// own colour on white instead; everything else in the page goes through axe.
async function checkDialog(page, name) {
  await axeViolations(page) // loads axe
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run({ exclude: [['.el-dialog .el-select__placeholder']] }, { resultTypes: ['violations'] })
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)
  })
  assert.deepEqual(violations, [], `${name}: axe serious/critical violations`)
  const colours = await page.evaluate(() =>
    [...document.querySelectorAll('.el-dialog .el-select__placeholder')].map((e) => getComputedStyle(e).color),
  )
  const contrast = (rgb) => {
    const [r, g, b] = rgb.match(/\d+/g).slice(0, 3).map((x) => {
      const c = Number(x) / 255
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    })
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)
  }
  for (const c of colours) assert.ok(contrast(c) >= 4.5, `${name}: select label ${c} on white`)
  assert.ok((await horizontalOverflow(page)) <= 0, `${name}: horizontal scroll`)
}

// Picks a unit by typing part of its name into the picker of the form item
// labelled `label`, and waits until the picker shows it. On a loaded machine
// a keystroke can reach the picker before its filter input has the focus;
// the pick is then made once more, and a third miss fails naming the unit.
async function pick(page, scope, label, text, option = text) {
  const item = scope.locator('.el-form-item', { hasText: label })
  for (let attempt = 1; ; attempt++) {
    await item.locator('.unit-select').first().click()
    await item.locator('input').first().fill(text)
    await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click()
    try {
      await item.locator('.el-select__wrapper', { hasText: option }).first().waitFor({ timeout: 5000 })
      return
    } catch (e) {
      if (attempt === 3) throw new Error(`${label}: ${option} was not picked (${e.message})`)
      await page.keyboard.press('Escape')
    }
  }
}

test('SEC-2: the administrator creates a user with a role and a unit picked by name', async () => {
  const { url } = platform
  const page = await newPage(platform)
  await login(page, url, 'admin')
  await page.waitForURL(/\/admin$/)
  await page.getByRole('button', { name: '新增用户' }).click()
  const dialog = page.getByRole('dialog', { name: '新增用户' })
  await dialog.getByLabel('用户名').fill('liu.housing')
  await dialog.getByLabel('姓名').fill('刘𠮷')
  await dialog.locator('.el-form-item', { hasText: '角色' }).locator('.el-select').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '承办单位工作人员' }).click()
  await pick(page, dialog, '所属单位', '和平区住房', '和平区住房城乡建设委')
  await dialog.getByLabel('初始密码').fill('Liu-Password-2026')
  await dialog.locator('.el-dialog__title').click()
  await settle(page)
  await screenshot(page, 'admin-user-form')
  await checkDialog(page, 'admin user form')
  await dialog.getByRole('button', { name: '保存' }).click()
  await page.getByText('已新增账号 liu.housing').waitFor()
  const row = page.locator('.el-table__row', { hasText: 'liu.housing' })
  await row.getByText('和平区住房城乡建设委').waitFor()
  await screenshot(page, 'admin')
  await checkScreen(page, 'admin users')

  const admin = await apiAs(url, 'admin')
  const accounts = await admin('GET', '/api/v1/directory/accounts')
  const created = accounts.body.items.find((a) => a.username === 'liu.housing')
  assert.equal(created.role, 'unit-staff')
  assert.equal(created.unit, 'dept.heping.housing')

  await page.getByRole('tab', { name: '单位' }).click()
  await page.locator('#pane-units').getByText('和平区住房城乡建设委').first().waitFor()
  await screenshot(page, 'admin-units')
  await checkScreen(page, 'admin units')
})

test('INT-1, SEC-2: the administrator creates another system\'s API key, shown once, and it works', async () => {
  const { url } = platform
  const page = await newPage(platform)
  await login(page, url, 'admin')
  await page.waitForURL(/\/admin$/)
  await page.getByRole('button', { name: '新建接口密钥' }).click()
  const dialog = page.getByRole('dialog', { name: '新建接口密钥' })
  await dialog.getByRole('button', { name: '新建' }).click()
  // The missing field is named at its own input.
  await dialog.locator('.el-form-item.is-error', { hasText: '对接系统名称' }).waitFor()
  await dialog.getByLabel('对接系统名称').fill('e2e12328')
  await dialog.getByRole('button', { name: '新建' }).click()
  await dialog.getByText('密钥只显示这一次').waitFor()
  const key = await dialog.getByLabel('接口密钥').inputValue()
  assert.match(key, /^hlk_/)
  await screenshot(page, 'admin-apikey')
  await checkDialog(page, 'admin API key')
  await dialog.getByRole('button', { name: '我已保存' }).click()
  await page.locator('.el-table__row', { hasText: 'api.e2e12328' }).waitFor()
  // The key signs the other system in.
  const res = await fetch(`${url}/api/v1/me`, { headers: { 'X-Api-Key': key } })
  assert.equal(res.status, 200)
  const me = await res.json()
  assert.equal(me.id, 'api.e2e12328')
  assert.equal(me.role, 'api-client')
})

test('DIS-2: the administrator adds a dispatch-catalogue entry after reviewing it', async () => {
  const { url } = platform
  const page = await newPage(platform)
  await login(page, url, 'admin')
  await page.getByRole('tab', { name: '派单目录' }).click()
  await page.getByRole('button', { name: '新增条目' }).click()
  const dialog = page.getByRole('dialog', { name: '新增派单目录条目' })
  await dialog.getByLabel('事项分类').fill('城市管理/共享单车乱停放')
  await pick(page, dialog, '主办单位', '和平区人民', '和平区人民政府')
  await dialog.getByLabel('关键词').fill('共享单车，乱停放')
  await dialog.getByLabel('依据').fill('测试依据')
  await dialog.getByRole('button', { name: '下一步：核对' }).click()
  await dialog.getByLabel('变更理由').fill('新增共享单车管理事项')
  await settle(page)
  await screenshot(page, 'admin-catalogue-review')
  await checkDialog(page, 'admin catalogue review')
  await dialog.getByRole('button', { name: '确认提交' }).click()
  await page.getByText('已新增派单目录条目').waitFor()
  await page.getByLabel('筛选派单目录').fill('城市管理')
  await page.locator('#pane-catalogue .el-table__row', { hasText: '城市管理/共享单车乱停放' }).first().waitFor()
  await screenshot(page, 'admin-catalogue')
  await checkScreen(page, 'admin catalogue')
  const admin = await apiAs(url, 'admin')
  const list = (await admin('GET', '/api/v1/triage/catalogue')).body
  const entries = Array.isArray(list) ? list : list.entries
  const added = entries.find((e) => e.category === '城市管理/共享单车乱停放')
  assert.equal(added.lead, 'district.heping')
})

test('issue 9 item 13: the administrator enters a year of holidays; a missing field is named', async () => {
  const { url } = platform
  const page = await newPage(platform)
  await login(page, url, 'admin')
  await page.getByRole('tab', { name: '节假日' }).click()
  await page.getByRole('button', { name: '录入 2027 年节假日' }).click()
  const dialog = page.getByRole('dialog', { name: /录入 2027 年节假日安排/ })
  await dialog.getByLabel('节日 1 名称').fill('测试节')
  const range = dialog.locator('.el-range-input')
  await range.nth(0).fill('2027-01-04')
  await range.nth(1).fill('2027-01-05')
  await range.nth(1).press('Enter')
  await dialog.locator('.el-dialog__title').click()
  // Without the document number the server names the field "source", and the form marks it.
  await dialog.getByRole('button', { name: '保存并生效' }).click()
  await dialog.locator('.el-form-item', { hasText: '文号' }).locator('.el-form-item__error').waitFor()
  await screenshot(page, 'admin-holidays-error')
  await dialog.getByLabel('文号').fill('测试〔2026〕1号')
  await dialog.getByRole('button', { name: '保存并生效' }).click()
  await page.getByText('已录入 2027 年节假日安排').waitFor()
  await page.getByText(/2027 年 · 测试〔2026〕1号 · 平台录入/).waitFor()
  await page.getByText('2027-01-04 至 2027-01-05').waitFor()
  await screenshot(page, 'admin-holidays')
  await checkScreen(page, 'admin holidays')

  const admin = await apiAs(url, 'admin')
  const years = (await admin('GET', '/api/v1/admin/calendar')).body.items
  assert.equal(years.at(-1).year, 2027)
  assert.equal(years.at(-1).entered_by, 'admin')

  // The notice was mis-entered: corrected with the reason, the earlier version kept.
  await page.getByRole('button', { name: '更正 2027 年节假日安排' }).click()
  const fix = page.getByRole('dialog', { name: /更正 2027 年节假日安排/ })
  const fixRange = fix.locator('.el-range-input')
  await fixRange.nth(1).fill('2027-01-06')
  await fixRange.nth(1).press('Enter')
  await fix.locator('.el-dialog__title').click()
  await fix.getByRole('button', { name: '保存并生效' }).click()
  await fix.locator('.el-form-item', { hasText: '更正原因' }).locator('.el-form-item__error').waitFor()
  await fix.getByLabel('更正原因').fill('1月6日漏录')
  await fix.getByRole('button', { name: '保存并生效' }).click()
  await page.getByText(/已更正 2027 年节假日安排/).waitFor()
  await page.getByText('2027-01-04 至 2027-01-06').waitFor()
  await page.getByText(/已更正 1 次/).waitFor()
  await screenshot(page, 'admin-holidays-corrected')
  await checkScreen(page, 'admin holidays corrected')
  const after = (await admin('GET', '/api/v1/admin/calendar')).body.items.at(-1)
  assert.equal(after.revision, 1)
  assert.equal(after.correction_reason, '1月6日漏录')
})

test('SEC-2: a supervisor gets no administration menu, no /admin screen and 403 from the API', async () => {
  const { url } = platform
  const page = await newPage(platform)
  await login(page, url, 'supervisor')
  await page.waitForURL(/\/supervision$/)
  assert.equal(await page.getByRole('link', { name: '系统管理' }).count(), 0)
  await page.goto(`${url}/admin`)
  await page.waitForURL(/\/supervision$/)
  const supervisor = await apiAs(url, 'supervisor')
  const create = await supervisor('POST', '/api/v1/admin/accounts', {
    username: 'x.y', display_name: 'X', role: 'agent', unit: 'office', password: 'Some-Password-1',
  })
  assert.equal(create.status, 403)
  assert.equal((await supervisor('GET', '/api/v1/admin/calendar')).status, 403)
  assert.equal((await supervisor('POST', '/api/v1/admin/calendar/years', { year: 2027 })).status, 403)
  assert.equal((await supervisor('PUT', '/api/v1/admin/calendar/years/2027', { year: 2027, reason: 'x' })).status, 403)
})
