// A set of field paths stored as a tree, as upstream's fieldpath.Set: at each level the elements that
// are members themselves, and the elements under which deeper members live.
import { comparePathElements, pathElementKey, type FieldPath, type PathElement } from './path-element.js';

interface ChildNode {
  readonly element: PathElement;
  readonly set: FieldSet;
}

export class FieldSet {
  private readonly memberMap = new Map<string, PathElement>();
  private readonly childMap = new Map<string, ChildNode>();

  static of(paths: Iterable<FieldPath>): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  /** Adds a path (mutates; sets are built this way and then treated as values). */
  insert(path: FieldPath): this {
    if (path.length === 0) return this;
    let current: FieldSet = this;
    for (let index = 0; index < path.length - 1; index += 1) current = current.childOrCreate(path[index]);
    const last = path[path.length - 1];
    current.memberMap.set(pathElementKey(last), last);
    return this;
  }

  /** Adds an element as a member of this level. */
  insertMember(element: PathElement): this {
    this.memberMap.set(pathElementKey(element), element);
    return this;
  }

  childOrCreate(element: PathElement): FieldSet {
    const key = pathElementKey(element);
    let node = this.childMap.get(key);
    if (node === undefined) {
      node = { element, set: new FieldSet() };
      this.childMap.set(key, node);
    }
    return node.set;
  }

  has(path: FieldPath): boolean {
    if (path.length === 0) return false;
    let current: FieldSet | undefined = this;
    for (let index = 0; index < path.length - 1 && current !== undefined; index += 1) current = current.child(path[index]);
    return current?.hasMember(path[path.length - 1]) ?? false;
  }

  hasMember(element: PathElement): boolean {
    return this.memberMap.has(pathElementKey(element));
  }

  /** The paths below `element` (upstream's WithPrefix), or undefined when there are none. */
  child(element: PathElement): FieldSet | undefined {
    return this.childMap.get(pathElementKey(element))?.set;
  }

  isEmpty(): boolean {
    if (this.memberMap.size > 0) return false;
    for (const node of this.childMap.values()) if (!node.set.isEmpty()) return false;
    return true;
  }

  /** Members of this level in upstream's order. */
  members(): PathElement[] {
    return [...this.memberMap.values()].sort(comparePathElements);
  }

  /** Non-empty children of this level in upstream's order. */
  children(): Array<{ element: PathElement; set: FieldSet }> {
    return [...this.childMap.values()].filter((node) => !node.set.isEmpty()).sort((left, right) => comparePathElements(left.element, right.element));
  }

  /** Members of this level, in no particular order. */
  unorderedMembers(): IterableIterator<PathElement> {
    return this.memberMap.values();
  }

  /** Children of this level (empty ones included), in no particular order. */
  unorderedChildren(): IterableIterator<{ readonly element: PathElement; readonly set: FieldSet }> {
    return this.childMap.values();
  }

  /** Every path, members of a level before its children (upstream's Set.Iterate order). */
  paths(prefix: FieldPath = []): FieldPath[] {
    const result: FieldPath[] = this.members().map((element) => [...prefix, element]);
    for (const { element, set } of this.children()) result.push(...set.paths([...prefix, element]));
    return result;
  }

  get size(): number {
    let count = this.memberMap.size;
    for (const node of this.childMap.values()) count += node.set.size;
    return count;
  }

  union(other: FieldSet): FieldSet {
    const result = this.copy();
    result.addAll(other);
    return result;
  }

  /**
   * The union, as union, but sharing (not copying) the parts only one side has, and returning a
   * side itself when the other is empty: for sets treated as values.
   */
  merged(other: FieldSet): FieldSet {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    const result = this.shallowCopy();
    for (const [key, element] of other.memberMap) result.memberMap.set(key, element);
    for (const [key, node] of other.childMap) {
      const mine = result.childMap.get(key);
      result.childMap.set(key, mine === undefined ? node : { element: mine.element, set: mine.set.merged(node.set) });
    }
    return result;
  }

