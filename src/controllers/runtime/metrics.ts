// A small Prometheus registry: counters, gauges and histograms with labels, rendered in the text
// exposition format (version 0.0.4).
type Labels = Record<string, string>;

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  render(): string[];
}

export class MetricsRegistry {
  private readonly families = new Map<string, Family>();

  counter(name: string, help: string): Counter {
    return this.register(name, () => new Counter(name, help));
  }

  gauge(name: string, help: string): Gauge {
    return this.register(name, () => new Gauge(name, help));
  }

  histogram(name: string, help: string, buckets: number[] = defaultBuckets): Histogram {
    return this.register(name, () => new Histogram(name, help, buckets));
  }

  /** The text exposition format, families sorted by name. */
  render(): string {
    const lines: string[] = [];
    for (const family of [...this.families.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`, ...family.render());
    }
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }

  private register<F extends Family>(name: string, create: () => F): F {
    const existing = this.families.get(name);
    if (existing !== undefined) {
      const created = create();
      if (existing.type !== created.type) throw new Error(`metric ${name} is already registered as a ${existing.type}`);
      return existing as F;
    }
    const family = create();
    this.families.set(name, family);
    return family;
  }
}

/** Prometheus client defaults, in seconds. */
export const defaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Counter implements Family {
  readonly type = 'counter' as const;
  private readonly values = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    if (by < 0) throw new Error(`counter ${this.name} cannot decrease`);
    const entry = entryFor(this.values, labels, () => ({ labels, value: 0 }));
    entry.value += by;
  }

  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels))?.value ?? 0;
  }

  /** The series for fixed labels, for hot paths (no label lookup per increment). */
  child(labels: Labels): { inc(by?: number): void } {
    const entry = entryFor(this.values, labels, () => ({ labels, value: 0 }));
    return {
      inc: (by = 1) => {
        if (by < 0) throw new Error(`counter ${this.name} cannot decrease`);
        entry.value += by;
      },
    };
  }

  render(): string[] {
    return [...this.values.values()].map((entry) => `${this.name}${formatLabels(entry.labels)} ${formatNumber(entry.value)}`);
  }
}

export class Gauge implements Family {
  readonly type = 'gauge' as const;
  private readonly values = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  set(labels: Labels, value: number): void {
    entryFor(this.values, labels, () => ({ labels, value: 0 })).value = value;
  }

  /** The series for fixed labels, for hot paths. */
  child(labels: Labels): { set(value: number): void } {
    const entry = entryFor(this.values, labels, () => ({ labels, value: 0 }));
    return {
      set: (value) => {
        entry.value = value;
      },
    };
  }

  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels))?.value ?? 0;
  }

  render(): string[] {
    return [...this.values.values()].map((entry) => `${this.name}${formatLabels(entry.labels)} ${formatNumber(entry.value)}`);
  }
}

export class Histogram implements Family {
  readonly type = 'histogram' as const;
  private readonly values = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: number[],
  ) {}

  observe(labels: Labels, value: number): void {
    this.child(labels).observe(value);
  }

  /** The series for fixed labels, for hot paths. */
  child(labels: Labels): { observe(value: number): void } {
    const entry = entryFor(this.values, labels, () => ({ labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    const buckets = this.buckets;
    return {
      observe: (value) => {
        for (let index = 0; index < buckets.length; index++) if (value <= buckets[index]) entry.counts[index] += 1;
        entry.sum += value;
        entry.count += 1;
      },
    };
  }

  count(labels: Labels = {}): number {
    return this.values.get(labelKey(labels))?.count ?? 0;
  }

  render(): string[] {
    const lines: string[] = [];
    for (const entry of this.values.values()) {
      this.buckets.forEach((bound, index) => {
        lines.push(`${this.name}_bucket${formatLabels({ ...entry.labels, le: formatNumber(bound) })} ${entry.counts[index]}`);
      });
      lines.push(`${this.name}_bucket${formatLabels({ ...entry.labels, le: '+Inf' })} ${entry.count}`);
      lines.push(`${this.name}_sum${formatLabels(entry.labels)} ${formatNumber(entry.sum)}`);
      lines.push(`${this.name}_count${formatLabels(entry.labels)} ${entry.count}`);
    }
    return lines;
  }
}

function entryFor<E>(values: Map<string, E>, labels: Labels, create: () => E): E {
  const key = labelKey(labels);
  let entry = values.get(key);
  if (entry === undefined) {
    entry = create();
    values.set(key, entry);
  }
  return entry;
}

// On every queue add and reconcile: plain code-unit ordering and string concatenation, since
// JSON.stringify with a localeCompare sort showed up at ~9% of CPU in bench:density.
function labelKey(labels: Labels): string {
  const names = Object.keys(labels);
  if (names.length > 1) names.sort();
  let key = '';
  for (const name of names) key += `${name}\u0000${labels[name]}\u0001`;
  return key;
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([name, value]) => `${name}="${value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`).join(',')}}`;
}

function formatNumber(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (Number.isNaN(value)) return 'NaN';
  return String(value);
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
