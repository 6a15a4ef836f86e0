import { addressBucket, attemptKeys } from './sign-in-throttle.service';

describe('addressBucket', () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['::ffff:c000:207', '192.0.2.7'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2:0:0:0:99', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['', ''],
  ])('counts %j as %j', (address, bucket) => {
    expect(addressBucket(address)).toBe(bucket);
  });

  it('counts every address of one /64 as one client, and the next /64 as another', () => {
    const keys = ['2001:db8:5:6::1', '2001:db8:5:6:ffff::2'].map(
      (address) => attemptKeys('ada', address).pairKey,
    );
    expect(new Set(keys).size).toBe(1);
    expect(attemptKeys('ada', '2001:db8:5:7::1').pairKey).not.toBe(keys[0]);
  });
});

describe('attemptKeys', () => {
  it('names the pair by address and user name, without case or surrounding spaces', () => {
    expect(attemptKeys('  Ada ', '192.0.2.7')).toEqual({
      pairKey: 'pair:192.0.2.7/ada',
      addressKey: 'ip:192.0.2.7',
    });
  });

  it('fits the longest user name and address in the key column', () => {
    const keys = attemptKeys('x'.repeat(100), 'ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255');
    expect(keys.pairKey.length).toBeLessThanOrEqual(200);
    expect(keys.pairKey.endsWith('x'.repeat(100))).toBe(true);
  });
});
