import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ConfirmStep, isConfirmed, replayFields } from '#app/components/confirm-step.tsx'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus, useFreshFormKey, withDone } from '#app/components/success-status.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, FormErrorSummary, SelectField } from '#app/components/ui/field.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { GOAL_STATUSES } from '#app/domain/codes.ts'
import { latestAllowedContactDay, today } from '#app/domain/follow-up.ts'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { topicOptions } from '#app/models/contact.server.ts'
import {
  addGoal,
  auditPlanRead,
  changeGoalStatus,
  closePlan,
  createPlan,
  getCaseKind,
  getPlan,
  type PlanResult,
} from '#app/models/plan.server.ts'
import { formatDate, formatDay } from '#app/utils/format.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { notFound, readFormData } from '#app/utils/request.server.ts'
import {
  GOAL_TEXT_MAX,
  createPlanSchema,
  addGoalSchema,
  goalStatusSchema,
  closePlanSchema,
} from '#app/forms/plan.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'read')
  const [t, language] = await Promise.all([getFixedT(request, 'contacts'), getLanguage(request)])
  const facts = await getCaseKind(kase.id)
  if (!facts) notFound()
  const plan = facts.kind === 'CASE_MANAGEMENT' ? await getPlan(kase.id, language) : null
  await auditPlanRead(user, kase.id)
  const canWrite = kase.allowed.includes('write')
  return {
    title: t('plan.title'),
    caseId: kase.id,
    kind: facts.kind,
    canWrite,
    plan,
    today: today().day,
    maxDay: latestAllowedContactDay(),
    topics: canWrite && plan && !plan.closedAt ? await topicOptions(language) : [],
  }
}

function failure(intent: string, reason: Exclude<PlanResult, { ok: true }>['reason']) {
  return data(
    { intent, result: null, failure: reason },
    { status: reason === 'stale' || reason === 'exists' ? 409 : 400 },
  )
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'write')
  const facts = await getCaseKind(kase.id)
  if (facts?.kind !== 'CASE_MANAGEMENT')
    throw new Response('A case plan belongs to case-management cases', { status: 400 })
  const formData = await readFormData(request)
  const intent = String(formData.get('intent') ?? '')
  const maxDay = latestAllowedContactDay()
  const done = (what: string) => redirect(withDone(`/cases/${kase.id}/plan`, what))

  if (intent === 'create-plan') {
    const submission = parseWithZod(formData, { schema: createPlanSchema(maxDay) })
    if (submission.status !== 'success')
      return data({ intent, result: submission.reply(), failure: null }, { status: 400 })
    const outcome = await createPlan({ actor: user, kase, agreedAt: submission.value.agreedAt })
    return outcome.ok ? done('plan') : failure(intent, outcome.reason)
  }
  if (intent === 'add-goal') {
    const submission = parseWithZod(formData, { schema: addGoalSchema })
    if (submission.status !== 'success')
      return data({ intent, result: submission.reply(), failure: null }, { status: 400 })
    const outcome = await addGoal({ actor: user, kase, goal: submission.value })
    if (!outcome.ok && outcome.reason === 'topic') {
      return data(
        {
          intent,
          result: submission.reply({ fieldErrors: { topicId: ['contacts:plan.errors.topic'] } }),
          failure: null,
        },
        { status: 400 },
      )
    }
    return outcome.ok ? done('goal') : failure(intent, outcome.reason)
  }
  if (intent === 'goal-status') {
    const submission = parseWithZod(formData, { schema: goalStatusSchema })
    if (submission.status !== 'success')
      return data({ intent, result: null, failure: 'status' as const }, { status: 400 })
    const outcome = await changeGoalStatus({ actor: user, kase, ...submission.value })
    return outcome.ok ? done('status') : failure(intent, outcome.reason)
  }
  if (intent === 'close-plan') {
    const submission = parseWithZod(formData, { schema: closePlanSchema(maxDay) })
    if (submission.status !== 'success')
      return data({ intent, result: submission.reply(), failure: null }, { status: 400 })
    // Closing the plan is confirmed with a summary first (issue 14, item 7).
    if (!isConfirmed(formData))
      return data({
        intent,
        result: null,
        failure: null,
        confirm: { closedAt: submission.value.closedAt, fields: replayFields(formData) },
      })
    const outcome = await closePlan({ actor: user, kase, closedAt: submission.value.closedAt })
    return outcome.ok ? done('closed') : failure(intent, outcome.reason)
  }
  throw new Response('Unknown intent', { status: 400 })
}

