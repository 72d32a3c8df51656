/**
 * The project's schema library: zod/mini, zod 4's functional API (`z.optional(x)`,
 * `z.string().check(z.maxLength(9))`), whose unused parts a bundler drops; classic zod's methods
 * keep the whole library in background.js (issue #15). Every schema module imports `z` from here,
 * never from 'zod' or 'zod/mini' directly.
 *
 * zod/mini loads no locale of its own (its messages would be a bare "Invalid input"); this sets
 * zod's English messages, word for word those of classic zod, which the project shows (policy and
 * lexicon errors, list and report problems).
 */
import { en } from 'zod/locales';
import { z } from 'zod/mini';

z.config(en());

export { z };
