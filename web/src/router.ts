import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { homeOf, loadMe, session, OFFICE_ROLES, UNIT_ROLES } from './api/session'

const office = OFFICE_ROLES
const everyoneStaff = [...OFFICE_ROLES, ...UNIT_ROLES, 'analyst']

// Each screen is its own chunk: the agent's screen loads only what it uses.
const routes: RouteRecordRaw[] = [
  { path: '/', redirect: () => (session.me ? homeOf(session.me.role) : '/login') },
  { path: '/login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: '登录' } },
  { path: '/agent', component: () => import('./views/AgentView.vue'), meta: { roles: ['agent', 'dispatcher'], title: '话务受理' } },
  { path: '/dispatch', component: () => import('./views/DispatchView.vue'), meta: { roles: ['agent', 'dispatcher', 'supervisor'], title: '派单' } },
  { path: '/unit', component: () => import('./views/UnitInboxView.vue'), meta: { roles: [...UNIT_ROLES], title: '承办单位工作台' } },
  { path: '/review', component: () => import('./views/ReviewView.vue'), meta: { roles: ['dispatcher', 'supervisor'], title: '审核' } },
  { path: '/visits', component: () => import('./views/VisitView.vue'), meta: { roles: ['visit-agent', 'dispatcher'], title: '回访' } },
  { path: '/supervision', component: () => import('./views/SupervisionView.vue'), meta: { roles: ['supervisor', 'dispatcher'], title: '督办' } },
  { path: '/work-orders/:id', component: () => import('./views/WorkOrderView.vue'), meta: { roles: everyoneStaff, title: '工单详情' } },
  { path: '/kb', component: () => import('./views/KnowledgeView.vue'), meta: { roles: everyoneStaff, title: '知识库' } },
  { path: '/admin', component: () => import('./views/AdminView.vue'), meta: { roles: ['administrator'], title: '系统管理' } },
  { path: '/dashboard', component: () => import('./views/DashboardView.vue'), meta: { roles: [...office, 'analyst'], title: '分析看板' } },
  { path: '/social-supervision', component: () => import('./views/SocialSupervisionView.vue'), meta: { roles: ['social-supervisor'], title: '社会监督' } },
  { path: '/oversight', component: () => import('./views/OversightView.vue'), meta: { roles: [...office, 'analyst'], title: '考核与监督' } },
  { path: '/portal', component: () => import('./views/PortalView.vue'), meta: { public: true, portal: true, title: '我要反映' } },
  { path: '/portal/track', component: () => import('./views/PortalTrackView.vue'), meta: { public: true, portal: true, title: '办理进度查询' } },
  { path: '/:rest(.*)*', component: () => import('./views/NotFoundView.vue'), meta: { public: true, title: '页面不存在' } },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  if (!session.checked) await loadMe()
  const roles = to.meta.roles as string[] | undefined
  if (to.meta.public) return true
  if (!session.me) return { path: '/login', query: { next: to.fullPath } }
  if (roles && !roles.includes(session.me.role)) return homeOf(session.me.role)
  return true
})

router.afterEach((to) => {
  document.title = `${(to.meta.title as string) ?? ''} · 12345 政务服务便民热线`
})
