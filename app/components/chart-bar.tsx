// A server-rendered horizontal bar chart (SVG, no script, no inline style — the CSP forbids it).
// It is an image with a text alternative: the table next to it carries the same values.

export type Bar = { label: string; value: number | null; display: string }

const ROW = 26
const LABEL_WIDTH = 220
const VALUE_WIDTH = 70
const BAR_WIDTH = 300

function truncate(text: string, max = 32) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

export function BarChart({ bars, label }: { bars: Bar[]; label: string }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value ?? 0))
  const height = bars.length * ROW + 8
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
  return (
    <svg className="bar-chart" role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
      {bars.map((bar, index) => {
        const y = index * ROW + 4
        const length = bar.value && bar.value > 0 ? Math.max(2, (bar.value / max) * BAR_WIDTH) : 0
        return (
          <g key={index} aria-hidden="true">
            <text x={LABEL_WIDTH - 8} y={y + ROW / 2 + 4} textAnchor="end" className="bar-chart-label">
              {truncate(bar.label)}
            </text>
            {length ? <rect x={LABEL_WIDTH} y={y + 4} width={length} height={ROW - 10} rx={2} className="bar-chart-bar" /> : null}
            <text x={LABEL_WIDTH + length + 6} y={y + ROW / 2 + 4} className="bar-chart-value">
              {bar.display}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
