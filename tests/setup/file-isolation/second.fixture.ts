import { leaveStateBehind } from './leave-state-behind.ts'

leaveStateBehind('second')
