// Where the phone desk finds the dealer: the shared one-box DealerSearch (src/renderer/app/dealers). A
// suspended dealer shows, marked, and cannot be picked here ("cannot be ordered for"). `/` focuses it.
import type { Ref } from 'react';
import type { DealerSearchRow } from '../../../shared/api/features/dealers';
import { DealerSearch } from '../../app/dealers/DealerSearch';

export type PickedDealer = Pick<DealerSearchRow, 'id' | 'code' | 'name' | 'status'>;

export function DealerPicker({ inputRef, onPick }: { inputRef: Ref<HTMLInputElement>; onPick: (dealer: PickedDealer) => void }) {
  return <DealerSearch onPick={onPick} suspendedRefusal="cannot be ordered for" slashToFocus inputRef={inputRef} />;
}
