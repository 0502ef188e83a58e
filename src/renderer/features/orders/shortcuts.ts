// The order queues' keys: one list that the Orders screen handles and the command palette shows.
export interface OrderQueueShortcut {
  id: string;
  label: string;
  keys: readonly string[];
}

export const orderQueueShortcuts: readonly OrderQueueShortcut[] = [
  { id: 'down', label: 'Next order', keys: ['j', '↓'] },
  { id: 'up', label: 'Previous order', keys: ['k', '↑'] },
  { id: 'open', label: 'Open the order (reconciliation, timeline)', keys: ['Enter'] },
  { id: 'close', label: 'Close the order', keys: ['Esc'] },
  { id: 'select', label: 'Select or unselect the order', keys: ['x'] },
  { id: 'range', label: 'Select a range of orders', keys: ['Shift + click'] },
  { id: 'all', label: 'Select every order in the view', keys: ['Ctrl + A'] },
  { id: 'search', label: 'Search orders', keys: ['/'] },
  { id: 'page', label: 'Page up / down, first / last order', keys: ['PgUp', 'PgDn', 'Home', 'End'] },
];
