/**
 * Per-node progress of a bed: on a TTY a live table redrawn in place (role, address, phase, since,
 * last message); otherwise one plain line whenever a node changes phase.
 */
import type { NodeStatusObject } from '../../bed/status';

/** The status table as lines (also `testbed bed status`). */
export function statusTable(statuses: readonly NodeStatusObject[], now = Date.now()): string[] {
  const rows = [...statuses]
    .sort((a, b) => a.node.localeCompare(b.node, 'en', { numeric: true }))
    .map((s) => [
      s.node,
      s.address,
      s.phase,
      `${Math.max(0, Math.round((now - Date.parse(s.since)) / 1000))} s`,
      s.message.split('\n')[0]?.slice(0, 70) ?? '',
    ]);
  const header = ['node', 'address', 'phase', 'since', 'message'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** Follows statuses and prints them to `stream`. */
export function bedProgress(stream: NodeJS.WriteStream): {
  update(statuses: readonly NodeStatusObject[]): void;
  done(): void;
} {
  const seen = new Map<string, string>();
  let drawn = 0;
  return {
    update(statuses) {
      if (stream.isTTY) {
        const lines = statusTable(statuses);
        if (drawn) stream.write(`\x1b[${drawn}A`);
        for (const l of lines) stream.write(`\x1b[2K${l}\n`);
        drawn = lines.length;
        return;
      }
      for (const s of statuses) {
        const key = `${s.phase}:${s.message}`;
        if (seen.get(s.node) === key) continue;
        seen.set(s.node, key);
        stream.write(`${s.node} ${s.address} ${s.phase}: ${s.message.split('\n')[0] ?? ''}\n`);
      }
    },
    done() {
      drawn = 0;
    },
  };
}
