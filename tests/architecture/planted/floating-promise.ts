/**
 * A planted lint violation (kept out of the normal lint by eslint.config.mjs): tests/architecture
 * lint.test.ts lints this file on its own and expects the floating promise to be reported.
 */
async function save(): Promise<void> {}

export function onClick(): void {
  save();
}
