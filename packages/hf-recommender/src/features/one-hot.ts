import { CsrMatrix } from "@lab/linalg";
import type { ModelRecord } from "../data/record.js";
import { compareCodePoints } from "../data/strings.js";

/** The seed's minimal model: these four metadata fields, one column per value. */
export const ONE_HOT_FIELDS = ["pipeline_tag", "architectures", "model_type", "library_name"] as const;
export type OneHotField = (typeof ONE_HOT_FIELDS)[number];

export interface OneHotFeatures {
  /** Binary rows: model i has a 1 in the column of each of its values. */
  readonly matrix: CsrMatrix;
  /** Column names as pandas.get_dummies writes them: `<field>_<value>`, fields in the order above, values sorted. */
  readonly columns: readonly string[];
}

function valuesOf(record: ModelRecord, field: OneHotField): readonly string[] {
  switch (field) {
    case "pipeline_tag":
      return record.pipelineTag === null ? [] : [record.pipelineTag];
    case "architectures":
      return record.architectures;
    case "model_type":
      return record.modelType === null ? [] : [record.modelType];
    case "library_name":
      return record.libraryName === null ? [] : [record.libraryName];
  }
}

/**
 * One-hot (multi-hot for architectures) encoding of pipeline tag, architectures, model type and
 * library. Two choices differ from the seed's `pd.get_dummies` on its stringified columns, which
 * gave 1,007 columns on its file: a missing value gets no column (the seed's `str(NaN)` made a
 * "nan" architecture that 2,624 models shared), and each architecture of a list is its own column
 * (the seed made the whole list text one category). On the seed's file this gives 1,004 columns.
 */
export function oneHotFeatures(records: readonly ModelRecord[]): OneHotFeatures {
  const columns: string[] = [];
  const columnOf = new Map<string, number>();
  for (const field of ONE_HOT_FIELDS) {
    const values = new Set<string>();
    for (const record of records) for (const value of valuesOf(record, field)) values.add(value);
    for (const value of [...values].sort(compareCodePoints)) {
      columnOf.set(`${field}\u0000${value}`, columns.length);
      columns.push(`${field}_${value}`);
    }
  }
  const sets = records.map((record) =>
    ONE_HOT_FIELDS.flatMap((field) =>
      valuesOf(record, field).map((value) => columnOf.get(`${field}\u0000${value}`)!),
    ),
  );
  return { matrix: CsrMatrix.fromRowSets(sets, columns.length), columns };
}
