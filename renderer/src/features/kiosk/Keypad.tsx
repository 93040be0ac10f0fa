import { Button, SimpleGrid } from '@mantine/core';

/**
 * A touch keypad for the kiosk's inputs. Its buttons never take the focus (the input keeps
 * it, so that a scanner's keystrokes still land there) and are not in the tab order: a
 * keyboard types into the input directly.
 */
export function Keypad({ keys, onKey, onBackspace, onClear, label }: { keys: string[]; onKey(k: string): void; onBackspace(): void; onClear(): void; label: string }) {
  const keep = (e: { preventDefault(): void }) => e.preventDefault();
  const button = (text: string, onClick: () => void, color?: string) => (
    <Button key={text} size="xl" h={76} fz={32} variant={color ? 'light' : 'default'} color={color} tabIndex={-1} onMouseDown={keep} onClick={onClick}>
      {text}
    </Button>
  );
  return (
    <SimpleGrid cols={3} spacing="sm" role="group" aria-label={label} w={420}>
      {keys.map((k) => button(k, () => onKey(k)))}
      {button('退格', onBackspace, 'gray')}
      {button('清除', onClear, 'red')}
    </SimpleGrid>
  );
}
