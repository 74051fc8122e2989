import { describe, expect, it } from 'vitest';
import { crc32 } from 'node:zlib';
import { base62, passesIbanMod97, passesLuhn, passesPrefixedCrc32, shannonEntropy } from './checksums.js';

describe('checksums', () => {
  it('Luhn accepts valid card numbers and rejects a changed digit', () => {
    expect(passesLuhn('4539148803436467')).toBe(true);
    expect(passesLuhn('4539148803436468')).toBe(false);
    expect(passesLuhn('79927398713')).toBe(true);
    expect(passesLuhn('')).toBe(false);
  });

  it('mod-97 accepts published IBANs and rejects wrong check digits', () => {
    expect(passesIbanMod97('DE89370400440532013000')).toBe(true);
    expect(passesIbanMod97('GB82WEST12345698765432')).toBe(true);
    expect(passesIbanMod97('DE88370400440532013000')).toBe(false);
  });

  it('encodes CRC32 in base62 as GitHub and npm token checksums do (external test vector)', () => {
    // Vector from a public scanner's test suite: 31 zeros → "4WZ4EQ".
    expect(base62(crc32('0'.repeat(31)) >>> 0, 6)).toBe('4WZ4EQ');
  });

  it('verifies the checksum of a 40-character prefixed token', () => {
    const body = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5';
    const token = `ghp_${body}${base62(crc32(body) >>> 0, 6)}`;
    expect(passesPrefixedCrc32(token)).toBe(true);
    expect(passesPrefixedCrc32(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBe(false);
    expect(passesPrefixedCrc32('ghp_short')).toBe(false);
  });

  it('measures entropy per character', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });
});
