/** `rxradar list validate FILE...`: schema and lint of list files (list-files.ts), every problem with its line. */
import { FEED_FORMAT } from '../../core/lists/list-feed';
import { type KnownPharmacy } from '../../core/lists/list-schema';
import { InputError } from '../scan-batch';
import { lintList, parseJsonFile, readTextFile } from '../list-files';

export interface ListValidateResult {
  file: string;
  ok: boolean;
  entries: number;
  errors: string[];
  warnings: string[];
}

/** Schema and lint of one list file. File problems are errors too; never throws for bad input. */
export async function listValidate(file: string, opts: { knownPharmacies?: readonly (string | KnownPharmacy)[] } = {}): Promise<ListValidateResult> {
  let text: string;
  let value: unknown;
  try {
    text = await readTextFile(file);
    value = parseJsonFile(text, file);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { file, ok: false, entries: 0, errors: [err.message], warnings: [] };
  }
  if ((value as { format?: unknown } | null)?.format === FEED_FORMAT) {
    return { file, ok: false, entries: 0, errors: [`${file}: is a signed feed, not a list file (the list is inside its payload)`], warnings: [] };
  }
  const lint = lintList(value, { label: file, text, knownPharmacies: opts.knownPharmacies });
  return { file, ok: lint.errors.length === 0, entries: lint.entries, errors: lint.errors.map((e) => e.message), warnings: lint.warnings };
}
