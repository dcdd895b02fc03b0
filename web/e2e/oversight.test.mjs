// EVA-4 and EVA-2 screens: a social supervisor (社会监督员) sees the month's
// sample with no personal data (the 𠮷 name and the phone are nowhere on the
// page), opens a work order and leaves an opinion; the office sees it on
// 考核与监督 and answers it. Both screens pass axe and are photographed.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { apiAs, axeViolations, login, newPage, screenshot, startPlatform } from './harness.mjs'

let platform
let workOrder
const NAME = '𠮷秀英'
const PHONE = '13900003333'

before(async () => {
  platform = await startPlatform()
  const { url } = platform
  const agent = await apiAs(url, 'agent')
  const r = await agent('POST', '/api/v1/requests', {
    channel: 'phone',
    type: 'complaint',
    applicant: { name: NAME, phone: PHONE, address: '和平区南京路88号' },
    subject: '人行道积水',
    detail: `我是${NAME}，电话${PHONE}，南京路人行道雨后积水，行走不便`,
    items: [{ text: '人行道积水' }],
    location: { district: 'district.heping' },
  })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  const d = await agent('POST', `/api/v1/requests/${r.body.number}/dispatch`, { lead_unit: 'district.heping' })
  assert.equal(d.status, 200, JSON.stringify(d.body))
  workOrder = `${r.body.number}-1`
  const unit = await apiAs(url, 'heping')
  assert.equal((await unit('POST', `/api/v1/work-orders/${workOrder}/accept`, {})).status, 200)
  const reply = await unit('POST', `/api/v1/work-orders/${workOrder}/reply`, {
    contacted_at: '2026-03-02T09:00:00+08:00',
    handler: '赵工',
    handler_contact: '022-23001234',
    process: '3月2日上午到南京路现场核查，疏通两处堵塞的雨水篦子并清理篦下淤泥',
    result: '南京路人行道积水已全部排除，两处雨水篦子恢复通畅，已列入每周巡查',
    policy_basis: '《天津市市容和环境卫生管理条例》',
    applicant_feedback: '已电话告知诉求人处理结果，诉求人表示认可',
  })
  assert.equal(reply.status, 200, JSON.stringify(reply.body))
  const visit = await apiAs(url, 'visit')
  const ev = await visit('POST', `/api/v1/work-orders/${workOrder}/evaluate`, { method: 'phone', satisfaction: 'satisfied' })
  assert.equal(ev.status, 200, JSON.stringify(ev.body))
  if (ev.body.status !== 'closed') {
    const c = await visit('POST', `/api/v1/work-orders/${workOrder}/close`, {})
    assert.equal(c.status, 200, JSON.stringify(c.body))
  }
})
after(async () => {
  await platform?.stop()
})

test('a social supervisor reads the masked sample and leaves an opinion; the office answers', async () => {
  const { url } = platform
  const page = await newPage(platform)
  await login(page, url, 'social')
  await page.waitForURL(/\/social-supervision/)
  await page.goto(`${url}/social-supervision?month=2026-03`)
  await page.getByText(workOrder).first().click()
  await page.getByText('积水已全部排除').waitFor()
  const text = await page.locator('body').innerText()
  for (const secret of [NAME, PHONE, '南京路88号', '赵工', '022-23001234']) {
    assert.equal(text.includes(secret), false, `${secret} is on the social supervisor's page`)
  }
  await page.getByRole('textbox', { name: '监督意见' }).fill('答复较完整，建议同步告知排水改造计划')
  await page.getByRole('button', { name: '提交意见' }).click()
  await page.getByText('监督意见已提交').waitFor()
  await screenshot(page, 'social-supervision')
  assert.deepEqual(await axeViolations(page), [], 'social supervision: axe serious/critical violations')

  const office = await newPage(platform)
  await login(office, url, 'supervisor')
  await office.goto(`${url}/oversight?month=2026-03`)
  await office.getByText('建议同步告知排水改造计划').waitFor()
  const answerBox = office.getByPlaceholder('答复内容').first()
  await answerBox.fill('已转和平区研究')
  await office.getByRole('button', { name: '答复' }).first().click()
  await office.getByText('已转和平区研究').waitFor()
  await screenshot(office, 'oversight')
  assert.deepEqual(await axeViolations(office), [], 'oversight: axe serious/critical violations')
})
