// The stand-in's storage: objects by key, indexed by namespace so that per-namespace lists and
// namespace deletion stay cheap with tens of thousands of objects (the 1,000-deployment bench).

export class ObjectStore<T extends { readonly namespace?: string }> {
  private readonly byKey = new Map<string, T>();
  private readonly byNamespace = new Map<string, Map<string, T>>();

  get(key: string): T | undefined {
    return this.byKey.get(key);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  set(key: string, value: T): void {
    this.byKey.set(key, value);
    const namespace = value.namespace ?? "";
    let index = this.byNamespace.get(namespace);
    if (!index) {
      index = new Map();
      this.byNamespace.set(namespace, index);
    }
    index.set(key, value);
  }

  delete(key: string): void {
    const value = this.byKey.get(key);
    if (!value) return;
    this.byKey.delete(key);
    this.byNamespace.get(value.namespace ?? "")?.delete(key);
  }

  values(): IterableIterator<T> {
    return this.byKey.values();
  }

  /** Objects in a namespace; `undefined` means cluster-scoped objects. */
  inNamespace(namespace: string | undefined): T[] {
    return [...(this.byNamespace.get(namespace ?? "")?.values() ?? [])];
  }

  deleteNamespaceContents(namespace: string): void {
    for (const key of this.byNamespace.get(namespace)?.keys() ?? []) this.byKey.delete(key);
    this.byNamespace.delete(namespace);
  }
}
