// Keyboard navigation: "g" then a letter (g o = Orders, ...), and Alt+1..7, ignored while typing in a field.
import { useEffect } from 'react';
import { screens, type ScreenDef } from './screens';

const sequenceWindowMs = 1200;

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useGoShortcuts(visible: readonly ScreenDef[], go: (screen: ScreenDef) => void): void {
  useEffect(() => {
    let pendingG = 0;
    function onKeyDown(event: KeyboardEvent): void {
      if (event.defaultPrevented || isTypingTarget(event.target)) return;
      if (event.altKey && !event.ctrlKey && !event.metaKey && /^Digit[1-9]$/.test(event.code)) {
        const target = screens[Number(event.code.slice(5)) - 1];
        if (target && visible.includes(target)) {
          event.preventDefault();
          go(target);
        }
        return;
      }
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const key = event.key.toLowerCase();
      if (pendingG && Date.now() - pendingG < sequenceWindowMs) {
        pendingG = 0;
        const target = visible.find((screen) => screen.goKey === key);
        if (target) {
          event.preventDefault();
          go(target);
        }
        return;
      }
      pendingG = key === 'g' ? Date.now() : 0;
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [visible, go]);
}
