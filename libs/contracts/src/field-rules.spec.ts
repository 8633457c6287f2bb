import {
  EXECUTION_ID_MAX_LENGTH,
  isExecutionId,
  isModuleName,
  isSemanticVersion,
  VERSION_MAX_LENGTH,
} from './field-rules.js';

describe('field rules', () => {
  describe('execution id', () => {
    it('takes the ids the system generates', () => {
      expect(isExecutionId('0b1e9a3c-7d2f-5e44-9a61-2f3c8d5b7e10')).toBe(true);
      expect(isExecutionId('exec_1-A')).toBe(true);
    });

    it('takes 1 to 128 characters and no more', () => {
      expect(EXECUTION_ID_MAX_LENGTH).toBe(128);
      expect(isExecutionId('a')).toBe(true);
      expect(isExecutionId('a'.repeat(128))).toBe(true);
      expect(isExecutionId('a'.repeat(129))).toBe(false);
      expect(isExecutionId('')).toBe(false);
    });

    it.each(['a b', 'a/b', 'a.b', 'a:b', 'ü'])('refuses %j', (id) => {
      expect(isExecutionId(id)).toBe(false);
    });

    it('refuses what is not a string', () => {
      expect(isExecutionId(42)).toBe(false);
      expect(isExecutionId(undefined)).toBe(false);
    });
  });

  describe('module name', () => {
    it('takes 1 to 64 lowercase letters, digits or dashes', () => {
      expect(isModuleName('payment-processor-2')).toBe(true);
      expect(isModuleName('a'.repeat(64))).toBe(true);
      expect(isModuleName('a'.repeat(65))).toBe(false);
      expect(isModuleName('')).toBe(false);
    });

    it.each(['Payment', 'pay_ment', 'pay ment', 'pay.ment'])('refuses %j', (name) => {
      expect(isModuleName(name)).toBe(false);
    });
  });

  describe('semantic version', () => {
    it.each(['0.0.0', '2.1.0', '1.0.0-beta.1', '1.0.0-0', '1.0.0-rc.10+build.5', '1.0.0+20260101'])(
      'takes %j',
      (version) => {
        expect(isSemanticVersion(version)).toBe(true);
      },
    );

    it.each([
      '1.0',
      '1',
      'v1.0.0',
      '01.0.0',
      '1.0.0-',
      '1.0.0-01',
      '1.0.0+',
      '1.0.0-beta.01',
      'latest',
    ])('refuses %j, as the deployment rules do', (version) => {
      expect(isSemanticVersion(version)).toBe(false);
    });

    it('takes at most 128 characters', () => {
      expect(VERSION_MAX_LENGTH).toBe(128);
      const longest = `1.0.0-${'a'.repeat(122)}`;
      expect(longest).toHaveLength(128);
      expect(isSemanticVersion(longest)).toBe(true);
      expect(isSemanticVersion(`${longest}a`)).toBe(false);
    });
  });
});
