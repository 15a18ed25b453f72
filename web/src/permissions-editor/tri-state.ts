// The three states of a node in a role's permission tree (spec §2.3: unassigned < granted < denied).

export type TriState = 'unassigned' | 'granted' | 'denied';

/** Cycle order of the state button: unassigned → granted → denied → unassigned. */
export function nextTriState(state: TriState): TriState {
  return state === 'unassigned' ? 'granted' : state === 'granted' ? 'denied' : 'unassigned';
}

export function previousTriState(state: TriState): TriState {
  return state === 'unassigned' ? 'denied' : state === 'denied' ? 'granted' : 'unassigned';
}

/** Keyboard shortcuts on a node: g = grant, d = deny, u / Delete / Backspace = unassign. */
export function triStateForKey(key: string): TriState | null {
  switch (key.toLowerCase()) {
    case 'g':
      return 'granted';
    case 'd':
      return 'denied';
    case 'u':
    case 'delete':
    case 'backspace':
      return 'unassigned';
    default:
      return null;
  }
}

export function triStateLabel(state: TriState): string {
  return state === 'granted' ? 'Granted' : state === 'denied' ? 'Denied' : 'Unassigned';
}
