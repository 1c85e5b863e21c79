import { describe, expect, test } from 'vitest'
import { parseEnv } from '#app/utils/env.server.ts'
import { bodyLimitFor, DOCUMENT_MAX_BYTES_DEFAULT, DOCUMENT_MAX_FILES_DEFAULT, MAX_BODY_BYTES_DEFAULT } from './body-limits.js'

describe('request body limits', () => {
  test('the server and the app agree on the defaults', () => {
    const env = parseEnv({})
    expect(env.MAX_BODY_BYTES).toBe(MAX_BODY_BYTES_DEFAULT)
    expect(env.DOCUMENT_MAX_BYTES).toBe(DOCUMENT_MAX_BYTES_DEFAULT)
    expect(env.DOCUMENT_MAX_FILES).toBe(DOCUMENT_MAX_FILES_DEFAULT)
  })

  test('only a POST to the upload route gets the larger limit', () => {
    const upload = 5 * 20_000_000 + 1024 * 1024
    expect(bodyLimitFor('POST', '/cases/abc/documents', {})).toBe(upload)
    expect(bodyLimitFor('POST', '/cases/abc/documents/', {})).toBe(upload)
    expect(bodyLimitFor('POST', '/cases/abc/documents.data', {})).toBe(upload)
    expect(bodyLimitFor('POST', '/cases/abc/documents.database', {})).toBe(MAX_BODY_BYTES_DEFAULT)
    expect(bodyLimitFor('POST', '/cases/abc/documents/doc1', {})).toBe(MAX_BODY_BYTES_DEFAULT)
    expect(bodyLimitFor('POST', '/cases/abc/contacts/new', {})).toBe(MAX_BODY_BYTES_DEFAULT)
    expect(bodyLimitFor('GET', '/cases/abc/documents', {})).toBe(MAX_BODY_BYTES_DEFAULT)
  })

  test('follows the settings', () => {
    expect(bodyLimitFor('POST', '/cases/abc/documents', { DOCUMENT_MAX_BYTES: '1000000', DOCUMENT_MAX_FILES: '2', MAX_BODY_BYTES: '1024' })).toBe(2_000_000 + 1024 * 1024)
    expect(bodyLimitFor('POST', '/login', { MAX_BODY_BYTES: '4096' })).toBe(4096)
  })
})
