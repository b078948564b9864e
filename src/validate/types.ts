/** One way a document does not match its schema. */
export interface SchemaError {
  /** The file the document came from, when it came from a file. */
  readonly file?: string;
  /** Position of the document in its file (or in the list given), counting from 0. */
  readonly document: number;
  /** `Kind/namespace/name` of the object, as far as it has them. */
  readonly object: string;
  /** JSON pointer to the offending value, such as `/spec/l7LogsFlushInterval`; `""` is the whole document. */
  readonly path: string;
  /** What was expected, and what was found. */
  readonly message: string;
  /** Line of the offending field in the file (from 1), for documents read from a file. */
  readonly line?: number;
  /** Column of the offending field in the file (from 1). */
  readonly column?: number;
}

export interface ValidateOptions {
  /** Named in every error, for documents read from a file. */
  readonly file?: string;
  /**
   * CustomResourceDefinition documents (as `kubectl get crd NAME -o yaml` writes them, or `List`s of
   * them) whose `openAPIV3Schema` checks the custom resources; they win over the CRDs the package ships.
   * @default - none: the CRDs the package ships
   */
  readonly crds?: readonly unknown[];
  /**
   * The Calico Enterprise release the objects are for, such as "3.23": its Calico kinds
   * (FelixConfiguration, ApplicationLayer, LogStorage, LogCollector, Istio) are checked against the
   * CRDs that release installs, and a kind it lacks is an error.
   * @default - none: a Calico kind needs its CRD in `crds`
   */
  readonly calicoVersion?: string;
}

/** A problem at a path inside one object, before the file and document are known. */
export interface Finding {
  readonly path: string;
  readonly message: string;
}

/** Checks one object (a plain mapping) against one schema. */
export type ObjectCheck = (object: Readonly<Record<string, unknown>>) => Finding[];
