// A profile: the plugins of one scheduler name, in order, with the weight of each scorer.
import type { Plugin } from './plugin.js';

export interface ProfileEntry {
  plugin: Plugin;
  /** Multiplies the plugin's normalized score (default 1). */
  weight?: number;
}

export interface ScorePluginEntry {
  plugin: Plugin;
  weight: number;
}

export class Profile {
  readonly plugins: readonly Plugin[];
  readonly preFilterPlugins: readonly Plugin[];
  readonly filterPlugins: readonly Plugin[];
  readonly preScorePlugins: readonly Plugin[];
  readonly scorePlugins: readonly ScorePluginEntry[];
  readonly reservePlugins: readonly Plugin[];
  readonly bindPlugins: readonly Plugin[];

  constructor(
    readonly schedulerName: string,
    entries: readonly ProfileEntry[],
  ) {
    const names = new Set<string>();
    for (const { plugin } of entries) {
      if (names.has(plugin.name)) throw new Error(`profile ${schedulerName}: plugin ${plugin.name} is registered twice`);
      names.add(plugin.name);
    }
    this.plugins = entries.map((entry) => entry.plugin);
    this.preFilterPlugins = this.plugins.filter((p) => p.preFilter !== undefined);
    this.filterPlugins = this.plugins.filter((p) => p.filter !== undefined);
    this.preScorePlugins = this.plugins.filter((p) => p.preScore !== undefined);
    this.scorePlugins = entries.filter((e) => e.plugin.score !== undefined).map((e) => ({ plugin: e.plugin, weight: e.weight ?? 1 }));
    this.reservePlugins = this.plugins.filter((p) => p.reserve !== undefined);
    this.bindPlugins = this.plugins.filter((p) => p.bind !== undefined);
    if (this.bindPlugins.length === 0) throw new Error(`profile ${schedulerName}: no bind plugin`);
  }

  plugin(name: string): Plugin | undefined {
    return this.plugins.find((p) => p.name === name);
  }
}
