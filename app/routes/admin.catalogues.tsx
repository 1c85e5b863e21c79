import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus, useFreshFormKey, withDone } from '#app/components/success-status.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { CheckboxField, ErrorList, Field, SelectField } from '#app/components/ui/field.tsx'
import { FilterForm } from '#app/components/ui/filter-form.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { CATALOGUES, RESIDENCE_GROUPS, type Catalogue } from '#app/domain/codes.ts'
import { addCatalogueEntry, codeTaken, listCatalogueForAdmin, updateCatalogueEntry } from '#app/models/catalogue.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { CatalogueAddSchema, CatalogueParamSchema, CatalogueUpdateSchema } from '#app/forms/catalogue.ts'
import { codeOptions } from '#app/utils/options.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

/** Groups an entry may belong to, per catalogue (statistics rely on the residence-status groups). */
const GROUPS: Partial<Record<Catalogue, readonly string[]>> = {
  RESIDENCE_STATUS: RESIDENCE_GROUPS,
  PLACE: ['EAE', 'DISTRICT', 'OTHER'],
}

function catalogueFrom(request: Request): Catalogue {
  const parsed = CatalogueParamSchema.safeParse(new URL(request.url).searchParams.get('catalogue') ?? 'TOPIC')
  if (!parsed.success) throw new Response('Unknown catalogue', { status: 404 })
  return parsed.data
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'ADMIN')
  const catalogue = catalogueFrom(request)
  const [entries, t] = await Promise.all([listCatalogueForAdmin(catalogue), getFixedT(request, 'admin')])
  return { title: t('catalogues.title'), catalogue, entries, groups: GROUPS[catalogue] ?? [] }
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, 'ADMIN')
  const catalogue = catalogueFrom(request)
  const formData = await readFormData(request)
  const groups = GROUPS[catalogue] ?? []
  if (formData.get('intent') === 'add') {
    const submission = await parseWithZod(formData, {
      async: true,
      schema: CatalogueAddSchema.superRefine(async (value, ctx) => {
        if (await codeTaken(catalogue, value.code)) ctx.addIssue({ code: 'custom', path: ['code'], message: 'admin:catalogues.errors.codeTaken' })
        if (groups.length && !groups.includes(value.group ?? '')) ctx.addIssue({ code: 'custom', path: ['group'], message: 'admin:catalogues.errors.group' })
      }),
    })
    if (submission.status !== 'success') return data({ intent: 'add', id: null, result: submission.reply() }, { status: 400 })
    const { code, labelDe, labelEn, group } = submission.value
    await addCatalogueEntry(catalogue, { code, labelDe, labelEn, group: groups.length ? (group ?? null) : null }, admin.id)
    throw redirect(withDone(`/admin/catalogues?catalogue=${catalogue}`, 'added'))
  }
  const submission = parseWithZod(formData, { schema: CatalogueUpdateSchema })
  if (submission.status !== 'success') {
    return data({ intent: 'update', id: Number(formData.get('id')), result: submission.reply() }, { status: 400 })
  }
  const { id, labelDe, labelEn, active } = submission.value
  const updated = await updateCatalogueEntry(catalogue, id, { labelDe, labelEn, active: Boolean(active) }, admin.id)
  if (!updated) throw new Response('Not found', { status: 404 })
  throw redirect(withDone(`/admin/catalogues?catalogue=${catalogue}`, 'saved'))
}

