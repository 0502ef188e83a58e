// Scaffolding for issue 11: the owner replaces this placeholder with the screen.
import type { ScreenDef } from '../../app/screens';
import { PlannedScreen } from '../planned/PlannedScreen';

export function DashboardsScreen({ screen }: { screen: ScreenDef }) {
  return <PlannedScreen screen={screen} />;
}
