/** How much the researcher tools and `list add` take at once. Plain numbers: the options page checks them before sending. */

/** More lines than this are refused (the rest of the input is reported, not read). */
export const MAX_BULK_LINES = 50_000;
/** An input longer than this (in characters) is refused as a whole. */
export const MAX_BULK_CHARS = 10 * 1024 * 1024;
