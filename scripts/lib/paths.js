import path from 'node:path'
import { root } from './root.js'

export const dataDir = path.join(root, 'data')
export const defaultDatabaseUrl = `file:${path.join(dataDir, 'wegbegleiter.db')}`
