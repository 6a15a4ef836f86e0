import { OneAtATime } from './one-at-a-time';

describe('OneAtATime', () => {
  it('starts each piece once the one before has settled, failed or not, in order', async () => {
    const queue = new OneAtATime();
    const events: string[] = [];
    let releaseFirst = () => {};
    const first = queue.run(
      () =>
        new Promise<void>((resolve, reject) => {
          events.push('first started');
          releaseFirst = () => reject(new Error('first failed'));
        }),
    );
    const second = queue.run(() => {
      events.push('second started');
      return Promise.resolve('second');
    });
    await Promise.resolve();
    expect(queue.busy).toBe(true);
    expect(events).toEqual(['first started']);

    releaseFirst();
    await expect(first).rejects.toThrow('first failed');
    await expect(second).resolves.toBe('second');
    expect(events).toEqual(['first started', 'second started']);
    expect(queue.busy).toBe(false);
  });
});
