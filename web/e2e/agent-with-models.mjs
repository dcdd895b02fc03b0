// Not a test: the agent's screen with trained models, for the screenshots the
// tests (which run without models) cannot take. Run by hand with the serve
// options of the models; the pictures go where the tests' go (SCREENS in
// harness.mjs: a scratch directory, or HOTLINE_SCREENS=docs/screens to refresh
// the committed ones):
//   node web/e2e/agent-with-models.mjs --model category.model
//     → agent-sure.png (DIS-8, the 确定 / 请核对 marks; the model
//       trains in about 100 s with `hotline model train`)
//   node web/e2e/agent-with-models.mjs --urgency-model urgency.model --type-model type.model
//     → agent-type-urgency-model.png (TYP-1, TYP-2: a raise by the
//       urgency model alone is 请核对 with the question for the caller), models from
//       hotline model train --task urgency --data data/triage/labelled_messages.tsv \
//         --data data/triage/second_set_messages.tsv --epoch 50 --threads 1 --out urgency.model
//       (the same with --task type --out type.model)
import { SCREENS, login, newPage, screenshot, startPlatform } from './harness.mjs'

const options = process.argv.slice(2)
const byCategory = options.includes('--model')
if (!byCategory && !options.includes('--urgency-model')) {
  console.error('usage: node web/e2e/agent-with-models.mjs --model M | --urgency-model U --type-model T')
  process.exit(2)
}
// What the agent types: a call the category model is sure of, or one that no
// urgency lexicon pattern catches, so that only the model can raise it.
const call = byCategory
  ? { name: '李𡒄', subject: '公司拖欠工资',
      detail: '我在河西区一家装修公司打工，老板拖欠我们三个月工资一直不发，多次讨要无果，请帮忙解决。' }
  : { name: '', subject: '家里老人联系不上',
      detail: '我家老人出门两天了还没回来，手机也打不通，我们在南开区找遍了。' }
const platform = await startPlatform(options)
try {
  const agent = await newPage(platform)
  await login(agent, platform.url, 'agent')
  await agent.locator('#phone input, input#phone').first().waitFor()
  await agent.keyboard.type('13800001234')
  for (const text of [call.name, call.subject, call.detail]) {
    await agent.keyboard.press('Tab')
    if (text) await agent.keyboard.type(text)
  }
  if (byCategory) {
    await agent.getByRole('heading', { name: '适用时限' }).waitFor({ timeout: 20000 })
    await agent.locator('.chip.sure, .chip.check').first().waitFor({ timeout: 20000 })
    await screenshot(agent, 'agent-sure')
    console.log(`${SCREENS}/agent-sure.png`)
  } else {
    await agent.getByTestId('caller-questions').filter({ hasText: '现在有没有人有危险' }).waitFor({ timeout: 20000 })
    await screenshot(agent, 'agent-type-urgency-model')
    console.log(`${SCREENS}/agent-type-urgency-model.png`)
  }
} finally {
  await platform.stop()
}
