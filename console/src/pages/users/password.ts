const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const SYMBOLS = '-_.!#%+';

/**
 * A strong random password (about 110 bits) for an admin to hand over once: four groups of
 * five letters and digits joined by symbols, easy to read aloud, well above any zxcvbn policy.
 */
export function generatePassword(): string {
  const random = new Uint32Array(24);
  crypto.getRandomValues(random);
  const pick = (set: string, n: number) => set[n % set.length] as string;
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let part = '';
    for (let i = 0; i < 5; i++) part += pick(ALPHABET, random[g * 5 + i] as number);
    groups.push(part);
  }
  return groups.map((part, i) => (i < 3 ? part + pick(SYMBOLS, random[20 + i] as number) : part)).join('');
}
