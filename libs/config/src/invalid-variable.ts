/** One environment variable that is missing or has a value HotSwap cannot use. */
export class InvalidVariable extends Error {
  constructor(
    readonly variable: string,
    /** What is wrong and what is allowed, as a sentence that follows the variable's name. */
    readonly problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = 'InvalidVariable';
  }
}
