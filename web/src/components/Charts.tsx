import type { ReactNode } from 'react';

/** Small SVG charts for the scorecard and the evaluation dashboard: a line over time and vertical bars. */

export interface LinePoint {
  x: string;
  y: number;
}

export interface Band {
  from: number;
  to: number;
  tone: 'success' | 'info' | 'warning' | 'danger';
}

const W = 640;
const PAD = { top: 12, right: 16, bottom: 26, left: 40 };

function ticks(min: number, max: number, count = 4): number[] {
  const step = (max - min) / count;
  return Array.from({ length: count + 1 }, (_, i) => min + step * i);
}

export function LineChart({
  points,
  min,
  max,
  height = 200,
  bands = [],
  label,
  format = (v) => String(Math.round(v)),
  testId,
  empty,
}: {
  points: LinePoint[];
  min: number;
  max: number;
  height?: number;
  bands?: Band[];
  label: string;
  format?: (v: number) => string;
  testId?: string;
  empty?: ReactNode;
}) {
  if (points.length === 0) return <div className="chart-empty" data-testid={testId}>{empty}</div>;
  const innerW = W - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const span = max - min || 1;
  const x = (i: number) => PAD.left + (points.length === 1 ? innerW / 2 : (innerW * i) / (points.length - 1));
  const y = (v: number) => PAD.top + innerH - ((Math.max(min, Math.min(max, v)) - min) / span) * innerH;
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ');
  const area = `${path} L${x(points.length - 1).toFixed(1)},${PAD.top + innerH} L${x(0).toFixed(1)},${PAD.top + innerH} Z`;
  const labelEvery = Math.max(1, Math.ceil(points.length / 6));
  const last = points[points.length - 1]!;
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${height}`} role="img" aria-label={label} data-testid={testId} data-points={points.length}>
      {bands.map((b) => (
        <rect key={`${b.from}-${b.to}`} className={`chart-band chart-band-${b.tone}`} x={PAD.left} width={innerW} y={y(b.to)} height={Math.max(0, y(b.from) - y(b.to))} />
      ))}
      {ticks(min, max).map((v) => (
        <g key={v}>
          <line className="chart-grid" x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
          <text className="chart-axis" x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
            {format(v)}
          </text>
        </g>
      ))}
      {points.map((p, i) =>
        i % labelEvery === 0 || i === points.length - 1 ? (
          <text key={p.x} className="chart-axis" x={x(i)} y={height - 6} textAnchor="middle">
            {p.x.slice(5)}
          </text>
        ) : null,
      )}
      <path className="chart-area" d={area} />
      <path className="chart-line" d={path} />
      {points.length <= 40 && points.map((p, i) => <circle key={p.x} className="chart-dot" cx={x(i)} cy={y(p.y)} r={2.5}><title>{`${p.x}: ${format(p.y)}`}</title></circle>)}
      <circle className="chart-dot-last" cx={x(points.length - 1)} cy={y(last.y)} r={4} />
    </svg>
  );
}

export interface Bar {
  label: string;
  value: number;
  tone?: 'success' | 'info' | 'warning' | 'danger' | 'neutral';
}

export function BarChart({ bars, height = 200, label, testId }: { bars: Bar[]; height?: number; label: string; testId?: string }) {
  const innerW = W - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const max = Math.max(4, Math.ceil(Math.max(...bars.map((b) => b.value)) / 4) * 4);
  const slot = innerW / Math.max(1, bars.length);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${height}`} role="img" aria-label={label} data-testid={testId}>
      {ticks(0, max).map((v) => (
        <g key={v}>
          <line className="chart-grid" x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
          <text className="chart-axis" x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
            {Number.isInteger(v) ? v : v.toFixed(1)}
          </text>
        </g>
      ))}
      {bars.map((b, i) => (
        <g key={b.label}>
          <rect className={`chart-bar chart-bar-${b.tone ?? 'info'}`} x={PAD.left + slot * i + slot * 0.15} width={slot * 0.7} y={y(b.value)} height={Math.max(0, PAD.top + innerH - y(b.value))} rx={3}>
            <title>{`${b.label}: ${b.value}`}</title>
          </rect>
          {b.value > 0 && (
            <text className="chart-value" x={PAD.left + slot * i + slot / 2} y={y(b.value) - 4} textAnchor="middle">
              {b.value}
            </text>
          )}
          <text className="chart-axis" x={PAD.left + slot * i + slot / 2} y={height - 6} textAnchor="middle">
            {b.label}
          </text>
        </g>
      ))}
    </svg>
  );
}
