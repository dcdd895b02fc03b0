import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { homeOf, loadMe, session, OFFICE_ROLES, UNIT_ROLES } from './api/session'

const office = OFFICE_ROLES
const everyoneStaff = [...OFFICE_ROLES, ...UNIT_ROLES, 'analyst']

// Each screen is its own chunk: the agent's screen loads only what it uses.
// The loaders are remembered so that the first navigation can fetch its
// screen's chunk while the session is still being checked.
type Loader = () => Promise<unknown>
const loaders = new Set<Loader>()
const lazy = <L extends Loader>(load: L): L => {
  loaders.add(load)
  return load
}
const routes: RouteRecordRaw[] = [
  { path: '/', redirect: () => (session.me ? homeOf(session.me.role) : '/login') },
  { path: '/login', component: lazy(() => import('./views/LoginView.vue')), meta: { public: true, title: '登录' } },
  { path: '/agent', component: lazy(() => import('./views/AgentView.vue')), meta: { roles: ['agent', 'dispatcher'], title: '话务受理' } },
  { path: '/dispatch', component: lazy(() => import('./views/DispatchView.vue')), meta: { roles: ['agent', 'dispatcher', 'supervisor'], title: '派单' } },
  { path: '/unit', component: lazy(() => import('./views/UnitInboxView.vue')), meta: { roles: [...UNIT_ROLES], title: '承办单位工作台' } },
  { path: '/review', component: lazy(() => import('./views/ReviewView.vue')), meta: { roles: ['dispatcher', 'supervisor'], title: '审核' } },
  { path: '/visits', component: lazy(() => import('./views/VisitView.vue')), meta: { roles: ['visit-agent', 'dispatcher'], title: '回访' } },
  { path: '/supervision', component: lazy(() => import('./views/SupervisionView.vue')), meta: { roles: ['supervisor', 'dispatcher'], title: '督办' } },
  { path: '/work-orders/:id', component: lazy(() => import('./views/WorkOrderView.vue')), meta: { roles: everyoneStaff, title: '工单详情' } },
  { path: '/kb', component: lazy(() => import('./views/KnowledgeView.vue')), meta: { roles: everyoneStaff, title: '知识库' } },
  { path: '/admin', component: lazy(() => import('./views/AdminView.vue')), meta: { roles: ['administrator'], title: '系统管理' } },
  { path: '/dashboard', component: lazy(() => import('./views/DashboardView.vue')), meta: { roles: [...office, 'analyst'], title: '分析看板' } },
  { path: '/social-supervision', component: lazy(() => import('./views/SocialSupervisionView.vue')), meta: { roles: ['social-supervisor'], title: '社会监督' } },
  { path: '/oversight', component: lazy(() => import('./views/OversightView.vue')), meta: { roles: [...office, 'analyst'], title: '考核与监督' } },
  { path: '/portal', component: lazy(() => import('./views/PortalView.vue')), meta: { public: true, portal: true, title: '我要反映' } },
  { path: '/portal/track', component: lazy(() => import('./views/PortalTrackView.vue')), meta: { public: true, portal: true, title: '办理进度查询' } },
  { path: '/:rest(.*)*', component: lazy(() => import('./views/NotFoundView.vue')), meta: { public: true, title: '页面不存在' } },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  if (!session.checked) {
    // The session check and the screen's code do not depend on each other:
    // fetch both at once (a cold load is otherwise two round trips in a row).
    for (const record of to.matched) {
      const load = record.components?.default as unknown as Loader
      if (loaders.has(load)) load().catch(() => {})
    }
    await loadMe()
  }
  const roles = to.meta.roles as string[] | undefined
  if (to.meta.public) return true
  if (!session.me) return { path: '/login', query: { next: to.fullPath } }
  if (roles && !roles.includes(session.me.role)) return homeOf(session.me.role)
  return true
})

router.afterEach((to) => {
  document.title = `${(to.meta.title as string) ?? ''} · 12345 政务服务便民热线`
})
