import { testConfig } from '../../test/support/test-context';
import { startupWarnings } from './startup-warnings';

describe('startupWarnings', () => {
  it('has nothing to say about the defaults', () => {
    expect(startupWarnings(testConfig())).toEqual([]);
  });

  it('says when production logs verification mail instead of sending it', () => {
    expect(startupWarnings({ ...testConfig(), nodeEnv: 'production' })).toContain(
      'SMTP_URL is unset: verification mail is logged, not sent',
    );
  });
});
