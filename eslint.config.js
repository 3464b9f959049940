// ESLint flat config: type-aware rules for the TypeScript under src/ and test/ (each file is
// checked with the nearest tsconfig.json), the JavaScript recommended rules for the plain .js/.mjs
// scripts (bench/, test helpers, fixture makers), which no tsconfig covers. Formatting is Prettier's.
import js from '@eslint/js';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // what .gitignore keeps out (ESLint does not read it), and the goldens
  { ignores: ['dist/', 'node_modules/', 'src/native/sockdiag/build/', 'test/golden/', 'tmp/'] },
  {
    // the stand-ins under test/fixtures-bin/<os>/ are node scripts without an extension: named here
    files: ['**/*.{js,mjs}', 'test/fixtures-bin/{darwin,windows}/{chcp,netsh,netstat,reg,sysctl}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.{ts,mts}'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // as tsc's noUnused* checks have it: a leading _ marks a name kept on purpose, and a
      // property destructured only to leave it out of ...rest is used
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
);