export default function PlanPage() {
  const { t, i18n } = useTranslation('contacts')
  const { kind, plan, canWrite, caseId } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const freshKey = useFreshFormKey()
  const language = i18n.language
  return (
    <section className="stack" aria-labelledby="plan-heading">
      <h2 id="plan-heading">{t('plan.title')}</h2>
      {kind !== 'CASE_MANAGEMENT' ? (
        <p className="alert alert-info">{t('plan.shortCase')}</p>
      ) : (
        <>
          <SuccessStatus
            hidden={Boolean(actionData)}
            messages={{
              plan: t('plan.saved.plan'),
              goal: t('plan.saved.goal'),
              status: t('plan.saved.status'),
              closed: t('plan.saved.closed'),
            }}
          />
          {actionData?.failure ? (
            <p className="alert alert-error" role="alert">
              {t(`plan.failure.${actionData.failure}`)}
            </p>
          ) : null}
          {!plan ? (
            <>
              <p>{t('plan.none')}</p>
              {canWrite ? <CreatePlanForm key={freshKey} /> : null}
            </>
          ) : (
            <>
              <dl className="facts">
                <dt>{t('plan.agreedAt')}</dt>
                <dd>{plan.agreedAt ? formatDate(plan.agreedAt, language) : t('common:none')}</dd>
                <dt>{t('plan.state')}</dt>
                <dd>
                  {plan.closedAt
                    ? t('plan.closedOn', { date: formatDate(plan.closedAt, language) })
                    : t('plan.running')}
                </dd>
              </dl>
              <GoalTable />
              {canWrite && !plan.closedAt ? (
                <>
                  <AddGoalForm key={`goal-${freshKey}`} />
                  {actionData && 'confirm' in actionData && actionData.confirm ? (
                    <ConfirmClosePlan {...actionData.confirm} />
                  ) : (
                    <ClosePlanForm key={`close-${freshKey}`} />
                  )}
                </>
              ) : null}
            </>
          )}
        </>
      )}
      <p>
        <Link to={`/cases/${caseId}`}>{t('backToCase')}</Link>
      </p>
    </section>
  )
}

function useLastResult(intent: string) {
  const actionData = useActionData<typeof action>()
  return actionData?.intent === intent ? actionData.result : undefined
}

