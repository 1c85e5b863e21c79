// A server-rendered horizontal bar chart (SVG, no script, no inline style — the CSP forbids it).
// It is an image with a text alternative: the table next to it carries the same values.

export type Bar = { label: string; value: number | null; display: string }

const ROW = 26
const LINE = 14
const LABEL_WIDTH = 220
const VALUE_WIDTH = 70
const BAR_WIDTH = 300
/** characters per label line that fit LABEL_WIDTH at the chart's font size */
const LINE_CHARS = 32

/** A label broken into lines at spaces (a word longer than a line is broken inside), never cut. */
export function wrapLabel(text: string, max = LINE_CHARS): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word
    while (rest.length > max) {
      if (line) lines.push(line)
      line = ''
      lines.push(rest.slice(0, max))
      rest = rest.slice(max)
    }
    if (!line) line = rest
    else if (line.length + 1 + rest.length <= max) line = `${line} ${rest}`
    else {
      lines.push(line)
      line = rest
    }
  }
  if (line) lines.push(line)
  return lines.length ? lines : ['']
}

export function BarChart({ bars, label }: { bars: Bar[]; label: string }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value ?? 0))
  const rows: Array<{ bar: Bar; lines: string[]; y: number; height: number }> = []
  for (const bar of bars) {
    const lines = wrapLabel(bar.label)
    const previous = rows.at(-1)
    rows.push({ bar, lines, y: previous ? previous.y + previous.height : 4, height: Math.max(ROW, lines.length * LINE + 12) })
  }
  const height = rows.reduce((sum, row) => sum + row.height, 0) + 8
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
  return (
    <svg className="bar-chart" role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
      {rows.map(({ bar, lines, y, height: rowHeight }, index) => {
        const middle = y + rowHeight / 2
        const length = bar.value && bar.value > 0 ? Math.max(2, (bar.value / max) * BAR_WIDTH) : 0
        return (
          <g key={index} aria-hidden="true">
            <text x={LABEL_WIDTH - 8} y={middle + 4 - ((lines.length - 1) * LINE) / 2} textAnchor="end" className="bar-chart-label">
              {lines.map((line, lineIndex) => (
                <tspan key={lineIndex} x={LABEL_WIDTH - 8} dy={lineIndex === 0 ? 0 : LINE}>
                  {line}
                </tspan>
              ))}
            </text>
            {length ? <rect x={LABEL_WIDTH} y={middle - (ROW - 10) / 2} width={length} height={ROW - 10} rx={2} className="bar-chart-bar" /> : null}
            <text x={LABEL_WIDTH + length + 6} y={middle + 4} className="bar-chart-value">
              {bar.display}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
