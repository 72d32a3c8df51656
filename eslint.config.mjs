// Lint rules that guard what the type checker cannot: promises nobody waits for or handles.
// Run by `npm test` (tests/architecture/lint.test.ts) and `npx eslint .`.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'tests/architecture/planted/**',
      '.output/**',
      '.wxt/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'tmp-eval/**',
      'coverage/**',
      '**/*.mjs',
      '**/*.cjs',
      '**/*.js',
    ],
  },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
);
