// Where the phone desk finds the dealer: the shared one-box DealerSearch (src/renderer/app/dealers), which a
// suspended dealer cannot be picked from here ("cannot be ordered for"). `/` focuses it.
// TEMPORARY: the shared DealerSearch is being built on branch shared-search-export; until it is merged this
// shows a disabled box under the same name, and drafts are opened from the tabs.
import { TextInput } from '@mantine/core';
import type { Ref } from 'react';

export interface PickedDealer {
  id: string;
  code: string;
  name: string;
  status: 'active' | 'suspended';
}

export function DealerPicker({ inputRef }: { inputRef: Ref<HTMLInputElement>; onPick: (dealer: PickedDealer) => void }) {
  return <TextInput ref={inputRef} label="Dealer" disabled placeholder="The shared dealer search is not merged yet" />;
}
