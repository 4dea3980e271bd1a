/**
 * Captures what a test logs: everything written to stdout or stderr (the logger writes to the
 * stream directly) and to `console` (which vitest intercepts before the streams; in Lambda its
 * output lands in the same log). Start in `beforeEach`, stop in `afterEach`.
 */
import { type MockInstance, vi } from 'vitest';

export function captureLogs() {
  let spies: MockInstance[] = [];
  let streams: MockInstance[] = [];
  let consoles: MockInstance[] = [];
  return {
    start(): void {
      streams = [
        vi.spyOn(process.stdout, 'write').mockImplementation(() => true),
        vi.spyOn(process.stderr, 'write').mockImplementation(() => true),
      ];
      consoles = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
        vi.spyOn(console, method).mockImplementation(() => undefined),
      );
      spies = [...streams, ...consoles];
    },
    stop(): void {
      for (const spy of spies) spy.mockRestore();
      spies = [];
    },
    /** The non-empty lines logged since `start`. */
    lines(): string[] {
      return [
        ...streams.flatMap((spy) => spy.mock.calls.map((call) => String(call[0]))),
        ...consoles.flatMap((spy) => spy.mock.calls.map((call) => `${call.map(String).join(' ')}\n`)),
      ]
        .join('')
        .split('\n')
        .filter((line) => line.trim().length > 0);
    },
  };
}
