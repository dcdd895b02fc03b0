// Not a test: the agent's screen with a trained category model, for
// docs/screens/agent-sure.png (DIS-8, the 确定 / 请核对 marks). The model is
// trained once (`hotline model train`, about 100 s); run by hand:
//   node web/e2e/agent-with-model.mjs /path/to/category.model
import { login, newPage, screenshot, startPlatform } from './harness.mjs'

const model = process.argv[2]
if (!model) {
  console.error('usage: node web/e2e/agent-with-model.mjs MODEL')
  process.exit(2)
}
const platform = await startPlatform(['--model', model])
try {
  const agent = await newPage(platform)
  await login(agent, platform.url, 'agent')
  await agent.locator('#phone input, input#phone').first().waitFor()
  await agent.keyboard.type('13800001234')
  await agent.keyboard.press('Tab')
  await agent.keyboard.type('李𡒄')
  await agent.keyboard.press('Tab')
  await agent.keyboard.type('公司拖欠工资')
  await agent.keyboard.press('Tab')
  await agent.keyboard.type('我在河西区一家装修公司打工，老板拖欠我们三个月工资一直不发，多次讨要无果，请帮忙解决。')
  await agent.getByRole('heading', { name: '适用时限' }).waitFor({ timeout: 20000 })
  await agent.locator('.chip.sure, .chip.check').first().waitFor({ timeout: 20000 })
  await screenshot(agent, 'agent-sure')
} finally {
  await platform.stop()
}
