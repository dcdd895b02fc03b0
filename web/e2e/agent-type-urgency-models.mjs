// Not a test: the agent's screen with urgency and type models, for
// docs/screens/agent-type-urgency-model.png (TYP-1, TYP-2: a raise by the
// urgency model alone is 请核对 with the question to ask the caller). The
// models train in seconds; run by hand:
//   hotline model train --task urgency --data data/triage/labelled_messages.tsv \
//     --data data/triage/second_set_messages.tsv --epoch 50 --threads 1 --out urgency.model
//   (the same with --task type --out type.model)
//   node web/e2e/agent-type-urgency-models.mjs urgency.model type.model
import { login, newPage, screenshot, startPlatform } from './harness.mjs'

const [urgency, type] = process.argv.slice(2)
if (!urgency || !type) {
  console.error('usage: node web/e2e/agent-type-urgency-models.mjs URGENCY_MODEL TYPE_MODEL')
  process.exit(2)
}
const platform = await startPlatform(['--urgency-model', urgency, '--type-model', type])
try {
  const agent = await newPage(platform)
  await login(agent, platform.url, 'agent')
  await agent.locator('#phone input, input#phone').first().waitFor()
  await agent.keyboard.type('13800001234')
  await agent.keyboard.press('Tab')
  await agent.keyboard.press('Tab')
  await agent.keyboard.type('家里老人联系不上')
  await agent.keyboard.press('Tab')
  // No lexicon pattern: only the model can raise it.
  await agent.keyboard.type('我家老人出门两天了还没回来，手机也打不通，我们在南开区找遍了。')
  await agent.getByTestId('caller-questions').filter({ hasText: '现在有没有人有危险' }).waitFor({ timeout: 20000 })
  await screenshot(agent, 'agent-type-urgency-model')
} finally {
  await platform.stop()
}
