/**
 * How easy a password is to guess, estimated by zxcvbn (the `@zxcvbn-ts` port) against its
 * common-password, English and keyboard-pattern dictionaries plus the user's own data.
 */
export interface PasswordStrength {
  /** 0 (too guessable) … 4 (very unguessable). */
  score: number;
  /** Why it is weak, in a sentence, when zxcvbn can say. */
  warning: string | null;
  suggestions: string[];
}

export interface PasswordStrengthEstimator {
  estimate(password: string, userInputs: string[]): Promise<PasswordStrength>;
}

/**
 * Only the first characters are estimated: zxcvbn's cost grows faster than linearly with the
 * length (a random 64-character string takes ~1 s with the library's defaults), and a password
 * whose first 32 characters are hard to guess is hard to guess (cutting errs on the strict side).
 */
const ESTIMATED_LENGTH = 32;
/**
 * Caps the l33t-speak variants tried. zxcvbn-ts defaults to 100, which costs ~400 ms on a
 * random 32-character password; with 3 it is ~15 ms and still scores `P@ssw0rd!`, `p4$$w0rd`,
 * `@dm1n1str4t0r`, `5up3rm4n`, `$unsh1n3` exactly as the default does (0-1).
 */
const L33T_MAX_SUBSTITUTIONS = 3;

type Check = (password: string, userInputs: string[]) => PasswordStrength;

// The dictionaries cost ~55 MB of RSS (~25 MB of heap) and 0.3-0.5 s to load and rank. They
// are immutable data, so one copy per process serves every directory service; it is loaded on
// the first estimate, so a process that never checks a new password never pays for it.
let shared: Promise<Check> | undefined;

async function load(): Promise<Check> {
  const [{ ZxcvbnFactory }, common, en] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]);
  const zxcvbn = new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
    maxLength: ESTIMATED_LENGTH,
    l33tMaxSubstitutions: L33T_MAX_SUBSTITUTIONS,
  });
  return (password, userInputs) => {
    const result = zxcvbn.check(password, userInputs);
    return {
      score: result.score,
      warning: result.feedback.warning || null,
      suggestions: result.feedback.suggestions,
    };
  };
}

/** The zxcvbn estimator; its dictionaries load once per process, on first use. */
export function createZxcvbnEstimator(): PasswordStrengthEstimator {
  return {
    async estimate(password, userInputs) {
      shared ??= load().catch((error: unknown) => {
        shared = undefined;
        throw error;
      });
      return (await shared)(password, userInputs);
    },
  };
}
