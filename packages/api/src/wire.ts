// Kubernetes objects keep fields podscope does not model through an index signature (`[k: string]: unknown`).
// tRPC infers what a client receives by mapping the output type through JSON (its `Serialize`), and for a type
// with an index signature that mapping keeps only the required keys: a client would see `metadata` without
// `name`. Procedures that return Kubernetes objects declare them as `Wire<T>` — the same value, typed by its
// named fields only — so clients infer precise types from the router instead of restating them.

/** Keys written out in T's declaration, without those of its index signatures. */
type NamedKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : symbol extends K ? never : K]: 0 };

/**
 * T with the index signatures of its object types dropped, at every depth. Records (a type that is nothing but an
 * index signature, such as labels or a ResourceList) are kept: there the index signature is the whole type.
 */
export type Wire<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? [NamedKeys<T>] extends [never]
        ? { [K in keyof T]: Wire<T[K]> }
        : { [K in keyof T as string extends K ? never : number extends K ? never : symbol extends K ? never : K]: Wire<T[K]> }
      : T;