export default function CataloguesPage() {
  const { t } = useTranslation('admin')
  const { catalogue, entries, groups } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const formKey = useFreshFormKey()
  const catalogueName = t(`codes:catalogue.${catalogue}`)
  const addErrors = actionData?.intent === 'add' ? actionData.result?.error : undefined
  // Without JavaScript the page is rendered anew: a refused entry keeps what was typed.
  const typed = (intent: string, id: number | null, name: string) => {
    if (actionData?.intent !== intent || actionData.id !== id || actionData.result?.status !== 'error') return undefined
    const value = actionData.result.initialValue?.[name]
    return typeof value === 'string' ? value : undefined
  }
  return (
    <div className="stack">
      <h1>{t('catalogues.title')}</h1>
      <p>{t('catalogues.intro')}</p>
      <FilterForm className="row">
        <SelectField
          label={t('catalogues.choose')}
          name="catalogue"
          defaultValue={catalogue}
          options={codeOptions(t, 'catalogue', CATALOGUES)}
        />
        <button type="submit" className="button button-secondary">
          {t('catalogues.show')}
        </button>
      </FilterForm>
      <SuccessStatus messages={{ added: t('catalogues.messages.added'), saved: t('catalogues.messages.saved') }} hidden={Boolean(actionData)} />
      <Table caption={t('catalogues.table.caption', { name: catalogueName })} columns={[t('catalogues.table.code'), t('catalogues.table.labelDe'), t('catalogues.table.labelEn'), ...(groups.length ? [t('catalogues.table.group')] : []), t('catalogues.table.active'), t('catalogues.table.actions')]}>
        {entries.map((entry) => {
          const errors = actionData?.intent === 'update' && actionData.id === entry.id ? actionData.result?.error : undefined
          return (
            <tr key={entry.id}>
              <td className="code">{entry.code}</td>
              <td lang="de">{entry.labelDe}</td>
              <td lang="en">{entry.labelEn}</td>
              {groups.length ? <td>{entry.group}</td> : null}
              <td>{entry.active ? t('common:yes') : t('common:no')}</td>
              <td>
                <details open={Boolean(errors)}>
                  <summary>
                    {t('common:actions.edit')} <span className="visually-hidden">{entry.code}</span>
                  </summary>
                  <Form method="post" className="stack" noValidate>
                    <input type="hidden" name="intent" value="update" />
                    <input type="hidden" name="id" value={entry.id} />
                    <Field label={t('catalogues.fields.labelDe')} name="labelDe" defaultValue={typed('update', entry.id, 'labelDe') ?? entry.labelDe} errors={errors?.labelDe} id={`labelDe-${entry.id}`} />
                    <Field label={t('catalogues.fields.labelEn')} name="labelEn" defaultValue={typed('update', entry.id, 'labelEn') ?? entry.labelEn} errors={errors?.labelEn} id={`labelEn-${entry.id}`} />
                    <CheckboxField label={t('catalogues.fields.active')} name="active" defaultChecked={entry.active} id={`active-${entry.id}`} />
                    <SubmitButton>{t('catalogues.actions.save')}</SubmitButton>
                  </Form>
                </details>
              </td>
            </tr>
          )
        })}
      </Table>
      <h2>{t('catalogues.actions.addTitle')}</h2>
      <Form method="post" className="stack" noValidate key={formKey}>
        <input type="hidden" name="intent" value="add" />
        <ErrorList errors={addErrors?.['']} />
        <div className="form-grid">
          <Field label={t('catalogues.fields.code')} hint={t('catalogues.fields.codeHint')} name="code" id="add-code" defaultValue={typed('add', null, 'code')} errors={addErrors?.code} />
          <Field label={t('catalogues.fields.labelDe')} name="labelDe" id="add-labelDe" defaultValue={typed('add', null, 'labelDe')} errors={addErrors?.labelDe} />
          <Field label={t('catalogues.fields.labelEn')} name="labelEn" id="add-labelEn" defaultValue={typed('add', null, 'labelEn')} errors={addErrors?.labelEn} />
          {groups.length ? (
            <SelectField
              label={t('catalogues.fields.group')}
              name="group"
              id="add-group"
              options={groups.map((group) => ({ value: group, label: catalogue === 'RESIDENCE_STATUS' ? `${group} – ${t(`codes:residenceGroup.${group}`)}` : group }))}
              errors={addErrors?.group}
            />
          ) : null}
        </div>
        <SubmitButton>{t('catalogues.actions.add')}</SubmitButton>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
