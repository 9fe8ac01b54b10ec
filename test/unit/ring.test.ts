import { ringProblems, type PeerState, type RingView } from '../../services';

const a = '127.0.10.1';
const b = '127.0.10.2';
const observers = [`${a}:9042`, `${b}:9042`];

function view(entries: Record<string, Record<string, PeerState>>): RingView {
  return new Map(Object.entries(entries).map(([o, peers]) => [o, new Map(Object.entries(peers))]));
}

const upNormal: PeerState = { status: 'NORMAL', up: true };

describe('ringProblems', () => {
  it('is empty when every node sees every node Up/Normal', () => {
    const v = view({
      [observers[0]!]: { [a]: upNormal, [b]: upNormal },
      [observers[1]!]: { [a]: upNormal, [b]: upNormal },
    });
    expect(ringProblems(v, [a, b], observers)).toEqual([]);
  });

  it('names a peer whose heartbeat stopped, a joining peer, an unknown peer and a silent observer', () => {
    const v = view({
      [observers[0]!]: { [a]: upNormal, [b]: { status: 'NORMAL', up: false } },
      [observers[1]!]: {},
    });
    expect(ringProblems(v, [a, b], observers)).toEqual([
      `${a} sees ${b} Down/NORMAL`,
      `${b} does not answer`,
    ]);
    const joining = view({ [observers[0]!]: { [a]: upNormal, [b]: { status: 'BOOT', up: true } } });
    expect(ringProblems(joining, [a, b], [observers[0]!])).toEqual([`${a} sees ${b} Up/BOOT`]);
    const unknown = view({ [observers[0]!]: { [a]: upNormal } });
    expect(ringProblems(unknown, [a, b], [observers[0]!])).toEqual([`${a} does not know ${b}`]);
  });
});
