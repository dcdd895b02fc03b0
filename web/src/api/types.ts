export interface DeadlineView {
  stage: string
  stage_zh: string
  due: string
  warn_at: string
  article: string
  rule: string
}

export interface WorkOrderRow {
  id: string
  request: string
  subject: string
  status: string
  status_zh: string
  lead_unit: string
  lead_unit_name: string
  handling_unit: string
  handling_unit_name: string
  type_zh: string
  urgency: string
  urgency_zh: string
  dispatched_at: string
  deadlines: DeadlineView[]
  pending: { return?: boolean; extension?: boolean }
  appeal: string
  overdue: boolean
  supervised: boolean
  version: number
}

export interface ListAnswer<T> {
  items: T[]
  total: number
  now?: string
}
