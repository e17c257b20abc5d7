// The headline figures of a benchmark: ours beside the baseline doing the same
// work, measured in the same run. Each bench script writes them into its JSON
// (`headline`), and `npm run bench` (bench/all.ts) gathers them into one table.

export type BenchArea = 'encoder' | 'search' | 'indexing' | 'generation' | 'album';

export interface Headline {
  area: BenchArea;
  /** What is measured and which two sides, e.g. "images/s, batch 32: in process vs raw onnxruntime-node". */
  measure: string;
  ours: number;
  baseline: number;
  /** How many times better ours is: ours ÷ baseline when higher is better, baseline ÷ ours when lower is. */
  ratio: number;
  unit: string;
  better: 'higher' | 'lower';
  /** A target from the issue, on `ours`, and whether this run met it. */
  target?: { atLeast: number; met: boolean };
}

export function headline(row: Omit<Headline, 'ratio' | 'target'> & { atLeast?: number }): Headline {
  const { atLeast, ...rest } = row;
  return {
    ...rest,
    ratio: row.better === 'higher' ? row.ours / row.baseline : row.baseline / row.ours,
    ...(atLeast === undefined ? {} : { target: { atLeast, met: row.ours >= atLeast } }),
  };
}

/**
 * What is wrong with a JSON's headline: nothing (an empty list) when every row
 * has its words and three finite numbers. JSON writes NaN and Infinity as null,
 * so a figure that could not be measured shows up here as a missing number.
 */
export function headlineProblems(json: unknown): string[] {
  const rows = (json as { headline?: unknown } | null)?.headline;
  if (!Array.isArray(rows) || rows.length === 0) return ['no headline rows'];
  const problems: string[] = [];
  rows.forEach((row: Partial<Record<keyof Headline, unknown>>, i) => {
    const name = typeof row.measure === 'string' ? row.measure : `row ${i + 1}`;
    for (const key of ['area', 'measure'] as const)
      if (typeof row[key] !== 'string' || row[key] === '') problems.push(`${name}: no ${key}`);
    // Recall and precision have no unit: '' is fine, a missing field is not.
    if (typeof row.unit !== 'string') problems.push(`${name}: no unit`);
    for (const key of ['ours', 'baseline', 'ratio'] as const)
      if (typeof row[key] !== 'number' || !Number.isFinite(row[key]))
        problems.push(`${name}: ${key} is ${JSON.stringify(row[key])}`);
  });
  return problems;
}

/** A figure with as many decimals as its size needs (recall 0.985, 41.6 ms, 237/s). */
export function figure(x: number): string {
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

/** The headline rows as one markdown table. */
export function headlineTable(rows: Headline[]): string {
  const lines = [
    '| area | measure (ours vs baseline) | ours | baseline | × better | target |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    // Unitless figures are recalls and precisions: always three decimals, so 1.000 sits beside 0.985.
    const cell = (x: number) => (r.unit === '' ? x.toFixed(3) : `${figure(x)} ${r.unit}`);
    const target = r.target ? `≥ ${r.target.atLeast} ${r.target.met ? '✓' : '✗'}` : '';
    lines.push(
      `| ${r.area} | ${r.measure} | ${cell(r.ours)} | ${cell(r.baseline)} | ${figure(r.ratio)}× | ${target} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