  difference(other: FieldSet): FieldSet {
    const result = new FieldSet();
    for (const [key, element] of this.memberMap) if (!other.memberMap.has(key)) result.memberMap.set(key, element);
    for (const [key, node] of this.childMap) {
      const otherChild = other.childMap.get(key);
      const remaining = otherChild === undefined ? node.set.copy() : node.set.difference(otherChild.set);
      if (!remaining.isEmpty()) result.childMap.set(key, { element: node.element, set: remaining });
    }
    return result;
  }

  /**
   * This set without the paths of `other`, as difference, but `this` itself when they share no
   * path and untouched children shared, not copied: for sets treated as values (managers' sets).
   */
  without(other: FieldSet): FieldSet {
    if (other.memberMap.size === 0 && other.childMap.size === 0) return this;
    let result: FieldSet | undefined;
    for (const key of this.memberMap.keys()) {
      if (!other.memberMap.has(key)) continue;
      result ??= this.shallowCopy();
      result.memberMap.delete(key);
    }
    for (const [key, node] of this.childMap) {
      const otherChild = other.childMap.get(key);
      if (otherChild === undefined) continue;
      const remaining = node.set.without(otherChild.set);
      if (remaining === node.set) continue;
      result ??= this.shallowCopy();
      if (remaining.isEmpty()) result.childMap.delete(key);
      else result.childMap.set(key, { element: node.element, set: remaining });
    }
    if (result === undefined) return this;
    // Children left empty by `other` are dropped, as difference drops them.
    for (const [key, node] of result.childMap) if (node.set.isEmpty()) result.childMap.delete(key);
    return result;
  }

  /** Whether every path of `other` is in this set. */
  containsAll(other: FieldSet): boolean {
    for (const key of other.memberMap.keys()) if (!this.memberMap.has(key)) return false;
    for (const [key, node] of other.childMap) {
      const mine = this.childMap.get(key);
      if (mine === undefined ? !node.set.isEmpty() : !mine.set.containsAll(node.set)) return false;
    }
    return true;
  }

  private shallowCopy(): FieldSet {
    const result = new FieldSet();
    for (const [key, element] of this.memberMap) result.memberMap.set(key, element);
    for (const [key, node] of this.childMap) result.childMap.set(key, node);
    return result;
  }

  /** Like difference, but also drops everything below the other set's members (upstream's RecursiveDifference). */
  recursiveDifference(other: FieldSet): FieldSet {
    const result = new FieldSet();
    for (const [key, element] of this.memberMap) if (!other.memberMap.has(key)) result.memberMap.set(key, element);
    for (const [key, node] of this.childMap) {
      if (other.memberMap.has(key)) continue;
      const otherChild = other.childMap.get(key);
      const remaining = otherChild === undefined ? node.set.copy() : node.set.recursiveDifference(otherChild.set);
      if (!remaining.isEmpty()) result.childMap.set(key, { element: node.element, set: remaining });
    }
    return result;
  }

  intersection(other: FieldSet): FieldSet {
    const result = new FieldSet();
    for (const [key, element] of this.memberMap) if (other.memberMap.has(key)) result.memberMap.set(key, element);
    for (const [key, node] of this.childMap) {
      const otherChild = other.childMap.get(key);
      if (otherChild === undefined) continue;
      const common = node.set.intersection(otherChild.set);
      if (!common.isEmpty()) result.childMap.set(key, { element: node.element, set: common });
    }
    return result;
  }

  equals(other: FieldSet): boolean {
    return this.difference(other).isEmpty() && other.difference(this).isEmpty();
  }

  copy(): FieldSet {
    const result = new FieldSet();
    result.addAll(this);
    return result;
  }

  /** Adds every path of `other` (mutates). */
  addAll(other: FieldSet): void {
    for (const [key, element] of other.memberMap) this.memberMap.set(key, element);
    for (const node of other.childMap.values()) this.childOrCreate(node.element).addAll(node.set);
  }
}
