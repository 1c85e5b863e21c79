import js from '@eslint/js'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import react from 'eslint-plugin-react'
import reactHooks from 'eslint-plugin-react-hooks'
import i18next from 'eslint-plugin-i18next'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const noTests = { group: ['#tests/*', '../tests/*'], message: 'Do not import test files in app files' }

// Layers point down (docs/architecture.md, "Layers"): each folder of app/ names the folders it must
// not import from. Client-safe layers never import a `.server` module. Tests are not a layer.
const LAYERS = {
  components: { below: ['routes', 'models'], clientSafe: true },
  forms: { below: ['routes', 'components', 'models'], clientSafe: true },
  models: { below: ['routes', 'components'] },
  // domain is pure: plain utils (formatting, ISO names) yes, nothing with I/O
  domain: { below: ['routes', 'components', 'forms', 'models'], clientSafe: true },
  // utils may name a domain type (the signed-in user's role), never call domain code
  utils: { below: ['routes', 'components', 'forms', 'models'], typesFrom: ['domain'] },
}

const layerImport = (layer) => `^(#app/|(\\.\\./)+)${layer}/`

function layerRules() {
  const rules = Object.entries(LAYERS).map(([layer, { below, clientSafe, typesFrom = [] }]) => ({
    files: [`app/${layer}/**/*.{ts,tsx}`],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noTests,
            ...below.map((other) => ({
              regex: layerImport(other),
              message: `Layers point down: app/${layer} must not import from app/${other} (docs/architecture.md, "Layers").`,
            })),
            ...typesFrom.map((other) => ({
              regex: layerImport(other),
              allowTypeImports: true,
              message: `app/${layer} may import only types from app/${other} (docs/architecture.md, "Layers").`,
            })),
            ...(clientSafe ? [serverOnly(`app/${layer} is client-safe`)] : []),
          ],
        },
      ],
    },
  }))
  // Plain utils are client-safe too; only *.server.ts may use the server-only ones.
  rules.push({
    files: ['app/utils/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}', '**/*.server.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noTests,
            ...LAYERS.utils.below.map((other) => ({
              regex: layerImport(other),
              message: `Layers point down: app/utils must not import from app/${other} (docs/architecture.md, "Layers").`,
            })),
            { regex: layerImport('domain'), allowTypeImports: true, message: 'app/utils may import only types from app/domain (docs/architecture.md, "Layers").' },
            serverOnly('a plain app/utils module is client-safe'),
          ],
        },
      ],
    },
  })
  // Routes are thin: the database is reached through app/models, never the Prisma client itself.
  rules.push({
    files: ['app/routes/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [noTests],
          paths: [{ name: '#app/utils/db.server.ts', importNames: ['prisma'], message: 'Routes reach the database through app/models (docs/architecture.md, "Layers").' }],
        },
      ],
    },
  })
  return rules
}

function serverOnly(why) {
  return { regex: '\\.server(\\.tsx?)?$', message: `${why}: it must not import a .server module (docs/architecture.md, "Layers").` }
}

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
      'no-restricted-imports': ['error', { patterns: [noTests] }],
    },
  },
  ...layerRules(),
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
