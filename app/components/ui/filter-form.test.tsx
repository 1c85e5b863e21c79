import { afterEach, describe, expect, test, vi } from 'vitest'
import { renderInRouter } from '#tests/render-in-router.tsx'
import { FilterForm } from './filter-form.tsx'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('FilterForm on the server', () => {
  test("renders a plain GET form keyed by nothing the markup shows, without React's warning about a layout effect on the server", async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const html = await renderInRouter(
      'de',
      [
        {
          path: '/cases',
          element: (
            <FilterForm className="row">
              <input name="q" defaultValue="AB" />
            </FilterForm>
          ),
        },
      ],
      '/cases?q=AB',
    )
    expect(html).toBe('<form method="get" action="/cases?q=AB" class="row" data-discover="true"><input name="q" value="AB"/></form>')
    expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([])
  })
})
