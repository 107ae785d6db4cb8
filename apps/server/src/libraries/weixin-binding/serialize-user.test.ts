import type { UserInstance } from '../../store/models';
import { serializeUser } from './serialize-user';

const user = (fields: Partial<UserInstance>) =>
  ({
    id: '6f1c1f0e-0c1a-4c5e-9d3e-1f2a3b4c5d6e',
    name: 'PeckZeg892',
    avatar: 'http://images.example.com/a.png',
    gender: 'secret',
    createdAt: new Date(1498889273883),
    ...fields,
  }) as UserInstance;

describe('serializeUser', () => {
  it("gives the document's User model, times in milliseconds", () => {
    expect(serializeUser(user({}), { unionid: 'okGoa1', openid: 'osRutw7' })).toEqual({
      _id: '6f1c1f0e-0c1a-4c5e-9d3e-1f2a3b4c5d6e',
      registerAt: 1498889273883,
      createAt: 1498889273883,
      thirdParty: { weixin: { unionid: 'okGoa1', openid: 'osRutw7' } },
      avatar: 'http://images.example.com/a.png',
      gender: 'secret',
      name: 'PeckZeg892',
    });
  });

  it('leaves weixin out while none is bound, and empty fields as empty strings', () => {
    expect(serializeUser(user({ name: null, avatar: null, gender: 'female' }))).toMatchObject({
      thirdParty: {},
      avatar: '',
      name: '',
      gender: 'female',
    });
  });
});
