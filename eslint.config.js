import js from '@eslint/js'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import react from 'eslint-plugin-react'
import reactHooks from 'eslint-plugin-react-hooks'
import i18next from 'eslint-plugin-i18next'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: ['node_modules', 'build', 'public/build', 'app/generated', 'test-results', 'playwright-report', 'data'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    plugins: { react, 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y, i18next },
    settings: { react: { version: 'detect' } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs['jsx-runtime'].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.configs.recommended.rules,
      'react/prop-types': 'off',
      // Text the user sees comes from the locale files (CONVENTIONS.md rule 9).
      // A scrolling table container is a named region that keyboard users must be able to scroll.
      'jsx-a11y/no-noninteractive-tabindex': ['error', { tags: [], roles: ['tabpanel', 'region'] }],
      'i18next/no-literal-string': ['error', { mode: 'jsx-text-only', 'should-validate-template': true }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['#tests/*', '../tests/*'], message: 'Do not import test files in app files' }] },
      ],
    },
  },
  {
    // Browser tests wait for states within a time budget that scales with the machine
    // (docs/architecture.md, "Tests"; decision 037).
    files: ['tests/e2e/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@playwright/test',
              importNames: ['test', 'expect'],
              message: "Import { test, expect } from './fixtures.ts': its tests get a time budget that scales with the machine.",
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='waitForTimeout']",
          message: 'Wait for a state (an expect, waitForURL, waitForResponse), never for a time.',
        },
        {
          selector: "CallExpression[callee.object.name='test'][callee.property.name='setTimeout']",
          message: "A fixed budget does not scale with the machine: use test.slow() or extendBudget(quietMs) from './budget.ts'.",
        },
      ],
    },
  },
)
