import { expect, test } from 'vitest'
import { wrapLabel } from './chart-bar.tsx'

test('chart labels wrap at spaces instead of being cut; every character stays', () => {
  const label = 'Anteil der Kontakte mit Sprachmittlung (%) und weitere sehr lange Bezeichnungen'
  const lines = wrapLabel(label, 20)
  expect(lines).toEqual(['Anteil der Kontakte', 'mit Sprachmittlung', '(%) und weitere sehr', 'lange Bezeichnungen'])
  expect(lines.every((line) => line.length <= 20)).toBe(true)
  expect(lines.join(' ')).toBe(label)
})

test('a word longer than a line is broken inside, not shortened', () => {
  expect(wrapLabel('Aufenthaltsgestattungsbescheinigung', 12)).toEqual(['Aufenthaltsg', 'estattungsbe', 'scheinigung'])
  expect(wrapLabel('kurz', 12)).toEqual(['kurz'])
})
