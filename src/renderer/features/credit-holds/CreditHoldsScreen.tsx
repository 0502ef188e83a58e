// Scaffolding for issue 8: the owner replaces this placeholder with the screen.
import type { ScreenDef } from '../../app/screens';
import { PlannedScreen } from '../planned/PlannedScreen';

export function CreditHoldsScreen({ screen }: { screen: ScreenDef }) {
  return <PlannedScreen screen={screen} />;
}
