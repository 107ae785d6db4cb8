import { withQuery } from './redirect-uri';

describe('withQuery', () => {
  it('starts a query string when there is none', () => {
    expect(withQuery('https://a.example/cb', { code: 'c1', state: 's 1' })).toBe(
      'https://a.example/cb?code=c1&state=s+1',
    );
  });

  it('keeps the existing query', () => {
    expect(withQuery('https://a.example/cb?from=x', { code: 'c1' })).toBe(
      'https://a.example/cb?from=x&code=c1',
    );
    expect(withQuery('https://a.example/cb?', { code: 'c1' })).toBe('https://a.example/cb?code=c1');
  });

  it('puts the parameters before a fragment, where the server can see them', () => {
    expect(withQuery('https://a.example/app#/bind?x=1', { code: 'c1', state: 's' })).toBe(
      'https://a.example/app?code=c1&state=s#/bind?x=1',
    );
  });

  it('leaves out parameters that are undefined', () => {
    expect(withQuery('https://a.example/cb', { state: undefined })).toBe('https://a.example/cb');
  });
});