function CreatePlanForm() {
  const { t } = useTranslation('contacts')
  const { today: todayDay, maxDay } = useLoaderData<typeof loader>()
  const schema = createPlanSchema(maxDay)
  const [form, fields] = useForm({
    id: 'create-plan',
    constraint: getZodConstraint(schema),
    lastResult: useLastResult('create-plan'),
    shouldRevalidate: 'onInput',
    defaultValue: { agreedAt: todayDay },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" aria-labelledby="create-plan-heading">
      <h3 id="create-plan-heading">{t('plan.createHeading')}</h3>
      <FormErrorSummary errors={form.errors} />
      <input type="hidden" name="intent" value="create-plan" />
      <div className="form-grid">
        <Field
          label={t('plan.agreedAt')}
          hint={t('plan.agreedAtHint')}
          {...getInputProps(fields.agreedAt, { type: 'date' })}
          max={maxDay}
          errors={fields.agreedAt.errors}
        />
      </div>
      <div className="form-actions">
        <SubmitButton>{t('plan.create')}</SubmitButton>
      </div>
    </Form>
  )
}

function GoalTable() {
  const { t, i18n } = useTranslation('contacts')
  const { plan, canWrite } = useLoaderData<typeof loader>()
  if (!plan) return null
  if (plan.goals.length === 0) return <p>{t('plan.noGoals')}</p>
  const editable = canWrite && !plan.closedAt
  return (
    <Table
      caption={t('plan.goalsCaption')}
      columns={[
        t('plan.topic'),
        t('plan.goal'),
        t('plan.dueDate'),
        t('plan.status'),
        ...(editable ? [t('plan.changeStatus')] : []),
      ]}
    >
      {plan.goals.map((goal, index) => (
        <tr key={goal.id}>
          <td>{goal.topic}</td>
          <th scope="row" className="goal-text">
            {goal.text}
          </th>
          <td>{goal.dueDate ? formatDate(goal.dueDate, i18n.language) : t('common:none')}</td>
          <td>
            <span
              className={
                goal.status === 'ACHIEVED'
                  ? 'badge badge-success'
                  : goal.status === 'OPEN'
                    ? 'badge'
                    : 'badge badge-warning'
              }
            >
              {t(`codes:goalStatus.${goal.status}`)}
            </span>
          </td>
          {editable ? (
            <td>
              <Form method="post" className="row goal-status-form">
                <input type="hidden" name="intent" value="goal-status" />
                <input type="hidden" name="goalId" value={goal.id} />
                <input type="hidden" name="fromStatus" value={goal.status} />
                <label className="visually-hidden" htmlFor={`goal-status-${goal.id}`}>
                  {t('plan.newStatusFor', { number: index + 1 })}
                </label>
                <select id={`goal-status-${goal.id}`} name="toStatus" defaultValue={goal.status}>
                  {GOAL_STATUSES.map((status) => (
                    <option key={status} value={status}>
                      {t(`codes:goalStatus.${status}`)}
                    </option>
                  ))}
                </select>
                <SubmitButton variant="secondary" aria-label={t('plan.saveStatusFor', { number: index + 1 })}>
                  {t('plan.saveStatus')}
                </SubmitButton>
              </Form>
            </td>
          ) : null}
        </tr>
      ))}
    </Table>
  )
}

function AddGoalForm() {
  const { t } = useTranslation('contacts')
  const { topics } = useLoaderData<typeof loader>()
  const [form, fields] = useForm({
    id: 'add-goal',
    constraint: getZodConstraint(addGoalSchema),
    lastResult: useLastResult('add-goal'),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addGoalSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" aria-labelledby="add-goal-heading">
      <h3 id="add-goal-heading">{t('plan.addGoalHeading')}</h3>
      <FormErrorSummary errors={form.errors} />
      <input type="hidden" name="intent" value="add-goal" />
      <div className="form-grid">
        <SelectField
          label={t('plan.topic')}
          {...getSelectProps(fields.topicId)}
          options={topics}
          placeholder={t('form.choose')}
          errors={fields.topicId.errors}
        />
        <Field
          label={t('plan.goalText')}
          {...getInputProps(fields.text, { type: 'text' })}
          maxLength={GOAL_TEXT_MAX}
          errors={fields.text.errors}
        />
        <Field
          label={t('plan.dueDate')}
          {...getInputProps(fields.dueDate, { type: 'date' })}
          errors={fields.dueDate.errors}
        />
      </div>
      <div className="form-actions">
        <SubmitButton>{t('plan.addGoal')}</SubmitButton>
      </div>
    </Form>
  )
}

function ClosePlanForm() {
  const { t } = useTranslation('contacts')
  const { today: todayDay, maxDay } = useLoaderData<typeof loader>()
  const schema = closePlanSchema(maxDay)
  const [form, fields] = useForm({
    id: 'close-plan',
    constraint: getZodConstraint(schema),
    lastResult: useLastResult('close-plan'),
    shouldRevalidate: 'onInput',
    defaultValue: { closedAt: todayDay },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" aria-labelledby="close-plan-heading">
      <h3 id="close-plan-heading">{t('plan.closeHeading')}</h3>
      <p className="muted">{t('plan.closeHint')}</p>
      <FormErrorSummary errors={form.errors} />
      <input type="hidden" name="intent" value="close-plan" />
      <div className="form-grid">
        <Field
          label={t('plan.closedAt')}
          {...getInputProps(fields.closedAt, { type: 'date' })}
          max={maxDay}
          errors={fields.closedAt.errors}
        />
      </div>
      <div className="form-actions">
        <SubmitButton variant="secondary">{t('plan.close')}</SubmitButton>
      </div>
    </Form>
  )
}

function ConfirmClosePlan({ closedAt, fields }: { closedAt: string; fields: Array<[string, string]> }) {
  const { t, i18n } = useTranslation('contacts')
  const { plan, caseId } = useLoaderData<typeof loader>()
  const open = plan?.goals.filter((goal) => goal.status === 'OPEN' || goal.status === 'PARTLY_ACHIEVED') ?? []
  return (
    <ConfirmStep
      title={t('plan.confirm.title')}
      fields={fields}
      confirmLabel={t('plan.confirm.submit')}
      cancelTo={`/cases/${caseId}/plan`}
    >
      <dl className="facts">
        <dt>{t('plan.closedAt')}</dt>
        <dd>{formatDay(closedAt, i18n.language)}</dd>
        <dt>{t('plan.goalsCaption')}</dt>
        <dd>{t('plan.confirm.goals', { count: plan?.goals.length ?? 0, open: open.length })}</dd>
      </dl>
      <p>{t('plan.closeHint')}</p>
    </ConfirmStep>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
