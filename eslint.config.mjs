// Lint with typescript-eslint's type-checked rules over the package, its tests, examples and tools.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['lib/**', 'dist/**', 'node_modules/**', '.tmp-*/**', 'test/fixtures/**', 'eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Unused bindings are the compiler's job (noUnusedLocals); a leading underscore marks a deliberate one.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // node:test runs the promises of test() and describe() itself.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'before', 'after'] }] },
      ],
    },
  },
  {
    // The core is framework-free: it renders plain objects for every adapter and never reaches for one.
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/cdk8s', '**/cdk8s/**', '**/pulumi', '**/pulumi/**', '**/validate', '**/validate/**', '**/cli', '**/cli-size'], message: 'src/core imports neither the adapters nor the validator.' },
            { group: ['cdk8s', 'cdk8s-plus-*', 'constructs', '@pulumi/*'], message: 'src/core is framework-free.' },
          ],
        },
      ],
    },
  },
  {
    // Tests read loosely typed YAML and mocks on purpose.
    files: ['test/**', 'bench/**'],
    rules: {
      // The benchmark loads each library inside the timed region on purpose, and its cases share one async signature.
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
